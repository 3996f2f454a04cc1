"""Crash safety of a payment with its receipt (``pay_and_print``): a process taking payments is killed with SIGKILL
at random points; after a restart every payment is complete or absent (tests/test_billing_crash.py's checks) and
so is its receipt: each payment has its original recorded once, with its archived PDF on disk and of the recorded
hash, and no copy is recorded for a payment that is not there."""

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.ops.billing import counter as desk_counter
from app.ops.desk import open_desk
from app.store.billing_models import DocumentPrint, Payment
from app.store.db import reading
from tests.billing_support import counter
from tests.test_billing_crash import check_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_payments_and_their_receipts_are_complete_or_absent_after_sigkill(desk):
    k = counter(desk)
    desk_counter.generate_charges(desk, k.cashier, date(2027, 12, 1))
    desk_counter.open_shift(desk, k.cashier)
    data_dir = desk.data_dir
    desk.close()
    reported: set[str] = set()
    chooser = random.Random()
    for _ in range(5):
        worker = subprocess.Popen([sys.executable, "-m", "tests.payment_receipt_crash_worker", str(data_dir)],
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
        check_receipts(data_dir)


def check_receipts(data_dir: Path) -> None:
    desk = open_desk(data_dir)
    try:
        with reading(desk.engine) as s:
            payments = set(s.scalars(select(Payment.id)))
            copies = s.scalars(select(DocumentPrint).where(DocumentPrint.kind == "receipt")).all()
        assert sorted(c.document_id for c in copies) == sorted(payments)  # one original each, none without
        for copy in copies:
            assert copy.reprint_no == 0
            pdf = (data_dir / copy.archive_name).read_bytes()  # written before the commit: a kill cannot lose it
            assert hashlib.sha256(pdf).hexdigest() == copy.sha256
    finally:
        desk.close()
