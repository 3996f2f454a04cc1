"""A payment and its receipt in one transaction (``pay_and_print``): the original is rendered from the rows the
payment wrote, archived and recorded with it; a receipt that fails to render never undoes the payment; a failure
after the payment undoes both and leaves no file; the archive re-renders a copy lost to a power cut; a reprint
counts the copies once."""

import hashlib

import pytest
from sqlalchemy import event, func, select

from app.domain.payments import Tender, TenderMethod
from app.ops import runner
from app.ops.billing import counter as desk_counter
from app.ops.billing import documents as billing_documents
from app.ops.billing.documents import pay_and_print, print_receipt, print_shift_statement, receipt_data
from app.ops.documents import archive_path, restore_archive
from app.printing.receipt import render_receipt
from app.store.audit import verify_chain
from app.store.billing_models import DocumentPrint, Payment, ReceiptCounter
from app.store.billing_queries import open_charges
from app.store.db import reading
from app.store.models import AuditLog, Outbox
from tests.billing_support import counter_at_work


@pytest.fixture
def k(desk):
    return counter_at_work(desk)


def _payload(k, unit=None):
    unit = unit or k.unit_a
    june = open_charges(k.desk.engine, unit)[0]
    return desk_counter.payment_payload(k.desk, k.cashier, unit_id=unit, charge_ids=[june.charge_id],
                                        tenders=[Tender(TenderMethod.CASH, june.due_fen, given_fen=50000)],
                                        payer_name="张三")


def _counts(desk):
    with reading(desk.engine) as s:
        return tuple(s.scalar(select(func.count()).select_from(table))
                     for table in (Payment, DocumentPrint, Outbox, AuditLog)) + (
            s.scalar(select(func.coalesce(func.max(ReceiptCounter.next_seq), 0))),)


@pytest.mark.parametrize("layout", ["thermal80", "a5"])
def test_the_payment_and_its_original_receipt_commit_together(k, layout):
    paid = pay_and_print(k.desk, k.cashier, _payload(k), layout=layout)
    assert paid.printed is not None and paid.print_error is None and paid.layout == layout
    assert paid.printed.reprint_no == 0 and paid.printed.path.read_bytes() == paid.printed.pdf
    assert paid.printed.path == archive_path(k.desk.data_dir, "receipt", paid.recorded.payment_id, 0)
    # rendered inside the transaction from the rows it wrote: the same bytes as from the committed rows
    assert render_receipt(receipt_data(k.desk, paid.recorded.payment_id), layout) != paid.printed.pdf  # 补打 1 now
    assert render_receipt(receipt_data(k.desk, paid.recorded.payment_id, reprint_count=0), layout) == paid.printed.pdf
    with reading(k.desk.engine) as s:
        (copy,) = s.scalars(select(DocumentPrint)).all()
        ops = s.scalars(select(Outbox).order_by(Outbox.device_seq.desc()).limit(2)).all()
        audited = s.scalars(select(AuditLog.action).order_by(AuditLog.seq.desc()).limit(2)).all()
    assert (copy.kind, copy.document_id, copy.layout, copy.reprint_no) == (
        "receipt", paid.recorded.payment_id, layout, 0)
    assert copy.sha256 == hashlib.sha256(paid.printed.pdf).hexdigest()
    assert copy.op_id == paid.op.follow_up.op_id
    assert [o.name for o in ops] == ["documents.record_print", "billing.record_payment"]
    assert ops[0].device_seq == ops[1].device_seq + 1 == paid.op.device_seq + 1
    assert audited == ["documents.record_print", "billing.record_payment"]
    assert verify_chain(k.desk.engine).ok
    again = print_receipt(k.desk, k.cashier, paid.recorded.payment_id, layout)
    assert again.reprint_no == 1 and again.path.name == "reprint-1.pdf"


def test_a_receipt_that_fails_to_render_leaves_the_payment_committed(k, monkeypatch):
    def broken(data, layout):
        raise OSError("font file unreadable")

    monkeypatch.setattr(billing_documents, "render_receipt", broken)
    paid = pay_and_print(k.desk, k.cashier, _payload(k), layout="thermal80")
    assert paid.printed is None and isinstance(paid.print_error, OSError)
    with reading(k.desk.engine) as s:
        assert s.get(Payment, paid.recorded.payment_id) is not None
        assert s.scalar(select(func.count()).select_from(DocumentPrint)) == 0
    assert not archive_path(k.desk.data_dir, "receipt", paid.recorded.payment_id, 0).exists()
    monkeypatch.undo()
    printed = print_receipt(k.desk, k.cashier, paid.recorded.payment_id, "thermal80")  # the counter's fallback
    assert printed.reprint_no == 0 and printed.path.exists()


def test_a_failure_after_the_payment_undoes_payment_receipt_and_file(k, monkeypatch):
    before = _counts(k.desk)
    payload = _payload(k)
    real_audit = runner.append_audit

    def audit(session, **kw):
        if kw["action"] == "documents.record_print":
            raise OSError("disk full")
        return real_audit(session, **kw)

    monkeypatch.setattr(runner, "append_audit", audit)
    with pytest.raises(OSError, match="disk full"):
        pay_and_print(k.desk, k.cashier, payload, layout="thermal80")
    assert _counts(k.desk) == before  # no payment, no copy, no op, no audit entry, the receipt number unused
    assert not archive_path(k.desk.data_dir, "receipt", payload["payment_id"], 0).exists()


def test_a_reprint_counts_the_copies_once(k):
    paid = pay_and_print(k.desk, k.cashier, _payload(k), layout="thermal80")
    counts = []

    def count(conn, cursor, statement, params, context, executemany):
        if "count(" in statement and "document_print" in statement:
            counts.append(statement)

    event.listen(k.desk.engine, "before_cursor_execute", count)
    try:
        copy = print_receipt(k.desk, k.cashier, paid.recorded.payment_id, "thermal80")
    finally:
        event.remove(k.desk.engine, "before_cursor_execute", count)
    assert copy.reprint_no == 1 and len(counts) == 1


def test_the_archive_re_renders_a_lost_or_damaged_copy(k):
    first = pay_and_print(k.desk, k.cashier, _payload(k), layout="thermal80")
    second = pay_and_print(k.desk, k.cashier, _payload(k, k.unit_b), layout="a5")
    reprint = print_receipt(k.desk, k.cashier, first.recorded.payment_id, "a5")
    desk_counter.close_shift(k.desk, k.cashier, {TenderMethod.CASH: 20000 + 2 * 22343})
    with reading(k.desk.engine) as s:
        shift_id = s.scalar(select(Payment.shift_id).limit(1))
    statement = print_shift_statement(k.desk, k.cashier, shift_id)
    originals = {p.path: p.pdf for p in (first.printed, second.printed, reprint, statement)}
    assert restore_archive(k.desk) == []  # all there
    first.printed.path.unlink()  # lost to a power cut
    second.printed.path.write_bytes(b"")  # renamed before its data reached the disk
    statement.path.write_bytes(statement.pdf[:100])
    restored = restore_archive(k.desk)
    assert sorted(r.path for r in restored) == sorted([first.printed.path, second.printed.path, statement.path])
    assert all(r.matches for r in restored)
    for path, pdf in originals.items():
        assert path.read_bytes() == pdf
