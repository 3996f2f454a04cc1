# ruff: noqa: F811  (the server fixtures are imported from tests.server_support and taken as arguments)
"""A push batch leaves each op's writes unflushed and sends them together (app.server.batch); these tests hold it
to the per-op path's promises: each op is logged with exactly the rows it wrote even when another op's query
flushed them, a write that fails only when flushed rolls back alone, and the rows a batch names are read once.
Also the unflushed tracking itself (app.store.replication.start_tracking(unflushed=True)) on a desk database."""

import uuid

from sqlalchemy import event, func, select
from sqlmodel import Session

from app.store.billing_models import Payment
from app.store.db import reading
from app.store.models import Unit, UnitNote
from app.store.replication import start_tracking, touched
from app.store.sync_models import ChangeLog, ReviewItem
from tests.conftest import AT, make_unit
from tests.push_support import Site, Terminal
from tests.server_support import pg_template_url, push, server, sqlite_template  # noqa: F401


def _log(server, property_id, after: int = 0) -> list[tuple[int, str, uuid.UUID, str]]:
    with reading(server.engine) as session:
        return [(seq, table, row_id, str(op_id)) for seq, table, row_id, op_id in session.execute(
            select(ChangeLog.seq, ChangeLog.table_name, ChangeLog.row_id, ChangeLog.op_id)
            .where(ChangeLog.property_id == property_id, ChangeLog.seq > after).order_by(ChangeLog.seq))]


def _patch(note_id: str, old: str, new: str) -> tuple[str, dict]:
    return "registry.patch", {"entity": "unit_note", "row_id": note_id, "base_version": 1,
                              "changes": {"text": {"old": old, "new": new}}}


def _counting(engine) -> tuple[list, object]:
    statements = []

    def listener(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", listener)
    return statements, lambda: event.remove(engine, "before_cursor_execute", listener)


def _mixed_ops(site: Site, shift_id: str, old_note: tuple[str, str]) -> list[tuple[str, dict]]:
    """Notes, patches of notes written earlier in the same batch (still unflushed when patched) and of one
    written in an earlier batch, a patch that conflicts, and payments (the first one flushes the session: a unit
    it is taken for was patched before it in the batch)."""
    first, second, third = site.note("一号"), site.note("二号", unit=1), site.note("三号", unit=2)
    with reading(site.server.engine) as session:
        usage = session.scalar(select(Unit.usage).where(Unit.id == site.unit_ids[1]))
    return [first, second,
            _patch(first[1]["note_id"], "一号", "一号改"),
            ("registry.patch", {"entity": "unit", "row_id": str(site.unit_ids[1]), "base_version": 1,
                                "changes": {"usage": {"old": usage, "new": "商铺"}}}),
            site.desk.payment(shift_id, f"{site.code}-{site.desk.terminal}-2026-000001", unit=1),
            third,
            _patch(old_note[0], old_note[1], old_note[1] + "改"),
            _patch(second[1]["note_id"], "别人改过", "二号改"),  # a concurrent edit: conflict row + review item
            site.desk.payment(shift_id, f"{site.code}-{site.desk.terminal}-2026-000002"),
            _patch(third[1]["note_id"], "三号", "三号改")]


def _logged_per_op(server, site: Site, ops: list[tuple[str, dict]], *, one_batch: bool):
    """Push the ops in one batch or one op per batch; each op's logged (table, row id) pairs."""
    cursor = _log(server, site.property_id)[-1][0]
    envelopes = site.envelopes(ops)
    batches = [envelopes] if one_batch else [[envelope] for envelope in envelopes]
    for batch in batches:
        answer = push(server, site.enrolled, batch).json()
        assert {r["status"] for r in answer["results"]} == {"applied"}, answer
    log = _log(server, site.property_id, cursor)
    assert [seq for seq, *_ in log] == list(range(cursor + 1, cursor + 1 + len(log)))  # no holes
    return [sorted((table, row_id) for _seq, table, row_id, op_id in log if op_id == envelope["op_id"])
            for envelope in envelopes], envelopes


def test_each_op_is_logged_with_the_rows_it_wrote_when_another_ops_query_flushed_them(server):
    together, apart = Site(server, "CHHY"), Site(server, "LJY")
    runs = {}
    for site in (together, apart):
        shift_id = site.desk.open_shift()
        name, old = site.note("旧备注")
        site.push([(name, old)])
        ops = _mixed_ops(site, shift_id, (old["note_id"], "旧备注"))
        runs[site.code] = (ops, *_logged_per_op(server, site, ops, one_batch=site is together))
    ops, logged, envelopes = runs["CHHY"]
    _apart_ops, logged_apart, _ = runs["LJY"]
    # The same tables per op as when each op ran (and flushed) alone …
    assert [[table for table, _id in rows] for rows in logged] == [[table for table, _id in rows]
                                                                    for rows in logged_apart]
    # … and the very rows: a note or a patch logs its own row (a conflicting patch its conflict row too).
    for (name, payload), rows in zip(ops, logged, strict=True):
        if name == "registry.add_note":
            assert rows == [("unit_note", uuid.UUID(payload["note_id"]))]
        elif name == "registry.patch":
            assert (payload["entity"], uuid.UUID(payload["row_id"])) in rows
    assert [table for table, _id in logged[7]] == ["conflict", "unit_note"]
    with reading(server.engine) as session:
        texts = dict(session.execute(select(UnitNote.id, UnitNote.text)
                                     .where(UnitNote.property_id == together.property_id)).all())
        reviews = session.scalars(select(ReviewItem).where(ReviewItem.property_id == together.property_id)).all()
    assert {texts[uuid.UUID(ops[i][1]["note_id"])] for i in (0, 1, 5)} == {"一号改", "二号改", "三号改"}
    assert [str(item.op_id) for item in reviews] == [envelopes[7]["op_id"]]


def test_a_write_that_fails_only_when_flushed_rolls_back_alone(server):
    site = Site(server, "CHHY")
    taken = site.note("先有的")
    site.push([taken])
    again = site.note("同一编号")
    again[1]["note_id"] = taken[1]["note_id"]  # its INSERT fails, but only when the batch's writes are flushed
    cursor = _log(server, site.property_id)[-1][0]
    sent = site.envelopes([site.note("前一"), site.note("前二"), again, site.note("后")])
    answer = push(server, site.enrolled, sent).json()
    assert [r["status"] for r in answer["results"]] == ["applied", "applied", "rejected", "applied"]
    assert "数据冲突" in answer["results"][2]["error"]
    with reading(server.engine) as session:
        texts = set(session.scalars(select(UnitNote.text)))
    assert {"前一", "前二", "后", "先有的"} <= texts and "同一编号" not in texts
    log = _log(server, site.property_id, cursor)
    assert [seq for seq, *_ in log] == list(range(cursor + 1, cursor + 4))
    assert [op_id for *_rest, op_id in log] == [sent[i]["op_id"] for i in (0, 1, 3)]


def test_a_batch_sends_its_notes_together_and_reads_the_rows_it_names_once(server):
    site = Site(server, "CHHY", units=10)
    notes = [site.note(f"备注{i}", unit=i % 10) for i in range(60)]
    statements, stop = _counting(server.engine)
    try:
        assert {r["status"] for r in site.push(notes)["results"]} == {"applied"}
    finally:
        stop()
    # The units in one query and the notes in one INSERT, plus the batch's fixed bookkeeping: not one per note.
    assert len(statements) <= 20, statements
    patches = [_patch(payload["note_id"], f"备注{i}", f"备注{i}（已处理）") for i, (_n, payload) in enumerate(notes)]
    statements, stop = _counting(server.engine)
    try:
        assert {r["status"] for r in site.push(patches)["results"]} == {"applied"}
    finally:
        stop()
    assert len(statements) <= 20, statements  # the 60 notes read in one query, updated in one executemany
    with reading(server.engine) as session:
        assert set(session.scalars(select(UnitNote.text))) == {f"备注{i}（已处理）" for i in range(60)}


def test_payments_between_notes_leave_the_notes_for_one_insert(server):
    """A payment sends earlier ops' unflushed writes only when it could need them (a shift, a unit, a charge): the
    batch's notes go in one INSERT at its end, not one flush per payment — and a payment in the same batch as the
    shift it is taken in still applies in one pass (no op re-run guarded)."""
    site = Site(server, "CHHY", units=10)
    shift_id = site.desk.open_shift()
    ops = []
    for i in range(12):
        ops += [site.note(f"备注{i}", unit=i % 10),
                site.desk.payment(shift_id, f"CHHY-{site.desk.terminal}-2026-{i + 1:06d}", unit=i % 10)]
    statements, stop = _counting(server.engine)
    try:
        assert {r["status"] for r in site.push(ops)["results"]} == {"applied"}
    finally:
        stop()
    assert sum(s.startswith("INSERT INTO unit_note") for s in statements) == 1, statements
    other = Terminal(site)  # a desk whose cashier has no open shift: it opens one in the batch it pays in
    new_shift = str(uuid.uuid4())
    opened = ("billing.open_shift", {"shift_id": new_shift, "property_id": str(site.property_id),
                                     "terminal_code": other.terminal})
    statements, stop = _counting(server.engine)
    try:
        answer = other.push([site.note("开班前"), opened,
                             other.payment(new_shift, f"CHHY-{other.terminal}-2026-000100")])
    finally:
        stop()
    assert [r["status"] for r in answer["results"]] == ["applied"] * 3
    assert not any(s.startswith("SAVEPOINT") for s in statements), "\n".join(s[:100] for s in statements)
    with reading(server.engine) as session:
        assert session.scalar(select(Payment.shift_id).where(Payment.receipt_no.endswith("000100"))) == \
            uuid.UUID(new_shift)


# --- the unflushed tracking on its own ------------------------------------------------------------------------

def _note(unit_id: uuid.UUID, property_id: uuid.UUID, text: str) -> UnitNote:
    return UnitNote(id=uuid.uuid4(), property_id=property_id, unit_id=unit_id, text=text, author_id=uuid.uuid4(),
                    created_at=AT)


def test_unflushed_tracking_tells_each_op_what_it_wrote_whenever_the_flush_comes(desk, admin):
    unit_id = make_unit(desk, admin)
    with Session(desk.engine) as session:
        start_tracking(session, unflushed=True)  # op 1: adds a note and leaves it unflushed
        first = _note(unit_id, desk.property_id, "一")
        session.add(first)
        assert touched(session) == {("unit_note", first.id)}

        start_tracking(session, unflushed=True)  # op 2: a query flushes op 1's note; op 2 wrote nothing
        assert session.scalar(select(UnitNote.text).where(UnitNote.id == first.id)) == "一"
        assert touched(session) == set()

        start_tracking(session, unflushed=True)  # op 3: changes the note, adds another, no flush
        first.text = "一改"
        second = _note(unit_id, desk.property_id, "二")
        session.add(second)
        assert touched(session) == {("unit_note", first.id), ("unit_note", second.id)}

        start_tracking(session, unflushed=True)  # op 4: sets a value the row already has, then flushes
        first.text = "一改"
        session.flush()
        assert touched(session) == set()

        start_tracking(session)  # the flushed way (the desk's runner) still works as before
        second.text = "二改"
        session.flush()
        assert touched(session) == {("unit_note", second.id)}
        session.rollback()


def test_a_batchs_payments_are_sent_together_and_read_as_if_inserted_at_once(server):
    """The server holds the rows of a batch's payments and sends them together (app.store.held_inserts), yet an op
    later in the batch that reads a payment (an invoice asked for) finds it, and a payment whose rows clash only
    when sent rolls back alone."""
    site = Site(server, "CHHY", units=4)
    shift_id = site.desk.open_shift()
    number = iter(range(1, 100))
    payments = [site.desk.payment(shift_id, f"CHHY-{site.desk.terminal}-2026-{next(number):06d}", unit=i % 4)
                for i in range(8)]
    invoice = ("billing.request_invoice", {"payment_ids": [payments[2][1]["payment_id"]], "invoice_title": "某公司"})
    statements, stop = _counting(server.engine)
    try:
        answer = site.push(payments[:4] + [invoice] + payments[4:])
    finally:
        stop()
    assert {r["status"] for r in answer["results"]} == {"applied"}, answer
    # (COPY on PostgreSQL is not seen here; an executemany is one statement)
    for table in ("payment", "payment_line", "payment_tender", "prepaid_entry"):
        assert sum(s.startswith(f"INSERT INTO {table} ") for s in statements) <= 2, table  # before the read, after
    with reading(server.engine) as session:
        asked = session.scalar(select(Payment.invoice_title).where(Payment.id == uuid.UUID(invoice[1]["payment_ids"][0])))
        stored = session.scalar(select(func.count()).select_from(Payment).where(Payment.shift_id == uuid.UUID(shift_id)))
    assert asked == "某公司" and stored == 8

    first = site.desk.payment(shift_id, f"CHHY-{site.desk.terminal}-2026-{next(number):06d}")
    again = site.desk.payment(shift_id, f"CHHY-{site.desk.terminal}-2026-{next(number):06d}", unit=1)
    again[1]["payment_id"] = first[1]["payment_id"]  # its INSERT fails, but only when the held rows are sent
    answer = site.push([first, site.note("之间"), again, site.note("之后")])
    assert [r["status"] for r in answer["results"]] == ["applied", "applied", "rejected", "applied"]
    with reading(server.engine) as session:
        assert session.scalar(select(func.count()).select_from(Payment).where(
            Payment.id == uuid.UUID(first[1]["payment_id"]))) == 1
        assert {"之间", "之后"} <= set(session.scalars(select(UnitNote.text)))
