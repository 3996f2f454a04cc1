"""Field-level patches of mutable registry rows (``registry.patch`` v1).

A patch names each field's value as the clerk saw it (``old``) and the value wanted (``new``), plus the row
version it was based on. A field changed meanwhile by someone else (its current value is not ``old``) is a
concurrent edit: the later arrival wins and the overwritten value is kept in the ``conflict`` table to be
shown. Fields the patch does not name are untouched, so edits of different fields merge.
"""

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

import pydantic
from sqlmodel import Session

from app.core import canonical
from app.core.errors import ValidationError
from app.domain.names import validate_name
from app.domain.plates import validate_plate
from app.ops.registry import EDIT, _check_gender, clean_phone, get_or_404
from app.ops.runner import OpContext, Payload, op
from app.ops.sealed import SealedId
from app.store.models import Authorization, Conflict, Occupancy, Person, Unit, UnitNote, Vehicle

ID_NUMBER = "id_number"  # a pseudo-field: the sealed number spans four columns, compared by keyed hash


def _text(limit: int) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        if not isinstance(value, str) or len(value) > limit:
            raise ValidationError(f"文字不能超过{limit}个字", f"Text longer than {limit} characters")
        return value.strip()
    return clean


def _area(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000_00:
        raise ValidationError("面积数值无效", "Invalid area")
    return value


def _optional_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, date) else date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError("日期格式应为 YYYY-MM-DD", "Dates are written YYYY-MM-DD") from None


def _optional_uuid(value: Any) -> uuid.UUID | None:
    return None if value in (None, "") else uuid.UUID(str(value))


def _sealed(value: Any) -> SealedId | None:
    return None if value in (None, "") else SealedId.model_validate(value)


PATCHABLE: dict[str, tuple[type, dict[str, Callable[[Any], Any]]]] = {
    "person": (Person, {"name": validate_name, "phone": clean_phone, "gender": _check_gender,
                        "note": _text(500), ID_NUMBER: _sealed}),
    "unit": (Unit, {"gross_area_dm2": _area, "indoor_area_dm2": _area, "usage": _text(16),
                    "handover_date": _optional_date}),
    "occupancy": (Occupancy, {"relation": _text(16), "valid_from": _optional_date}),
    "authorization": (Authorization, {"valid_to": _optional_date, "evidence": _text(300)}),
    "vehicle": (Vehicle, {"plate": validate_plate, "description": _text(60), "person_id": _optional_uuid}),
    "unit_note": (UnitNote, {"text": _text(2000)}),
}
# Changing a unit's area changes what its owner is billed: a supervisor approves it.
NEEDS_APPROVAL = {("unit", "gross_area_dm2"), ("unit", "indoor_area_dm2")}


class FieldChange(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    old: Any = None
    new: Any = None


class Patch(Payload):
    entity: Literal["person", "unit", "occupancy", "authorization", "vehicle", "unit_note"]
    row_id: uuid.UUID
    base_version: int = pydantic.Field(ge=1)
    changes: dict[str, FieldChange] = pydantic.Field(min_length=1)


def comparable(row, field: str) -> Any:
    """The field's current value in the form a patch's ``old`` carries it (JSON-ready)."""
    if field == ID_NUMBER:
        return row.id_number_hash or None
    value = getattr(row, field)
    if value == "":
        return None
    return value if value is None or isinstance(value, str | int) else canonical.dumps(value).strip('"')


def _normalized_old(value: Any) -> Any:
    if isinstance(value, dict) and "hash" in value:  # a SealedId given as the old value
        return value["hash"]
    return None if value == "" else value


def _assign(row, field: str, value: Any) -> None:
    if field == ID_NUMBER:
        row.id_type = value.id_type.value if value else "resident"
        row.id_number_enc = value.enc if value else ""
        row.id_number_hash = value.hash if value else ""
        row.id_number_masked = value.masked if value else ""
    else:
        setattr(row, field, value)


def _needs_approval(session: Session, p: Patch) -> bool:
    return any((p.entity, name) in NEEDS_APPROVAL for name in p.changes)


@op("registry.patch", 1, permission=EDIT, payload=Patch, needs_approval=_needs_approval,
    describe=lambda p: f"修改 {p.entity}：{'、'.join(sorted(p.changes))}")
def patch(session: Session, p: Patch, ctx: OpContext) -> dict:
    model, cleaners = PATCHABLE[p.entity]
    unknown = sorted(set(p.changes) - set(cleaners))
    if unknown:
        raise ValidationError(f"不可修改的字段：{'、'.join(unknown)}", f"Fields that cannot be patched: {unknown}")
    row = get_or_404(session, model, p.row_id, "要修改的记录", "Record")
    conflicts = []
    for field, change in sorted(p.changes.items()):
        new_value = cleaners[field](change.new)
        current = comparable(row, field)
        if current != _normalized_old(change.old):
            winning = new_value.hash if isinstance(new_value, SealedId) else new_value
            # The id derives from the op, so the server re-running this handler writes the same row.
            session.add(Conflict(id=uuid.uuid5(ctx.op_id, field), entity=p.entity, row_id=p.row_id, field=field,
                                 op_id=ctx.op_id, at=p.at,
                                 losing_value=canonical.dumps(current), winning_value=canonical.dumps(winning)))
            conflicts.append(field)
        _assign(row, field, new_value)
    row.version += 1
    if hasattr(row, "updated_at"):
        row.updated_at = p.at
    session.add(row)
    return {"version": row.version, "conflicts": conflicts}
