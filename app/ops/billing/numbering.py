"""Receipt and refund-slip numbers from the terminal's counter, allocated in the op's own transaction.

Used as the runner's desk-only ``prepare`` step: the number is written into the payload before the handler
runs, so the outbox carries it and the server's handler stores the same number. A failed op rolls the counter
back with everything else, so no number is skipped; a voided receipt keeps its number, so none is reused.
"""

from sqlalchemy import update
from sqlmodel import Session

from app.core.clock import to_local
from app.core.errors import StorageError
from app.domain.receipts import CounterKind, format_receipt_no
from app.store.billing_models import ReceiptCounter
from app.store.models import Device, Property


def next_seq(session: Session, terminal_code: str, year: int, kind: CounterKind) -> int:
    row = session.execute(
        update(ReceiptCounter)
        .where(ReceiptCounter.terminal_code == terminal_code, ReceiptCounter.year == year,
               ReceiptCounter.kind == kind.value)
        .values(next_seq=ReceiptCounter.next_seq + 1).returning(ReceiptCounter.next_seq)).first()
    if row is not None:
        return row[0] - 1
    session.add(ReceiptCounter(terminal_code=terminal_code, year=year, kind=kind.value, next_seq=2))
    session.flush()
    return 1


def allocate_number(session: Session, device: Device, at, kind: CounterKind) -> str:
    """The next number of this terminal for the local calendar year of ``at``."""
    prop = session.get(Property, device.property_id) if device.property_id else None
    if prop is None:
        raise StorageError("本机尚未设置小区，不能开具收据", "This desk has no property: no receipt numbers")
    year = to_local(at).year
    return format_receipt_no(prop.code, device.terminal_code, year, next_seq(session, device.terminal_code, year, kind),
                             kind)


def prepare_receipt(session: Session, payload, device: Device):
    return payload.model_copy(update={"terminal_code": device.terminal_code,
                                      "receipt_no": allocate_number(session, device, payload.at, CounterKind.RECEIPT)})


def prepare_refund(session: Session, payload, device: Device):
    return payload.model_copy(update={"terminal_code": device.terminal_code,
                                      "refund_no": allocate_number(session, device, payload.at, CounterKind.REFUND)})


def prepare_terminal(session: Session, payload, device: Device):
    return payload.model_copy(update={"terminal_code": device.terminal_code})
