# ruff: noqa: F811  (the server fixtures are imported from tests.server_support and taken as arguments)
"""A push batch runs its ops without savepoints and does its bookkeeping once per batch; these tests hold it to
what the per-op path promised: an op that fails mid-batch rolls back alone (even after writing), a desk refusal is
still accepted into review, another property's rows are still refused, a row is logged in its final state, each op
is applied once, and the batch costs a bounded number of SQL statements."""

import uuid

import pydantic
from sqlalchemy import event, func, select
from sqlmodel import Session

from app.core.errors import ValidationError
from app.ops.billing.common import applying_on_server
from app.ops.runner import OpContext, Payload, op
from app.store.db import reading
from app.store.models import Unit, UnitNote
from app.store.sync_models import ChangeLog, OpResult, ReviewItem
from tests.push_support import Site
from tests.server_support import headers, pg_template_url, push, server, sqlite_template  # noqa: F401


class NoteIn(Payload):
    note_id: uuid.UUID
    unit_id: uuid.UUID
    text: str = pydantic.Field(min_length=1)


def _add(session: Session, p: NoteIn, ctx: OpContext) -> None:
    unit = session.get(Unit, p.unit_id)
    session.add(UnitNote(id=p.note_id, property_id=unit.property_id, unit_id=unit.id, text=p.text,
                         author_id=ctx.actor_id, created_at=p.at))


@op("test_push.half_written", 1, permission="registry.edit", payload=NoteIn)
def _half_written(session: Session, p: NoteIn, ctx: OpContext) -> None:
    _add(session, p, ctx)
    session.flush()  # the row is in the database when the op fails
    raise ValidationError("写到一半失败", "Failed half-way")


@op("test_push.desk_refuses", 1, permission="registry.edit", payload=NoteIn)
def _desk_refuses(session: Session, p: NoteIn, ctx: OpContext) -> None:
    _add(session, p, ctx)
    session.flush()
    if not applying_on_server(session):
        raise ValidationError("本机规则不允许", "The desk's rule refuses it")


def _notes(server) -> dict[str, uuid.UUID]:
    with reading(server.engine) as session:
        return dict(session.execute(select(UnitNote.text, UnitNote.id)).all())


def _log(server, property_id) -> list[tuple[int, str, uuid.UUID, uuid.UUID]]:
    with reading(server.engine) as session:
        return session.execute(select(ChangeLog.seq, ChangeLog.table_name, ChangeLog.row_id, ChangeLog.op_id)
                               .where(ChangeLog.property_id == property_id).order_by(ChangeLog.seq)).all()


def test_an_op_failing_mid_batch_rolls_back_alone_and_a_desk_refusal_is_accepted_into_review(server):
    site = Site(server, "CHHY")
    before = len(_log(server, site.property_id))
    ops = [site.note("甲"), site.note("写一半", name="test_push.half_written"), site.note("乙"),
           site.note("主管看看", name="test_push.desk_refuses"), site.note("丙")]
    sent = site.envelopes(ops)
    answer = push(server, site.enrolled, sent).json()
    assert [r["status"] for r in answer["results"]] == ["applied", "rejected", "applied", "applied", "applied"]
    assert [r["review"] for r in answer["results"]] == [False, False, False, True, False]
    assert "写到一半失败" in answer["results"][1]["error"] and answer["last_seq"] == site.seq
    notes = _notes(server)
    assert {"甲", "乙", "主管看看", "丙"} <= set(notes) and "写一半" not in notes
    with reading(server.engine) as session:
        items = session.scalars(select(ReviewItem)).all()
    assert len(items) == 1 and "本机规则不允许" in items[0].summary and str(items[0].op_id) == sent[3]["op_id"]
    log = _log(server, site.property_id)
    assert [seq for seq, *_ in log] == list(range(1, len(log) + 1))  # no holes
    logged = [(table, row_id, str(op_id)) for _seq, table, row_id, op_id in log[before:]]
    assert logged == [("unit_note", notes[text], sent[i]["op_id"])
                      for i, text in ((0, "甲"), (2, "乙"), (3, "主管看看"), (4, "丙"))]

    again = push(server, site.enrolled, sent).json()  # the answer was lost: the same batch comes again
    assert [r["status"] for r in again["results"]] == ["duplicate", "rejected", "duplicate", "duplicate", "duplicate"]
    assert len(_log(server, site.property_id)) == len(log)
    with reading(server.engine) as session:
        assert session.scalar(select(func.count()).select_from(OpResult).where(
            OpResult.op_id.in_([uuid.UUID(e["op_id"]) for e in sent]))) == len(sent)


def test_another_propertys_row_written_mid_batch_is_refused_alone(server):
    mine, theirs = Site(server, "CHHY"), Site(server, "LJY")
    their_unit = theirs.unit_ids[0]
    forged = ("registry.patch", {"entity": "unit", "row_id": str(their_unit), "base_version": 1,
                                 "changes": {"usage": {"old": None, "new": "商铺"}}})
    answer = mine.push([mine.note("前"), forged, mine.note("后")])
    assert [r["status"] for r in answer["results"]] == ["applied", "rejected", "applied"]
    assert "其他小区" in answer["results"][1]["error"]
    with reading(server.engine) as session:
        assert session.get(Unit, their_unit).usage != "商铺"
    assert {"前", "后"} <= set(_notes(server))
    assert all(row_id != their_unit for _seq, _table, row_id, _op in _log(server, mine.property_id))


def test_a_row_written_twice_in_one_batch_is_pulled_in_its_final_state(server):
    site = Site(server, "CHHY")
    cursor = len(_log(server, site.property_id))
    name, payload = site.note("原文")
    patch = ("registry.patch", {"entity": "unit_note", "row_id": payload["note_id"], "base_version": 1,
                                "changes": {"text": {"old": "原文", "new": "改后"}}})
    assert {r["status"] for r in site.push([(name, payload), patch])["results"]} == {"applied"}
    page = server.client.get("/v1/pull", headers=headers(site.enrolled["token"]), params={"after": cursor}).json()
    states = [change["row"]["text"] for change in page["changes"] if change["row_id"] == payload["note_id"]]
    assert states and states[-1] == "改后"


def test_one_op_id_twice_in_a_batch_is_refused_and_nothing_applies(server):
    site = Site(server, "CHHY")
    first, second = site.envelopes([site.note("一"), site.note("二")])
    answer = push(server, site.enrolled, [first, dict(second, op_id=first["op_id"])])
    assert answer.status_code == 409 and answer.json()["code"] == "conflict"
    assert not {"一", "二"} & set(_notes(server))


def test_a_batch_costs_about_one_statement_per_op_not_one_per_bookkeeping_step(server):
    site = Site(server, "CHHY", units=10)
    ops = [site.note(f"备注{i}", unit=i % 10) for i in range(100)]
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(server.engine, "before_cursor_execute", listener)
    try:
        assert {r["status"] for r in site.push(ops)["results"]} == {"applied"}
    finally:
        event.remove(server.engine, "before_cursor_execute", listener)
    # One INSERT per note, each unit read once, and a fixed number for the batch (lock, device, outcomes, change
    # log, op results): the per-op path took eleven per op.
    assert len(statements) <= len(ops) + 10 + 20, statements[:40]
