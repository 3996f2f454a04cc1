"""Receipt and refund-slip numbers from the terminal's counter, allocated in the op's own transaction.

Used as the runner's desk-only ``prepare`` step: the number is written into the payload before the handler
runs, so the outbox carries it and the server's handler stores the same number. A failed op rolls the counter
back with everything else, so no number is skipped; a voided receipt keeps its number, so none is reused.

A desk restored from an older backup has counters behind numbers its terminal already issued; those come back
to it by pull (the server holds them). So the counter never hands out a number at or below the highest one of
its terminal, year and kind already in the database: it moves past it (an indexed look-up of the highest number
with the terminal's prefix). Numbers issued after the backup that the desk has not pulled yet cannot be seen:
a second receipt with such a number reaches the server, which keeps it and raises it for review.
"""

from sqlalchemy import bindparam, case, select, update
from sqlmodel import Session

from app.core.clock import to_local
from app.core.errors import StorageError
from app.domain.receipts import CounterKind, format_receipt_no
from app.store.billing_models import Payment, ReceiptCounter, Refund
from app.store.models import Device, Property

_NUMBER_COLUMNS = {CounterKind.RECEIPT: Payment.receipt_no, CounterKind.REFUND: Refund.refund_no}
# Core statements built once (a number is allocated for every payment at the counter): a fraction of the ORM's
# cost per statement; receipt_counter is the desk's own table, which no ORM object of a session holds.
_HIGHEST = {kind: select(column.expression).where(column.expression >= bindparam("low"),
                                                  column.expression < bindparam("high"))
            .order_by(column.expression.desc()).limit(1) for kind, column in _NUMBER_COLUMNS.items()}
_COUNTER = ReceiptCounter.__table__
_ADVANCE = (update(_COUNTER)
            .where(_COUNTER.c.terminal_code == bindparam("terminal"),
                   _COUNTER.c.year == bindparam("counter_year"), _COUNTER.c.kind == bindparam("counter_kind"))
            .values(next_seq=case((_COUNTER.c.next_seq > bindparam("issued"), _COUNTER.c.next_seq),
                                  else_=bindparam("after_issued")) + 1)
            .returning(_COUNTER.c.next_seq))
_PROPERTY_CODE = select(Property.__table__.c.code).where(Property.__table__.c.id == bindparam("id"))


def number_prefix(property_code: str, terminal_code: str, year: int, kind: CounterKind) -> str:
    """What every number of this terminal, year and kind starts with (``CHHY-T03-2026-`` / ``…-2026-R``)."""
    full = format_receipt_no(property_code, terminal_code, year, 1, kind)
    return full[:-6]


def highest_issued(session: Session, prefix: str, kind: CounterKind) -> int:
    """The highest sequence number stored under ``prefix`` (0 when none): the terminal's own receipts or slips,
    issued here or pulled back from the server. Numbers are six digits wide (``{seq:06}``), so within the
    prefix the greatest string is the greatest number; one index seek."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # every string starting with prefix sorts below this
    last = session.connection().execute(_HIGHEST[kind], {"low": prefix, "high": upper}).scalar()
    digits = last[len(prefix):] if last else ""
    return int(digits) if digits.isdigit() else 0


def next_seq(session: Session, terminal_code: str, year: int, kind: CounterKind, issued: int = 0) -> int:
    """Advance the counter and return its number; never at or below ``issued`` (already in the database)."""
    row = session.connection().execute(_ADVANCE, {"terminal": terminal_code, "counter_year": year,
                                                  "counter_kind": kind.value, "issued": issued,
                                                  "after_issued": issued + 1}).first()
    if row is not None:
        return row[0] - 1
    session.add(ReceiptCounter(terminal_code=terminal_code, year=year, kind=kind.value, next_seq=issued + 2))
    session.flush()
    return issued + 1


def allocate_number(session: Session, device: Device, at, kind: CounterKind) -> str:
    """The next number of this terminal for the local calendar year of ``at``."""
    code = session.connection().execute(_PROPERTY_CODE, {"id": device.property_id}).scalar() \
        if device.property_id else None
    if code is None:
        raise StorageError("本机尚未设置小区，不能开具收据", "This desk has no property: no receipt numbers")
    year = to_local(at).year
    issued = highest_issued(session, number_prefix(code, device.terminal_code, year, kind), kind)
    return format_receipt_no(code, device.terminal_code, year,
                             next_seq(session, device.terminal_code, year, kind, issued), kind)


def prepare_receipt(session: Session, payload, device: Device):
    return payload.model_copy(update={"terminal_code": device.terminal_code,
                                      "receipt_no": allocate_number(session, device, payload.at, CounterKind.RECEIPT)})


def prepare_refund(session: Session, payload, device: Device):
    return payload.model_copy(update={"terminal_code": device.terminal_code,
                                      "refund_no": allocate_number(session, device, payload.at, CounterKind.REFUND)})


def prepare_terminal(session: Session, payload, device: Device):
    return payload.model_copy(update={"terminal_code": device.terminal_code})
