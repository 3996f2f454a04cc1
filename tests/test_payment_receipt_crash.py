"""Crash safety of a payment with its receipt (``pay_and_print``): a process taking payments is killed with SIGKILL
at random points; after a restart every payment is complete or absent (tests/test_billing_crash.py's checks) and
so is its receipt: each payment has its original recorded once, with its archived PDF on disk and of the recorded
hash, and no copy is recorded for a payment that is not there."""

import hashlib
import signal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.ops.desk import open_desk
from app.store.billing_models import DocumentPrint, Payment
from app.store.db import reading
from tests.test_billing_crash import kill_while_paying


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_payments_and_their_receipts_are_complete_or_absent_after_sigkill(desk):
    kill_while_paying(desk, "receipts", after_restart=check_receipts)


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
