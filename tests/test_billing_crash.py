"""Crash safety: a process taking payments is killed with SIGKILL at random points; after a restart every
payment is either complete — payment, lines, tenders, receipt number, outbox op, audit entry — or absent,
receipt numbers have no gap, and every payment the process reported as committed is there."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.ops.billing import counter as desk_counter
from app.ops.desk import open_desk
from app.store.audit import verify_chain
from app.store.billing_models import Charge, Payment, PaymentLine, PaymentTender, PrepaidEntry, ReceiptCounter
from app.store.db import reading
from app.store.models import AuditLog, Outbox
from tests.billing_support import counter

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_payments_are_complete_or_absent_after_sigkill(desk):
    kill_while_paying(desk)


def kill_while_paying(desk, *modes: str, after_restart=lambda data_dir: None) -> None:
    """Start ``tests.billing_crash_worker`` (with ``modes``) five times, let a few payments commit, SIGKILL it at a
    random moment, and check the store — then ``after_restart(data_dir)`` — after each kill."""
    k = counter(desk)
    desk_counter.generate_charges(desk, k.cashier, date(2027, 12, 1))
    desk_counter.open_shift(desk, k.cashier)
    data_dir = desk.data_dir
    desk.close()
    reported: set[str] = set()
    chooser = random.Random()
    for _ in range(5):
        worker = subprocess.Popen([sys.executable, "-m", "tests.billing_crash_worker", str(data_dir), *modes],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=dict(os.environ, FRONTDESK_KEYSTORE="file", PYTHONPATH=str(ROOT)))
        for _ in range(chooser.randint(1, 4)):  # let some payments through, then kill at a random moment
            line = worker.stdout.readline()
            assert line, worker.stderr.read()
            reported.add(line.strip())
        time.sleep(chooser.uniform(0, 0.08))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        out, _ = worker.communicate()
        reported.update(x.strip() for x in out.splitlines() if x.strip())
        check_store(data_dir, reported)
        after_restart(data_dir)


def check_store(data_dir: Path, reported: set[str]) -> None:
    desk = open_desk(data_dir)
    try:
        with reading(desk.engine) as s:
            payments = s.scalars(select(Payment).order_by(Payment.receipt_seq)).all()
            ops = {json.loads(o.payload)["payment_id"]: o for o in
                   s.scalars(select(Outbox).where(Outbox.name == "billing.record_payment"))}
            audited = set(s.scalars(select(AuditLog.op_id).where(AuditLog.action == "billing.record_payment")))
            for p in payments:
                lines = s.scalar(select(func.sum(PaymentLine.amount_fen)).where(PaymentLine.payment_id == p.id))
                tenders = s.scalar(select(func.sum(PaymentTender.amount_fen)).where(PaymentTender.payment_id == p.id))
                settled = s.scalar(select(func.count()).select_from(Charge).where(Charge.payment_id == p.id))
                topped = s.scalar(select(func.count()).select_from(PrepaidEntry).where(PrepaidEntry.payment_id == p.id))
                assert lines == tenders == p.total_fen
                assert settled + topped >= 1
                op = ops.pop(str(p.id))
                assert json.loads(op.payload)["receipt_no"] == p.receipt_no and op.op_id in audited
            assert ops == {}  # no outbox op without its payment
            seqs = [p.receipt_seq for p in payments]
            assert seqs == list(range(1, len(seqs) + 1))  # never skipped, never reused
            counter_row = s.scalar(select(ReceiptCounter))
            assert counter_row is None or counter_row.next_seq == len(seqs) + 1
            assert reported <= {str(p.id) for p in payments}  # committed means durable
        assert verify_chain(desk.engine).ok
    finally:
        desk.close()
