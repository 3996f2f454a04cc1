"""The counter's desk-side API: payload builders for each cashier op (for the GUI's op runner, which handles
supervisor approval) and small functions that build and run them (for tests, the demo and benchmarks).

Builders read what the customer is shown (open charges, prepay quotes) and apply the desk's settings (the
prepay cap), so the payload carries the confirmed amounts; ids and the time are made here, never in a handler.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.core.clock import now, today_local
from app.core.errors import ValidationError
from app.core.ids import new_id
from app.domain.payments import Tender, TenderMethod
from app.ops.runner import Actor, OpResult, run_op
from app.store.billing_queries import counter_state, current_shift, late_fee_preview, prepay_quote_for
from app.store.billing_queries import (
    open_charges as open_charges,  # the lines the counter shows (re-exported)
)
from app.store.billing_reports import ShiftTotals, shift_report

if TYPE_CHECKING:  # the payment ops' module is imported with the op catalog, not with the desk's first frame
    from app.ops.billing.payments import RecordedPayment


def terminal_code(desk) -> str:
    return desk.device().terminal_code


def open_shift_id(desk, actor: Actor) -> uuid.UUID | None:
    shift = current_shift(desk.engine, actor.clerk_id, terminal_code(desk))
    return shift.id if shift else None


def open_shift_payload(desk, *, opening_float_fen: int = 0, at: datetime | None = None) -> dict:
    return {"shift_id": new_id(), "property_id": desk.property_id, "opening_float_fen": opening_float_fen,
            "at": at or now()}


def tender_dicts(tenders: Iterable[Tender]) -> list[dict]:
    return [{"method": TenderMethod(t.method).value, "amount_fen": t.amount_fen, "given_fen": t.given_fen,
             "reference": t.reference} for t in tenders]


def payment_payload(desk, actor: Actor, *, unit_id: uuid.UUID, charge_ids: Iterable[uuid.UUID] = (),
                    tenders: Iterable[Tender], prepay_fee_item_id: uuid.UUID | None = None, prepay_months: int = 0,
                    prepay_amount_fen: int = 0, payer_name: str = "", payer_person_id: uuid.UUID | None = None,
                    invoice_title: str | None = None, note: str = "", shift_id: uuid.UUID | None = None,
                    at: datetime | None = None) -> dict:
    """The ``billing.record_payment`` payload for the chosen open lines and/or a prepayment (N months of a
    periodic item, or a plain amount). Raises ValidationError (Chinese) for what the cashier must correct."""
    state = counter_state(desk.engine, actor.clerk_id, unit_id)
    shift_id = shift_id or state.shift_id
    if shift_id is None:
        raise ValidationError("请先开班再收款", "Open a shift before taking money")
    due = state.due_by_charge
    charges = []
    for charge_id in charge_ids:
        if charge_id not in due:
            raise ValidationError("所选费用已缴清或不属于该房屋，请刷新", "A chosen charge is no longer open")
        charges.append({"charge_id": charge_id, "amount_fen": due[charge_id]})
    prepay = None
    if prepay_months:
        if prepay_fee_item_id is None:
            raise ValidationError("请选择预存的收费项目", "Choose the fee item to prepay")
        cap = desk.settings.get("billing.prepay_max_months")
        if prepay_months > cap:
            raise ValidationError(f"一次最多预存 {cap} 个月", f"At most {cap} months can be prepaid")
        quote = prepay_quote_for(desk.engine, unit_id, prepay_fee_item_id, prepay_months)
        prepay = {"fee_item_id": quote.fee_item_id, "months": prepay_months, "amount_fen": quote.amount_fen}
    elif prepay_amount_fen:
        prepay = {"amount_fen": prepay_amount_fen}
    return {"payment_id": new_id(), "unit_id": unit_id, "shift_id": shift_id, "charges": charges, "prepay": prepay,
            "tenders": tender_dicts(tenders), "payer_name": payer_name, "payer_person_id": payer_person_id,
            "invoice_title": invoice_title, "note": note, "at": at or now()}


def open_shift(desk, actor: Actor, *, opening_float_fen: int = 0, at: datetime | None = None) -> uuid.UUID:
    payload = open_shift_payload(desk, opening_float_fen=opening_float_fen, at=at)
    run_op(desk.engine, "billing.open_shift", payload, actor)
    return payload["shift_id"]


def take_payment(desk, actor: Actor, *, approver: Actor | None = None, **choices) -> "RecordedPayment":
    """Build and run ``billing.record_payment`` (see ``payment_payload`` for the choices)."""
    return run_op(desk.engine, "billing.record_payment", payment_payload(desk, actor, **choices), actor,
                  approver=approver).result


def close_shift(desk, actor: Actor, counted_fen: dict, *, note: str = "", shift_id: uuid.UUID | None = None,
                at: datetime | None = None) -> ShiftTotals:
    shift_id = shift_id or open_shift_id(desk, actor)
    if shift_id is None:
        raise ValidationError("当前没有未交班的班次", "No open shift")
    run_op(desk.engine, "billing.close_shift",
           {"shift_id": shift_id, "counted_fen": {TenderMethod(m).value: v for m, v in counted_fen.items()},
            "note": note, "at": at or now()}, actor)
    return shift_report(desk.engine, shift_id)


def void_payment(desk, actor: Actor, payment_id: uuid.UUID, reason: str, *, approver: Actor | None = None,
                 at: datetime | None = None) -> OpResult:
    return run_op(desk.engine, "billing.void_payment", {"payment_id": payment_id, "reason": reason, "at": at or now()},
                  actor, approver=approver)


def refund_payment(desk, actor: Actor, payment_id: uuid.UUID, *, method: TenderMethod, reason: str,
                   line_ids: list[uuid.UUID] | None = None, reference: str = "", approver: Actor | None = None,
                   at: datetime | None = None) -> OpResult:
    shift_id = open_shift_id(desk, actor)
    if shift_id is None:
        raise ValidationError("请先开班再办理退费", "Open a shift before refunding")
    return run_op(desk.engine, "billing.refund_payment",
                  {"refund_id": new_id(), "payment_id": payment_id, "shift_id": shift_id, "line_ids": line_ids,
                   "method": TenderMethod(method).value, "reference": reference, "reason": reason,
                   "at": at or now()}, actor, approver=approver)


def refund_prepaid(desk, actor: Actor, unit_id: uuid.UUID, amount_fen: int, *, method: TenderMethod, reason: str,
                   reference: str = "", approver: Actor | None = None, at: datetime | None = None) -> OpResult:
    shift_id = open_shift_id(desk, actor)
    if shift_id is None:
        raise ValidationError("请先开班再办理退费", "Open a shift before refunding")
    return run_op(desk.engine, "billing.refund_prepaid",
                  {"refund_id": new_id(), "unit_id": unit_id, "shift_id": shift_id, "amount_fen": amount_fen,
                   "method": TenderMethod(method).value, "reference": reference, "reason": reason,
                   "at": at or now()}, actor, approver=approver)


def relieve_charge(desk, actor: Actor, charge_id: uuid.UUID, *, reason: str, discount_fen: int | None = None,
                   approver: Actor | None = None, at: datetime | None = None) -> OpResult:
    """Waive a line (``discount_fen`` None) or discount it by ``discount_fen``; needs a supervisor."""
    return run_op(desk.engine, "billing.relieve_charge",
                  {"relief_id": new_id(), "charge_id": charge_id, "kind": "waive" if discount_fen is None else "discount",
                   "amount_fen": discount_fen, "reason": reason, "at": at or now()}, actor, approver=approver)


def generate_charges(desk, actor: Actor, through: date, *, unit_ids: list[uuid.UUID] | None = None,
                     fee_item_ids: list[uuid.UUID] | None = None, at: datetime | None = None) -> dict:
    return run_op(desk.engine, "billing.generate_charges",
                  {"property_id": desk.property_id, "through": through, "unit_ids": unit_ids,
                   "fee_item_ids": fee_item_ids, "at": at or now()}, actor).result


def assess_late_fees(desk, actor: Actor, unit_id: uuid.UUID, *, as_of: date | None = None,
                     at: datetime | None = None) -> int:
    """Bring a unit's late fees up to date before it is served; runs no op when nothing is due."""
    as_of = as_of or today_local()
    if not late_fee_preview(desk.engine, unit_id, as_of):
        return 0
    return run_op(desk.engine, "billing.assess_late_fees",
                  {"as_of": as_of, "unit_ids": [unit_id], "at": at or now()}, actor).result


def record_meter_reading(desk, actor: Actor, *, unit_id: uuid.UUID, fee_item_id: uuid.UUID, read_on: date,
                         reading: str, meter_changed: bool = False, old_meter_final: str | None = None,
                         new_meter_start: str | None = None, approver: Actor | None = None,
                         at: datetime | None = None) -> int:
    return run_op(desk.engine, "billing.record_meter_reading",
                  {"reading_id": new_id(), "unit_id": unit_id, "fee_item_id": fee_item_id, "read_on": read_on,
                   "reading": reading, "meter_changed": meter_changed, "old_meter_final": old_meter_final,
                   "new_meter_start": new_meter_start, "at": at or now()}, actor, approver=approver).result
