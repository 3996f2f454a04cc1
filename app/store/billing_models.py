"""The cashier's tables (收费). Amounts are integer fen; unit prices, rates, quantities and meter readings are
Decimal kept as TEXT (exact); times are aware UTC; dates are local calendar dates.

Money rows are never updated in place except for their status: a void marks the payment, a refund is a new row
pointing at the original, relief (waiver / discount) is a row of its own. app.store.schema imports this module
with the other table modules, so Alembic's metadata sees these tables. ``receipt_counter`` stays on the desk.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.store.models import _fk, _id_field, _ts
from app.store.types import CompactUUID


def _text():
    return Field(default="", sa_column=Column(Text, nullable=False))


def _op_id():
    return Field(sa_type=CompactUUID)


class FeeItem(SQLModel, table=True):
    """A fee standard (收费项目): what is charged, how it is computed and rounded, and on what legal basis."""

    __tablename__ = "fee_item"
    __table_args__ = (UniqueConstraint("property_id", "code"),)
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    code: str = Field(max_length=16)
    name: str
    kind: str  # FeeKind
    formula: str  # Formula
    area_basis: str = "gross"  # AreaBasis (area formula)
    unit_price: str  # Decimal, yuan per unit (元/㎡·月, 元/月, 元/吨 …)
    surcharge: str = "0"  # Decimal, extra 元/㎡·月 on area items
    unit_label: str = ""  # shown next to the price, e.g. 元/㎡·月
    rounding: str = "half_up"  # Rounding
    period_months: int = 1  # 1, 3, 6, 12 (periodic items)
    proration: str = "cutoff"  # Proration
    proration_cutoff_day: int = 15
    due_days: int = 30  # a charge falls due this many days after its period starts
    meter_kind: str = ""  # MeterKind (meter formula)
    late_fee_daily_rate: str = ""  # Decimal; "" = the contract provides no late fee
    late_fee_grace_days: int = 0
    late_fee_cap_ratio: str = ""  # Decimal; "" = no cap stated
    legal_basis: str = _text()  # 收费依据: contract clause, price bureau approval …
    enabled: bool = True
    sort_order: int = 0
    version: int = 1
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class FeeAssignment(SQLModel, table=True):
    """A periodic fee item billed to a unit from ``start_date`` (e.g. the handover date), until ``end_date``."""

    __tablename__ = "fee_assignment"
    __table_args__ = (UniqueConstraint("unit_id", "fee_item_id"),)
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id", index=False)
    fee_item_id: uuid.UUID = _fk("fee_item.id")
    start_date: date
    end_date: date | None = None
    version: int = 1
    created_at: datetime = _ts()


class Shift(SQLModel, table=True):
    """A cashier's shift on one terminal (交班 / 日结). On close the totals are computed and kept here; the
    shift's payments, voids and refunds are locked from then on."""

    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    cashier_id: uuid.UUID = _fk("clerk.id")
    terminal_code: str = Field(max_length=8)
    status: str = "open"  # ShiftStatus
    opened_at: datetime = _ts()
    closed_at: datetime | None = _ts(nullable=True)
    opening_float_fen: int = 0  # 备用金 in the drawer at the start
    expected_cash_fen: int = 0
    counted_cash_fen: int = 0
    cash_over_short_fen: int = 0  # counted − expected: + over (长款), − short (短款); never netted into totals
    counted_json: str = _text()  # {method: counted fen} as entered
    over_short_json: str = _text()  # {method: counted − expected}
    totals_json: str = _text()  # snapshot of ShiftTotals at close
    first_receipt_no: str = ""
    last_receipt_no: str = ""
    receipt_count: int = 0
    void_count: int = 0
    void_fen: int = 0
    refund_count: int = 0
    refund_fen: int = 0
    unsynced_ops: int = 0  # the desk's pending outbox rows when the shift closed
    note: str = ""
    version: int = 1


class Payment(SQLModel, table=True):
    """One receipt (收款收据). ``total_fen`` = its lines = its tenders' amounts (cash change aside)."""

    __table_args__ = (Index("ix_payment_paid_at", "paid_at"),)
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id")
    shift_id: uuid.UUID = _fk("shift.id")
    cashier_id: uuid.UUID = Field(sa_type=CompactUUID)
    terminal_code: str = Field(max_length=8)
    # Unique on a desk (its counter makes each number once; record_payment checks), but not a database constraint:
    # the server keeps a second payment printed with a number already used and puts it in review (migration 0009).
    receipt_no: str = Field(index=True, max_length=40)
    receipt_year: int
    receipt_seq: int
    paid_at: datetime = _ts()
    payer_name: str = ""
    payer_person_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    total_fen: int
    change_fen: int = 0
    status: str = "valid"  # PaymentStatus
    void_reason: str = ""
    voided_at: datetime | None = _ts(nullable=True)
    void_approver_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    invoice_status: str = Field(default="none", index=True)  # InvoiceStatus
    invoice_title: str = ""  # 发票抬头 the payer asked for
    invoice_ref: str = ""  # finance's invoice number once issued
    review_note: str = ""  # set on the server when the payment conflicts (e.g. a charge paid twice)
    note: str = ""
    op_id: uuid.UUID = _op_id()
    version: int = 1


class Charge(SQLModel, table=True):
    """A receivable line (应收). ``period_key`` keeps one line per unit, item and period (不断档, no doubles)."""

    __table_args__ = (UniqueConstraint("unit_id", "fee_item_id", "period_key"),
                      Index("ix_charge_unit_status", "unit_id", "status"))
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id", index=False)
    fee_item_id: uuid.UUID = _fk("fee_item.id")
    kind: str = "regular"  # ChargeKind
    parent_id: uuid.UUID | None = _fk("charge.id", nullable=True)
    source: str  # generate / meter / one_off / late_fee
    period_key: str = Field(max_length=64)
    period_start: date
    period_end: date  # exclusive
    period_label: str = ""
    quantity: str = "1"  # Decimal
    unit_price: str = "0"  # Decimal
    amount_fen: int
    relief_fen: int = 0  # waived or discounted with approval
    due_date: date
    status: str = "open"  # ChargeStatus
    payment_id: uuid.UUID | None = _fk("payment.id", nullable=True)  # the payment that settles it now
    settled_at: datetime | None = _ts(nullable=True)
    note: str = ""
    op_id: uuid.UUID = _op_id()
    created_at: datetime = _ts()


class MeterReading(SQLModel, table=True):
    __tablename__ = "meter_reading"
    __table_args__ = (Index("ix_meter_reading_unit_item", "unit_id", "fee_item_id", "read_on"),)
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id", index=False)
    fee_item_id: uuid.UUID = _fk("fee_item.id", index=False)
    read_on: date
    reading: str  # Decimal
    previous_reading: str = ""  # "" for the first (baseline) reading
    usage: str = "0"
    meter_changed: bool = False
    old_meter_final: str = ""
    new_meter_start: str = ""
    charge_id: uuid.UUID | None = _fk("charge.id", nullable=True, index=False)
    review_note: str = ""  # set on the server when a reading from another desk does not fit (kept, not billed)
    recorded_by: uuid.UUID = Field(sa_type=CompactUUID)
    op_id: uuid.UUID = _op_id()
    created_at: datetime = _ts()


class PaymentLine(SQLModel, table=True):
    __tablename__ = "payment_line"
    id: uuid.UUID = _id_field()
    payment_id: uuid.UUID = _fk("payment.id")
    line_no: int
    kind: str  # "charge" or "prepay"
    charge_id: uuid.UUID | None = _fk("charge.id", nullable=True)
    fee_item_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    description: str
    period_label: str = ""
    amount_fen: int
    prepay_months: int | None = None


class PaymentTender(SQLModel, table=True):
    __tablename__ = "payment_tender"
    id: uuid.UUID = _id_field()
    payment_id: uuid.UUID = _fk("payment.id")
    position: int  # order as entered
    method: str  # TenderMethod
    amount_fen: int  # towards the total
    given_fen: int  # handed over (cash); = amount for other methods
    change_fen: int = 0
    reference: str = ""


class Refund(SQLModel, table=True):
    """A refund slip (退费 / 红冲) after the shift closed, or a refund of prepaid balance: new rows pointing at
    the original, with the applicant and the approving supervisor."""

    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id")
    kind: str  # "payment" or "prepaid"
    payment_id: uuid.UUID | None = _fk("payment.id", nullable=True)
    # Made once on a desk (its refund counter; the refund handlers check), but like Payment.receipt_no not a
    # database constraint: the server keeps a second slip printed with a used number and raises it for review
    # (migration 0010).
    refund_no: str = Field(index=True, max_length=40)
    shift_id: uuid.UUID = _fk("shift.id")
    method: str  # TenderMethod the money goes back by (prepaid = credited to the balance)
    reference: str = ""
    amount_fen: int
    reason: str
    applicant_id: uuid.UUID = Field(sa_type=CompactUUID)
    approver_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    at: datetime = _ts()
    op_id: uuid.UUID = _op_id()


class RefundLine(SQLModel, table=True):
    __tablename__ = "refund_line"
    id: uuid.UUID = _id_field()
    refund_id: uuid.UUID = _fk("refund.id")
    payment_line_id: uuid.UUID = Field(foreign_key="payment_line.id", sa_type=CompactUUID, unique=True)
    amount_fen: int


class PrepaidEntry(SQLModel, table=True):
    """The prepaid ledger (预存): a unit's balance is the sum of its entries' signed amounts."""

    __tablename__ = "prepaid_entry"
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id")
    kind: str  # PrepaidEntryKind
    amount_fen: int  # signed: + into the balance, − out of it
    payment_id: uuid.UUID | None = _fk("payment.id", nullable=True)
    charge_id: uuid.UUID | None = _fk("charge.id", nullable=True)
    refund_id: uuid.UUID | None = _fk("refund.id", nullable=True, index=False)
    reverses_id: uuid.UUID | None = _fk("prepaid_entry.id", nullable=True, index=False)
    note: str = ""
    at: datetime = _ts()
    op_id: uuid.UUID = _op_id()


class ChargeRelief(SQLModel, table=True):
    """A waiver (减免) or discount of a charge, with the reason and the approving supervisor."""

    __tablename__ = "charge_relief"
    id: uuid.UUID = _id_field()
    charge_id: uuid.UUID = _fk("charge.id")
    kind: str  # "waive" or "discount"
    amount_fen: int
    reason: str
    applicant_id: uuid.UUID = Field(sa_type=CompactUUID)
    approver_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    at: datetime = _ts()
    op_id: uuid.UUID = _op_id()


class ReceiptCounter(SQLModel, table=True):
    """Per terminal, year and kind: the next sequence number. Advanced only inside the transaction that uses it."""

    __tablename__ = "receipt_counter"
    terminal_code: str = Field(primary_key=True, max_length=8)
    year: int = Field(primary_key=True)
    kind: str = Field(primary_key=True, max_length=16)  # CounterKind
    next_seq: int = 1


class DocumentPrint(SQLModel, table=True):
    """Every printed copy of a document, original or reprint (补打), with its archived PDF."""

    __tablename__ = "document_print"
    __table_args__ = (Index("ix_document_print_doc", "kind", "document_id"),)
    id: uuid.UUID = _id_field()
    kind: str  # receipt / refund / shift_statement …
    document_id: uuid.UUID = Field(sa_type=CompactUUID)
    layout: str = ""
    reprint_no: int = 0  # 0 = original
    archive_name: str = ""  # path under the data folder's archive/
    sha256: str = ""
    printed_by: uuid.UUID = Field(sa_type=CompactUUID)
    printed_at: datetime = _ts()
    op_id: uuid.UUID = _op_id()
