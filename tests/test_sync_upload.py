"""A standalone desk with months of billing behind it uploads its data as an empty property's initial state (the
server writes pages in bulk: executemany on SQLite, COPY on PostgreSQL), on SQLite and PostgreSQL: the server then
holds exactly the desk's rows, a second desk bootstraps to them, an interrupted upload is simply made again, and a
page holding another property's rows is refused whole."""

import shutil
import sqlite3
import uuid

import pytest
from sqlalchemy import func, select

import app.ops.demo_billing as demo_billing
from app.core.ids import new_id
from app.ops.demo import generate_demo
from app.ops.desk import open_desk
from app.server.devices import issue_enrollment_code
from app.store.billing_models import Charge, PrepaidEntry
from app.store.db import reading
from app.store.models import Building, Clerk
from app.store.replication import row_to_json, synced_tables
from app.store.sync_models import ServerProperty, SyncState
from app.sync.api import ServerApi, SyncError
from app.sync.enroll import enroll
from app.sync.initial import upload
from app.sync.upload_pages import json_pages, upload_order
from tests.push_support import Site
from tests.server_support import field_key_of, headers, synced_rows
from tests.sync_support import SERVER_URL, FaultyTransport, enroll_with_data, sync_fixtures

pg_template_url, sqlite_template, server, _sqlite_server = sync_fixtures()

PAGE = 50  # small pages: a late fee and its charge, a reversal and its entry, land in different pages


@pytest.fixture(scope="module")
def billing_demo(tmp_path_factory):
    """Thirty units, ten with six months of the cashier's history: late fees on their charges, voids and refunds
    with prepaid reversals, printed receipts."""
    data_dir = tmp_path_factory.mktemp("upload-demo") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_billing, "HISTORY_UNITS", 10)
        generate_demo(data_dir, units=30, seed=11)
    return data_dir


@pytest.fixture
def standalone(billing_demo, tmp_path):
    target = tmp_path / "standalone"
    target.mkdir()
    with sqlite3.connect(billing_demo / "frontdesk.sqlite") as src, \
            sqlite3.connect(target / "frontdesk.sqlite") as dst:
        src.backup(dst)
    shutil.copytree(billing_demo / "keys", target / "keys")
    desk = open_desk(target)
    with reading(desk.engine) as session:
        desk.admin = _actor(session.scalar(select(Clerk).where(Clerk.username == "admin")))
    yield desk
    desk.close()


def _actor(clerk):
    from app.ops.clerks import actor_of

    return actor_of(clerk)


def _server_rows(server) -> dict[str, list[dict]]:
    return synced_rows(server.engine)


def _upload_in_pages(desk, net, page_size: int = PAGE):
    """Enroll with the data, the first attempt cut off at its first page, then upload in small pages."""
    net.inject("drop_request", "/v1/upload")
    with pytest.raises(SyncError):
        enroll_with_data(net.server, desk, net)
    with reading(desk.engine) as session:
        state = session.scalar(select(SyncState))
        device_id = desk.device().device_id
    assert not state.bootstrapped
    with ServerApi(SERVER_URL, state.token, transport=net) as api:
        return upload(desk.engine, api, device_id, page_size=page_size)


def test_the_pages_are_the_rows_as_row_to_json_makes_them(standalone):
    with reading(standalone.engine) as session:
        connection = session.connection()
        for table in upload_order():
            (pk,) = table.primary_key.columns
            expected = {row[pk.key]: row_to_json(table, row) for row in session.execute(select(table)).mappings()}
            pages = list(json_pages(connection, table, 7))
            got = [row for page in pages for row in page]
            assert all(len(page) <= 7 for page in pages)
            assert {row[pk.key]: row for row in got} == {str(key): row for key, row in expected.items()}, table.name
            assert all(list(row) == [c.key for c in table.columns] for row in got)
        late_fees = [row for page in json_pages(connection, Charge.__table__, 7) for row in page]
    first_child = next(i for i, row in enumerate(late_fees) if row["parent_id"] is not None)
    assert first_child > 0 and all(row["parent_id"] is not None for row in late_fees[first_child:])


def test_a_desk_with_months_of_billing_uploads_and_a_second_desk_bootstraps_the_same_rows(server, standalone,
                                                                                         tmp_path):
    with reading(standalone.engine) as session:  # what makes the order matter
        assert session.scalar(select(func.count()).where(Charge.parent_id.is_not(None))) > PAGE
        assert session.scalar(select(func.count()).where(PrepaidEntry.reverses_id.is_not(None))) > 0
    server.property("CHHY", "翠湖花园")
    net = FaultyTransport(server)
    summary = _upload_in_pages(standalone, net)

    desk_rows = synced_rows(standalone.engine)
    assert summary.counts == {name: len(rows) for name, rows in desk_rows.items()}
    assert summary.rows == sum(summary.counts.values())
    assert _server_rows(server) == desk_rows  # the bulk path stores what the ORM would have
    with reading(server.engine) as session:
        held = session.scalars(select(ServerProperty)).one()
    assert held.initialized and held.upload_device_id is None and held.change_seq == 0

    second = open_desk(tmp_path / "second")
    try:
        enroll(second, SERVER_URL, issue_enrollment_code(server.engine, "CHHY").code, transport=net)
        assert synced_rows(second.engine) == desk_rows
    finally:
        second.close()


class _CutAt(FaultyTransport):
    """Delivers the given upload page but loses its answer (the desk sees a timeout)."""

    def __init__(self, server, page: int):
        super().__init__(server)
        self.countdown = page

    def handle_request(self, request):
        if request.url.path == "/v1/upload":
            self.countdown -= 1
            if self.countdown == 0:
                self.inject("drop_response", "/v1/upload")
        return super().handle_request(request)


def test_an_upload_cut_off_after_some_pages_is_made_again_and_ends_with_the_same_rows(server, standalone):
    server.property("CHHY", "翠湖花园")
    net = _CutAt(server, 7)
    net.inject("drop_request", "/v1/upload")  # the first attempt is cut off at once: enrolled, nothing sent
    with pytest.raises(SyncError):
        enroll_with_data(server, standalone, net)
    with reading(standalone.engine) as session:
        token, device_id = session.scalar(select(SyncState.token)), standalone.device().device_id
    with ServerApi(SERVER_URL, token, transport=net) as api:
        with pytest.raises(SyncError):  # the 7th page is written, its answer lost
            upload(standalone.engine, api, device_id, page_size=PAGE)
        with reading(server.engine) as session:
            assert session.scalar(select(func.count()).select_from(Building)) > 0
            assert not session.scalars(select(ServerProperty)).one().initialized  # nobody sees half of it
        upload(standalone.engine, api, device_id, page_size=PAGE)  # again from the start: sent pages replaced
    assert _server_rows(server) == synced_rows(standalone.engine)


def _page(server, enrolled: dict, table: str, rows: list[dict]):
    return server.client.post("/v1/upload", headers=headers(enrolled["token"]), json={
        "device_id": enrolled["device_id"], "protocol": 1, "table": table, "rows": rows})


def test_a_page_with_another_propertys_rows_is_refused_whole(server, desk, admin):
    other = Site(server, "LJY")  # another property on the server, with a payment
    shift = other.desk.open_shift()
    paid = other.desk.payment(shift, f"LJY-{other.desk.terminal}-2026-000001")
    assert other.push([paid])["results"][0]["status"] == "applied"
    with reading(server.engine) as session:
        other_admin = session.get(Clerk, other.admin_id)
        other_admin_row = row_to_json(Clerk.__table__, other_admin)

    server.property("CHHY", "翠湖花园", admin=None)
    enrolled = server.enroll("CHHY", has_data=True, field_key=field_key_of(desk))
    mine = uuid.UUID(enrolled["property"]["id"])

    refusals = {
        "building": [_building(mine), _building(other.property_id)],  # a row naming the other property
        "clerk": [{**other_admin_row, "property_id": str(mine)}],  # taking over the other property's row
        "payment_tender": [{"id": str(new_id()), "payment_id": paid[1]["payment_id"], "position": 0,
                            "method": "cash", "amount_fen": 1, "given_fen": 1, "change_fen": 0,
                            "reference": ""}],  # a line under the other property's payment
        "document_print": [{"id": str(new_id()), "kind": "receipt", "document_id": paid[1]["payment_id"],
                            "layout": "", "reprint_no": 0, "archive_name": "", "sha256": "",
                            "printed_by": str(other.admin_id), "printed_at": "2026-11-27T01:00:00+00:00",
                            "op_id": str(new_id())}],  # printed by the other property's clerk
    }
    for table, rows in refusals.items():
        answer = _page(server, enrolled, table, rows)
        assert answer.status_code == 403 and "其他小区" in answer.json()["message"], (table, answer.text)
    with reading(server.engine) as session:
        assert session.scalar(select(func.count()).select_from(Building).where(Building.property_id == mine)) == 0
        assert session.get(Clerk, other.admin_id).property_id == other.property_id
        for table in ("payment_tender", "document_print"):
            sent = [uuid.UUID(row["id"]) for row in refusals[table]]
            assert session.scalar(select(func.count()).where(_table(table).c.id.in_(sent))) == 0, table


def _building(property_id) -> dict:
    return {"id": str(new_id()), "property_id": str(property_id), "code": "9", "name": "", "version": 1}


def test_a_malformed_or_orphan_page_is_refused_with_its_reason(server, desk):
    server.property("CHHY", "翠湖花园", admin=None)
    enrolled = server.enroll("CHHY", has_data=True, field_key=field_key_of(desk))
    mine = enrolled["property"]["id"]
    note = {"id": str(new_id()), "property_id": mine, "unit_id": str(new_id()), "text": "x",
            "author_id": str(new_id()), "archived_at": None, "version": 1, "created_at": "昨天"}
    for table, rows in (("building", [_building("不是编号")]), ("unit_note", [note])):
        answer = _page(server, enrolled, table, rows)
        assert answer.status_code == 400 and answer.json()["code"] == "invalid", (table, answer.text)
    orphan = _page(server, enrolled, "unit_note", [{**note, "created_at": "2026-11-27T01:00:00+00:00"}])
    assert orphan.status_code == 409 and orphan.json()["code"] == "conflict"  # its unit is not there
    assert _page(server, enrolled, "building", [_building(mine)]).status_code == 204


def _table(name: str):
    return next(t for t in synced_tables() if t.name == name)


def test_the_upload_order_puts_parents_first_and_rows_scoped_by_a_plain_column_last():
    order = [t.name for t in upload_order()]
    assert sorted(order) == sorted(t.name for t in synced_tables())
    assert order[0] == "property" and set(order[-2:]) == {"conflict", "document_print"}
    for table in upload_order():
        for fk in table.foreign_keys:
            if fk.column.table is not table:
                assert order.index(fk.column.table.name) < order.index(table.name), (table.name, fk.target_fullname)
