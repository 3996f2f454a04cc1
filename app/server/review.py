"""The review queue (待处理): what the server accepted but a supervisor must look at — a payment for a charge
another desk had already collected, a shift opened twice, a field edited on two desks at once …"""

import json
import uuid

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core import canonical
from app.core.clock import now
from app.core.errors import NotFound, ValidationError
from app.core.ids import new_id
from app.server.changes import Applied
from app.store.billing_models import Refund
from app.store.db import reading, transaction
from app.store.models import Property
from app.store.sync_models import ReviewItem
from app.sync.protocol import ReviewEntry

FIELD_CONFLICT = "field_conflict"


def raise_review_items(session: Session, property_id: uuid.UUID, op_name: str, op_id: uuid.UUID,
                       applied: Applied, origin: dict) -> int:
    """Review items for one applied op; returns how many were raised."""
    at = now()
    items = []
    notes = applied.review_notes + _used_refund_numbers(session, property_id, op_id, applied.rows)
    if applied.desk_refusal is not None or notes:
        summary = "；".join(notes) or applied.desk_refusal
        items.append(ReviewItem(id=new_id(), property_id=property_id, kind=op_name, summary=summary[:500],
                                detail=canonical.dumps({**origin, "desk_rule": applied.desk_refusal,
                                                        "result": applied.result}),
                                op_id=op_id, created_at=at))
    for table_name, row_id, row in applied.rows:
        if table_name == "conflict":
            items.append(ReviewItem(
                id=new_id(), property_id=property_id, kind=FIELD_CONFLICT,
                summary=f"{row['entity']} 的“{row['field']}”被两台前台同时修改：后到的值生效，被覆盖的值已保留",
                detail=canonical.dumps({**origin, "conflict_id": str(row_id), "losing_value": row["losing_value"],
                                        "winning_value": row["winning_value"]}),
                op_id=op_id, created_at=at))
    session.add_all(items)
    return len(items)


def _used_refund_numbers(session: Session, property_id: uuid.UUID, op_id: uuid.UUID,
                         rows: list[tuple[str, uuid.UUID, dict]]) -> list[str]:
    """A refund slip this op made with a number another slip already has (a desk restored from an older backup
    printed it; the desk's handler refuses that, the server keeps it): one note per such slip."""
    made = [(row_id, row["refund_no"]) for table_name, row_id, row in rows
            if table_name == "refund" and row.get("op_id") == str(op_id)]
    return [f"两张退费单使用同一编号 {number}" for row_id, number in made
            if session.scalar(select(Refund.id).where(Refund.property_id == property_id, Refund.refund_no == number,
                                                      Refund.id != row_id).limit(1)) is not None]


def _entry(item: ReviewItem) -> ReviewEntry:
    return ReviewEntry(id=item.id, kind=item.kind, summary=item.summary, detail=json.loads(item.detail or "{}"),
                       op_id=item.op_id, created_at=item.created_at, resolved_at=item.resolved_at,
                       resolved_by=item.resolved_by, resolution=item.resolution)


def review_entries(engine: Engine, property_id: uuid.UUID, *, include_resolved: bool = False,
                   limit: int = 500) -> list[ReviewEntry]:
    with reading(engine) as session:
        query = select(ReviewItem).where(ReviewItem.property_id == property_id)
        if not include_resolved:
            query = query.where(ReviewItem.resolved_at.is_(None))
        items = session.scalars(query.order_by(ReviewItem.created_at.desc(), ReviewItem.id.desc()).limit(limit))
        return [_entry(item) for item in items]


def property_id_of(engine: Engine, property_code: str) -> uuid.UUID:
    with reading(engine) as session:
        property_id = session.scalar(select(Property.id).where(Property.code == property_code.strip().upper()))
    if property_id is None:
        raise NotFound(f"服务器上没有小区 {property_code}", f"No property {property_code} on this server")
    return property_id


def resolve(engine: Engine, item_id: uuid.UUID, resolved_by: str, resolution: str) -> ReviewItem:
    if not resolved_by.strip() or not resolution.strip():
        raise ValidationError("请填写处理人和处理结果", "Say who resolved it and how")
    with transaction(engine) as session:
        item = session.get(ReviewItem, item_id)
        if item is None:
            raise NotFound("找不到该待处理事项", "No such review item")
        if item.resolved_at is not None:
            raise ValidationError("该事项已处理", "Already resolved")
        item.resolved_at, item.resolved_by, item.resolution = now(), resolved_by.strip(), resolution.strip()
        session.add(item)
        return item
