"""Taking money (``billing.record_payment``) and each payment's invoice status (未开 / 待开 / 已开).

One payment settles chosen charge lines whole and/or prepays N months (or a plain amount) into the prepaid
balance; it is paid by one or several tenders that add up to the total exactly (cash change aside). The receipt
number comes from the terminal's counter in this same transaction (the desk-only ``prepare`` step).

On this desk a line already paid, or whose amount changed, is refused (the cashier refreshes), and so is a receipt
number already used. On the server (``applying_on_server``) the money was taken at a real counter, so the payment
is accepted whatever the server's state: a charge already paid elsewhere stays with its first payment, a receipt
number printed twice stays on both, and the payment is flagged for review in ``review_note`` (the server turns
that flag into its review queue).

The handler reads and writes with Core statements built once (every payment at the counter runs it): a fraction
of the ORM's cost per row. It first sends what earlier ops of a server batch left unflushed and it could need
(``flush_for_core_statements``: not the front-desk notes, which go with the batch's next flush); it marks the rows it writes for sync (``mark_touched``), and keeps charges the session holds in step
with the rows it updates, for the later ops of a batch.
"""

import uuid
from dataclasses import dataclass

import pydantic
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session

from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.domain.money import format_yuan
from app.domain.payments import (
    CHARGE_STATUS_ZH,
    ChargeKind,
    ChargeStatus,
    InvoiceStatus,
    PaymentStatus,
    PrepaidEntryKind,
    Tender,
    TenderMethod,
    check_tenders,
)
from app.domain.receipts import parse_receipt_no
from app.ops.batch_reads import batch_read
from app.ops.billing.common import (
    applying_on_server,
    bulk_insert,
    check_open_shift,
    derived_id,
    flush_for_core_statements,
    get_row,
)
from app.ops.billing.numbering import prepare_receipt
from app.ops.billing.prepaid import entry_values
from app.ops.runner import OpContext, Payload, op
from app.store.billing_models import Charge, FeeItem, Payment, PaymentLine, PaymentTender, PrepaidEntry, Shift
from app.store.billing_queries import charge_due, prepaid_balance, prepay_quote
from app.store.models import Unit
from app.store.replication import mark_touched

_FROZEN = pydantic.ConfigDict(extra="forbid", frozen=True)


class TenderIn(pydantic.BaseModel):
    model_config = _FROZEN
    method: TenderMethod
    amount_fen: int  # towards the total
    given_fen: int | None = None  # cash handed over (change = given − amount)
    reference: str = pydantic.Field(default="", max_length=40)


class ChargeLineIn(pydantic.BaseModel):
    model_config = _FROZEN
    charge_id: uuid.UUID
    amount_fen: int  # what the customer confirmed for this line


class PrepayIn(pydantic.BaseModel):
    model_config = _FROZEN
    fee_item_id: uuid.UUID | None = None  # with ``months``: N months of this periodic item
    months: int | None = pydantic.Field(default=None, ge=1, le=120)
    amount_fen: int = pydantic.Field(gt=0)


class RecordPayment(Payload):
    payment_id: uuid.UUID
    unit_id: uuid.UUID
    shift_id: uuid.UUID
    charges: list[ChargeLineIn] = pydantic.Field(default_factory=list, max_length=500)
    prepay: PrepayIn | None = None
    tenders: list[TenderIn] = pydantic.Field(min_length=1, max_length=6)
    payer_name: str = pydantic.Field(default="", max_length=40)
    payer_person_id: uuid.UUID | None = None
    invoice_title: str | None = pydantic.Field(default=None, max_length=100)  # set: the payer asks for an invoice
    note: str = pydantic.Field(default="", max_length=200)
    terminal_code: str | None = None  # filled by the desk (prepare)
    receipt_no: str | None = None  # filled by the desk from the terminal's counter (prepare)


@dataclass(frozen=True)
class RecordedPayment:
    payment_id: uuid.UUID
    receipt_no: str
    total_fen: int
    change_fen: int
    review_note: str = ""


_SHIFT, _UNIT, _CHARGE, _FEE = Shift.__table__, Unit.__table__, Charge.__table__, FeeItem.__table__
_PAYMENT, _LINE, _TENDER = Payment.__table__, PaymentLine.__table__, PaymentTender.__table__
_READ_SHIFT = select(*_SHIFT.c).where(_SHIFT.c.id == bindparam("id"))
_READ_UNIT = select(_UNIT.c.id, _UNIT.c.property_id).where(_UNIT.c.id == bindparam("id"))
_READ_CHARGES = (select(_CHARGE.c.id, _CHARGE.c.unit_id, _CHARGE.c.fee_item_id, _CHARGE.c.kind, _CHARGE.c.status,
                        _CHARGE.c.period_label, _CHARGE.c.amount_fen, _CHARGE.c.relief_fen, _FEE.c.name)
                 .join(_FEE, _FEE.c.id == _CHARGE.c.fee_item_id)
                 .where(_CHARGE.c.id.in_(bindparam("ids", expanding=True))))
_NUMBER_USED = select(_PAYMENT.c.id).where(_PAYMENT.c.receipt_no == bindparam("receipt_no")).limit(1)
_SETTLE = (update(_CHARGE).where(_CHARGE.c.id == bindparam("charge"))
           .values(status=ChargeStatus.PAID.value, payment_id=bindparam("payment"), settled_at=bindparam("at")))
_INSERT_PAYMENT, _INSERT_LINES, _INSERT_TENDERS = insert(_PAYMENT), insert(_LINE), insert(_TENDER)


def _row(session: Session, model, statement, row_id: uuid.UUID, what_zh: str, what_en: str):
    """The row the session already holds (a server batch loads the rows its ops name), else read by Core."""
    found = session.identity_map.get(identity_key(model, row_id))
    if found is None:
        found = session.connection().execute(statement, {"id": row_id}).first()
    if found is None:
        raise NotFound(f"找不到{what_zh}", f"{what_en} not found")
    return found


def _charge_lines(session: Session, p: RecordPayment, unit,
                  server: bool) -> tuple[list[dict], list[uuid.UUID], list[str]]:
    """The payment's charge lines, the charges it settles, and what the server flags for review."""
    ids = [line.charge_id for line in p.charges]
    if len(set(ids)) != len(ids):
        raise ValidationError("同一笔费用选了两次", "A charge appears twice")
    found = {c.id: c for c in session.connection().execute(_READ_CHARGES, {"ids": ids})} if ids else {}
    lines, settles, review = [], [], []
    for line in p.charges:
        charge = found.get(line.charge_id)
        if charge is None:
            raise NotFound("找不到所选的应收记录", "Charge not found")
        if charge.unit_id != unit.id:
            raise ValidationError("所选费用不属于该房屋", "The charge belongs to another unit")
        name = charge.name + ("滞纳金" if charge.kind == ChargeKind.LATE_FEE else "")
        problem = ""
        if charge.status != ChargeStatus.OPEN:
            problem = f"{name} {charge.period_label} {CHARGE_STATUS_ZH[ChargeStatus(charge.status)]}"
        elif line.amount_fen != charge_due(charge):
            problem = f"{name} {charge.period_label} 应收已变为 {format_yuan(charge_due(charge))} 元"
        if problem and not server:
            raise ValidationError(f"{problem}，请刷新后重新选择", f"Charge changed meanwhile: {problem}")
        if problem:
            review.append(f"{problem}，本笔仍收取 {format_yuan(line.amount_fen)} 元")
        else:
            settles.append(charge.id)
        lines.append({"kind": "charge", "charge_id": charge.id, "fee_item_id": charge.fee_item_id,
                      "description": name, "period_label": charge.period_label, "amount_fen": line.amount_fen,
                      "prepay_months": None})
    return lines, settles, review


def _settle(session: Session, charge_ids: list[uuid.UUID], payment_id: uuid.UUID, at) -> None:
    """Mark the charges paid by this payment; charges the session holds get the new values as committed state
    (no second UPDATE at the next flush)."""
    if not charge_ids:
        return
    session.connection().execute(_SETTLE, [{"charge": charge_id, "payment": payment_id, "at": at}
                                           for charge_id in charge_ids])
    mark_touched(session, Charge.__tablename__, charge_ids)
    for charge_id in charge_ids:
        held = session.identity_map.get(identity_key(Charge, charge_id))
        if held is not None:
            for key, value in (("status", ChargeStatus.PAID.value), ("payment_id", payment_id), ("settled_at", at)):
                set_committed_value(held, key, value)


def _prepay_line(session: Session, p: RecordPayment, unit: Unit, server: bool) -> tuple[dict, list[str]]:
    prepay = p.prepay
    if prepay.months is None:
        if prepay.fee_item_id is not None:
            raise ValidationError("预存指定项目时须填写月数", "Prepaying an item needs the months")
        return {"kind": "prepay", "charge_id": None, "fee_item_id": None, "description": "预存款",
                "period_label": "", "amount_fen": prepay.amount_fen, "prepay_months": None}, []
    if prepay.fee_item_id is None:
        raise ValidationError("请选择预存的收费项目", "Choose the fee item to prepay")
    quote = prepay_quote(session, unit.id, prepay.fee_item_id, prepay.months)
    review = []
    if quote.amount_fen != prepay.amount_fen:
        problem = f"预存金额应为 {format_yuan(quote.amount_fen)} 元"
        if not server:
            raise ValidationError(f"{problem}，请刷新后重试", f"The prepayment should be {quote.amount_fen} fen")
        review.append(f"{problem}，本笔收取 {format_yuan(prepay.amount_fen)} 元")
    return {"kind": "prepay", "charge_id": None, "fee_item_id": quote.fee_item_id,
            "description": f"预存{quote.item_name}", "period_label": f"{quote.period_label}（{prepay.months}个月）",
            "amount_fen": prepay.amount_fen, "prepay_months": prepay.months}, review


# Receipt numbers already stored, read once for a server batch of payments (``batch_read``); each payment of the
# batch adds its own, so a later one in the same batch sees it as the one-by-one look-up would.
_NUMBERS_USED = "frontdesk.receipt_numbers_used"
_NUMBERS_IN = select(_PAYMENT.c.receipt_no).where(_PAYMENT.c.receipt_no.in_(bindparam("numbers", expanding=True)))


@batch_read("billing.record_payment")
def _read_numbers_used(session: Session, payloads: list[dict]) -> None:
    numbers = sorted({p["receipt_no"] for p in payloads if isinstance(p.get("receipt_no"), str)})
    used = set(session.connection().execute(_NUMBERS_IN, {"numbers": numbers}).scalars()) if numbers else set()
    session.info[_NUMBERS_USED] = used


def _receipt_no_clash(session: Session, receipt_no: str, server: bool) -> list[str]:
    """A desk makes each number once (its counter); a second payment with a number already used means a desk
    restored from an older backup: refused on the desk, kept on the server for review (the receipt was printed)."""
    used = session.info.get(_NUMBERS_USED)
    if used is None:
        clash = session.connection().execute(_NUMBER_USED, {"receipt_no": receipt_no}).first() is not None
    else:
        clash = receipt_no in used
        used.add(receipt_no)  # inserted below; a failure from here on rolls the whole batch back
    if not clash:
        return []
    if not server:
        raise ValidationError(f"收据编号 {receipt_no} 已被另一笔收款使用：本机收据计数器可能来自旧备份，请联系管理员",
                              f"Receipt number {receipt_no} is already used by another payment")
    return [f"两笔收款使用同一收据编号 {receipt_no}"]


@op("billing.record_payment", 1, permission="billing.collect", payload=RecordPayment, prepare=prepare_receipt,
    describe=lambda p: f"收款 {p.receipt_no} 合计 {format_yuan(sum(t.amount_fen for t in p.tenders))} 元")
def record_payment(session: Session, p: RecordPayment, ctx: OpContext) -> RecordedPayment:
    if not p.receipt_no or not p.terminal_code:
        raise ValidationError("收款缺少收据编号", "The payment has no receipt number")
    number = parse_receipt_no(p.receipt_no)
    server = applying_on_server(session)
    flush_for_core_statements(session)
    shift_problem = ""
    shift = _row(session, Shift, _READ_SHIFT, p.shift_id, "班次", "Shift")
    try:
        check_open_shift(shift, ctx.actor_id)
        if shift.terminal_code != p.terminal_code:
            raise ValidationError("班次不属于本收银台", "The shift belongs to another terminal")
    except (ValidationError, PermissionDenied) as err:
        if not server:
            raise
        shift_problem = err.zh
    unit = _row(session, Unit, _READ_UNIT, p.unit_id, "房屋", "Unit")
    if not p.charges and p.prepay is None:
        raise ValidationError("请选择要缴的费用或预存金额", "Choose charges to pay or an amount to prepay")
    lines, settles, review = _charge_lines(session, p, unit, server)
    if shift_problem:
        review.insert(0, shift_problem)
    review += _receipt_no_clash(session, p.receipt_no, server)
    if p.prepay is not None:
        line, prepay_review = _prepay_line(session, p, unit, server)
        lines.append(line)
        review += prepay_review
    total = sum(line["amount_fen"] for line in lines)
    tenders = [Tender(t.method, t.amount_fen, t.given_fen, t.reference.strip()) for t in p.tenders]
    change = check_tenders(total, tenders)
    from_balance = sum(t.amount_fen for t in tenders if t.method is TenderMethod.PREPAID)
    if from_balance and p.prepay is not None:
        raise ValidationError("预存不能用预存款抵扣", "A prepayment cannot be paid from the prepaid balance")
    if from_balance:
        balance = prepaid_balance(session, unit.id)
        if from_balance > balance:
            problem = f"预存余额 {format_yuan(balance)} 元不足以抵扣 {format_yuan(from_balance)} 元"
            if not server:
                raise ValidationError(problem, "The prepaid balance does not cover the deduction")
            review.append(problem)
    bulk_insert(session, Payment, [{
        "id": p.payment_id, "property_id": unit.property_id, "unit_id": unit.id, "shift_id": shift.id,
        "cashier_id": ctx.actor_id, "terminal_code": p.terminal_code, "receipt_no": p.receipt_no,
        "receipt_year": number.year, "receipt_seq": number.seq, "paid_at": p.at, "payer_name": p.payer_name.strip(),
        "payer_person_id": p.payer_person_id, "total_fen": total, "change_fen": change,
        "status": PaymentStatus.VALID.value,
        "invoice_status": (InvoiceStatus.NONE if p.invoice_title is None else InvoiceStatus.REQUESTED).value,
        "invoice_title": (p.invoice_title or "").strip(), "review_note": "；".join(review), "note": p.note.strip(),
        "op_id": ctx.op_id, "version": 1}], statement=_INSERT_PAYMENT)
    _settle(session, settles, p.payment_id, p.at)
    bulk_insert(session, PaymentLine, [
        {"id": derived_id(ctx.op_id, "line", line_no), "payment_id": p.payment_id, "line_no": line_no, **line}
        for line_no, line in enumerate(lines, start=1)], statement=_INSERT_LINES)
    bulk_insert(session, PaymentTender, [
        {"id": derived_id(ctx.op_id, "tender", index), "payment_id": p.payment_id, "position": index,
         "method": tender.method.value, "amount_fen": tender.amount_fen, "given_fen": tender.handed_fen,
         "change_fen": tender.change_fen, "reference": tender.reference} for index, tender in enumerate(tenders)],
        statement=_INSERT_TENDERS)
    ledger = dict(property_id=unit.property_id, unit_id=unit.id, at=p.at, op_id=ctx.op_id, payment_id=p.payment_id)
    entries = []
    if p.prepay is not None:
        entries.append(entry_values(entry_id=derived_id(ctx.op_id, "top_up"), kind=PrepaidEntryKind.TOP_UP,
                                    amount_fen=p.prepay.amount_fen, note=lines[-1]["description"], **ledger))
    if from_balance:
        entries.append(entry_values(entry_id=derived_id(ctx.op_id, "deduct"), kind=PrepaidEntryKind.DEDUCTION,
                                    amount_fen=-from_balance, note=f"收据 {p.receipt_no} 预存抵扣", **ledger))
    bulk_insert(session, PrepaidEntry, entries)
    return RecordedPayment(p.payment_id, p.receipt_no, total, change, "；".join(review))


class RequestInvoice(Payload):
    payment_ids: list[uuid.UUID] = pydantic.Field(min_length=1, max_length=500)
    invoice_title: str = pydantic.Field(min_length=1, max_length=100)  # 发票抬头


class MarkInvoiced(Payload):
    payment_ids: list[uuid.UUID] = pydantic.Field(min_length=1, max_length=500)
    invoice_ref: str = pydantic.Field(min_length=1, max_length=60)  # the invoice number finance issued


def _invoiceable(session: Session, payment_ids: list[uuid.UUID]) -> list[Payment]:
    payments = []
    for payment_id in payment_ids:
        payment = get_row(session, Payment, payment_id, "收款记录", "Payment")
        if payment.status == PaymentStatus.VOIDED:
            raise ValidationError(f"收据 {payment.receipt_no} 已作废，不能开票", "A voided receipt is not invoiced")
        payments.append(payment)
    return payments


@op("billing.request_invoice", 1, permission="billing.invoice", payload=RequestInvoice,
    describe=lambda p: f"申请开票 {len(p.payment_ids)} 笔")
def request_invoice(session: Session, p: RequestInvoice, ctx: OpContext) -> None:
    for payment in _invoiceable(session, p.payment_ids):
        if payment.invoice_status == InvoiceStatus.ISSUED:
            raise ValidationError(f"收据 {payment.receipt_no} 已开票", "Already invoiced")
        payment.invoice_status, payment.invoice_title = InvoiceStatus.REQUESTED.value, p.invoice_title.strip()
        payment.version += 1
        session.add(payment)


@op("billing.mark_invoiced", 1, permission="billing.invoice_issue", payload=MarkInvoiced,
    describe=lambda p: f"登记已开票 {p.invoice_ref}")
def mark_invoiced(session: Session, p: MarkInvoiced, ctx: OpContext) -> None:
    for payment in _invoiceable(session, p.payment_ids):
        payment.invoice_status, payment.invoice_ref = InvoiceStatus.ISSUED.value, p.invoice_ref.strip()
        payment.version += 1
        session.add(payment)
