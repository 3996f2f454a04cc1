"""Run by tests/test_billing_crash.py and tests/test_payment_receipt_crash.py in a subprocess that is killed with
SIGKILL: take payments in a loop on the desk in ``argv[1]`` as the clerk ``cashier`` and print each payment id once
it has committed. ``argv[2] == "receipts"``: each payment with its receipt (``pay_and_print``, the counter's
confirm), else the payment alone (``take_payment``)."""

import os
import sys
from pathlib import Path

os.environ.setdefault("FRONTDESK_KEYSTORE", "file")

from sqlalchemy import select  # noqa: E402

from app.domain.payments import Tender, TenderMethod  # noqa: E402
from app.ops.billing import counter as desk_counter  # noqa: E402
from app.ops.billing.documents import pay_and_print  # noqa: E402
from app.ops.clerks import actor_of  # noqa: E402
from app.ops.desk import open_desk  # noqa: E402
from app.store.billing_queries import open_charges  # noqa: E402
from app.store.db import reading  # noqa: E402
from app.store.models import Clerk, Unit  # noqa: E402


def main() -> None:
    desk = open_desk(Path(sys.argv[1]))
    with_receipts = sys.argv[2:] == ["receipts"]
    with reading(desk.engine) as session:
        cashier = actor_of(session.scalar(select(Clerk).where(Clerk.username == "cashier")))
        units = list(session.scalars(select(Unit.id).order_by(Unit.code)))
    turn = 0
    while True:
        unit = units[turn % len(units)]
        rows = open_charges(desk.engine, unit)
        if rows and turn % 3:
            what = dict(charge_ids=[rows[0].charge_id],
                        tenders=[Tender(TenderMethod.CASH, 100, given_fen=10000),
                                 Tender(TenderMethod.WECHAT, rows[0].due_fen - 100)])
        else:
            what = dict(prepay_amount_fen=1000 + turn, tenders=[Tender(TenderMethod.ALIPAY, 1000 + turn)])
        if with_receipts:
            payload = desk_counter.payment_payload(desk, cashier, unit_id=unit, **what)
            payment_id = pay_and_print(desk, cashier, payload,
                                       layout="a5" if turn % 2 else "thermal80").recorded.payment_id
        else:
            payment_id = desk_counter.take_payment(desk, cashier, unit_id=unit, **what).payment_id
        print(payment_id, flush=True)
        turn += 1

if __name__ == "__main__":
    main()
