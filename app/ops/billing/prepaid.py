"""The prepaid ledger (预存): entries of top-up, deduction, refund and reversal; the balance is their sum.

Automatic deduction (a deterministic rule): when a regular charge is generated (periodic or from a meter
reading) and the unit's balance covers the charge **in full**, the charge is paid from the balance at once;
charges of one op are taken in order (unit, item sort order, period), and a charge the balance cannot cover is
left open (never part-paid) while later, smaller charges may still be covered. One-off charges and late fees
are never deducted automatically: the cashier settles them at the counter, where 预存抵扣 is one of the tenders.
"""

import uuid
from datetime import datetime

from sqlmodel import Session

from app.domain.payments import ChargeStatus, PrepaidEntryKind
from app.ops.billing.common import derived_id
from app.store.billing_models import Charge, PrepaidEntry
from app.store.billing_queries import charge_due, prepaid_balance


def entry_values(*, entry_id: uuid.UUID, property_id: uuid.UUID, unit_id: uuid.UUID, kind: PrepaidEntryKind,
                 amount_fen: int, at: datetime, op_id: uuid.UUID, payment_id: uuid.UUID | None = None,
                 charge_id: uuid.UUID | None = None, refund_id: uuid.UUID | None = None,
                 reverses_id: uuid.UUID | None = None, note: str = "") -> dict:
    """Every column of a ledger entry (also the row dict of bulk inserts)."""
    return {"id": entry_id, "property_id": property_id, "unit_id": unit_id, "kind": kind.value,
            "amount_fen": amount_fen, "payment_id": payment_id, "charge_id": charge_id, "refund_id": refund_id,
            "reverses_id": reverses_id, "note": note, "at": at, "op_id": op_id}


def add_entry(session: Session, **values) -> PrepaidEntry:
    entry = PrepaidEntry(**entry_values(**values))
    session.add(entry)
    return entry


def deduction_for(charge_values: dict, op_id: uuid.UUID, at: datetime) -> dict:
    """Mark a new charge (its row dict) paid from the balance and return the ledger entry that pays it."""
    charge_values.update(status=ChargeStatus.PAID.value, settled_at=at)
    due = charge_values["amount_fen"] - charge_values["relief_fen"]
    return entry_values(entry_id=derived_id(op_id, charge_values["id"], "deduct"),
                        property_id=charge_values["property_id"], unit_id=charge_values["unit_id"],
                        kind=PrepaidEntryKind.DEDUCTION, amount_fen=-due, at=at, op_id=op_id,
                        charge_id=charge_values["id"], note="自动抵扣")


def auto_deduct(session: Session, charge: Charge, op_id: uuid.UUID, at: datetime) -> bool:
    """The single-charge form of the rule above (meter charges)."""
    due = charge_due(charge)
    if due <= 0 or prepaid_balance(session, charge.unit_id) < due:
        return False
    charge.status, charge.settled_at = ChargeStatus.PAID.value, at
    add_entry(session, entry_id=derived_id(op_id, charge.id, "deduct"), property_id=charge.property_id,
              unit_id=charge.unit_id, kind=PrepaidEntryKind.DEDUCTION, amount_fen=-due, at=at, op_id=op_id,
              charge_id=charge.id, note="自动抵扣")
    return True
