"""The ``registry.import_roster`` op: a checked roster written in one go.

The payload carries every id it writes (buildings, units, people, occupancies, vehicles) and ID numbers
sealed only, so the server re-runs the same handler and gets the same rows. The handler checks what must
hold on any database (the property, references to rows that already exist, codes not taken, each value's
own rule) and writes with SQLAlchemy Core executemany, marking the rows it wrote for sync. Advice such as "this person is already registered in
that unit" is the caller's check (app.ops.roster), made before the op is built.
"""

import uuid
from collections.abc import Iterable

import pydantic
from sqlalchemy import insert, select
from sqlmodel import Session

from app.core.errors import NotFound, ValidationError
from app.domain.names import validate_name
from app.domain.plates import validate_plate
from app.domain.registry import OccupancyRole
from app.domain.rooms import floor_of, parse_room, unit_code
from app.ops.registry import _check_gender, clean_phone, get_or_404
from app.ops.runner import OpContext, Payload, op
from app.ops.sealed import SealedId
from app.store.models import Building, Occupancy, Person, Property, Unit, Vehicle
from app.store.replication import mark_touched

IMPORT_PERMISSION = "registry.import"
_CHUNK = 500


class _Part(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class RosterBuilding(_Part):
    building_id: uuid.UUID
    code: str = pydantic.Field(pattern=r"^([0-9]{1,3}|[A-Z][0-9]{0,2})$")


class RosterUnit(_Part):
    unit_id: uuid.UUID
    building_id: uuid.UUID
    entrance: str = pydantic.Field(pattern=r"^[0-9]{1,2}$")
    room: str = pydantic.Field(pattern=r"^[0-9]{3,5}$")
    gross_area_dm2: int = pydantic.Field(ge=0, le=10_000_00)
    indoor_area_dm2: int = pydantic.Field(ge=0, le=10_000_00)


class RosterPerson(_Part):
    person_id: uuid.UUID
    name: str
    gender: str = ""
    phone: str = ""
    id_number: SealedId | None = None


class RosterOccupancy(_Part):
    occupancy_id: uuid.UUID
    unit_id: uuid.UUID
    person_id: uuid.UUID
    role: OccupancyRole
    relation: str = pydantic.Field(default="", max_length=16)


class RosterVehicle(_Part):
    vehicle_id: uuid.UUID
    unit_id: uuid.UUID
    person_id: uuid.UUID | None = None
    plate: str


class ImportRoster(Payload):
    property_id: uuid.UUID
    source: str = pydantic.Field(default="", max_length=200)  # the file name, for the audit trail
    rows: int = pydantic.Field(ge=0)
    buildings: list[RosterBuilding] = []
    units: list[RosterUnit] = []
    people: list[RosterPerson] = []
    occupancies: list[RosterOccupancy] = []
    vehicles: list[RosterVehicle] = []


def _chunks(values: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _existing(session: Session, column, ids: set[uuid.UUID], property_column, property_id) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in _chunks(sorted(ids)):
        found.update(session.scalars(select(column).where(column.in_(chunk), property_column == property_id)))
    return found


def _require_known(session: Session, model, ids: set[uuid.UUID], new_ids: set[uuid.UUID], property_id,
                   what_zh: str, what_en: str) -> None:
    wanted = ids - new_ids
    missing = wanted - _existing(session, model.id, wanted, model.property_id, property_id)
    if missing:
        raise NotFound(f"导入的名册引用了本小区不存在的{what_zh}（{len(missing)}个）",
                       f"The roster refers to {len(missing)} unknown {what_en} of this property")


def _no_duplicates(values: list, what_zh: str, what_en: str) -> None:
    seen: set = set()
    for value in values:
        if value in seen:
            raise ValidationError(f"名册中{what_zh}重复：{value}", f"Duplicate {what_en} in the roster: {value}")
        seen.add(value)


def _check_buildings(session: Session, p: ImportRoster) -> dict[uuid.UUID, str]:
    _no_duplicates([b.code for b in p.buildings], "楼栋", "building")
    taken = set(session.scalars(select(Building.code).where(Building.property_id == p.property_id)))
    for building in p.buildings:
        if building.code in taken:
            raise ValidationError(f"楼栋 {building.code} 已存在", f"Building {building.code} exists")
    codes = {b.building_id: b.code for b in p.buildings}
    wanted = {u.building_id for u in p.units} - set(codes)
    for chunk in _chunks(sorted(wanted)):
        rows = session.execute(select(Building.id, Building.code)
                               .where(Building.id.in_(chunk), Building.property_id == p.property_id))
        codes.update({row.id: row.code for row in rows})
    if wanted - set(codes):
        raise NotFound("导入的名册引用了本小区不存在的楼栋", "The roster refers to an unknown building")
    return codes


def _unit_rows(session: Session, p: ImportRoster, building_codes: dict[uuid.UUID, str]) -> list[dict]:
    rows: list[dict] = []
    for unit in p.units:
        if unit.indoor_area_dm2 > unit.gross_area_dm2:
            raise ValidationError("套内面积不能大于建筑面积", "Indoor area cannot exceed gross area")
        parsed = parse_room(f"{building_codes[unit.building_id]}-{unit.entrance}-{unit.room}")
        rows.append({"id": unit.unit_id, "property_id": p.property_id, "building_id": unit.building_id,
                     "entrance": parsed.entrance, "room": parsed.room, "floor": floor_of(parsed.room),
                     "code": unit_code(parsed.building, parsed.entrance, parsed.room),
                     "gross_area_dm2": unit.gross_area_dm2, "indoor_area_dm2": unit.indoor_area_dm2,
                     "usage": "住宅", "handover_date": None, "version": 1, "created_at": p.at, "updated_at": p.at})
    _no_duplicates([r["code"] for r in rows], "房号", "unit")
    taken = set(session.scalars(select(Unit.code).where(Unit.property_id == p.property_id)))
    for row in rows:
        if row["code"] in taken:
            raise ValidationError(f"房号 {row['code']} 已存在", f"Unit {row['code']} exists")
    return rows


def _person_rows(p: ImportRoster) -> list[dict]:
    rows = []
    for person in p.people:
        sealed = person.id_number
        rows.append({"id": person.person_id, "property_id": p.property_id, "name": validate_name(person.name),
                     "gender": _check_gender(person.gender), "phone": clean_phone(person.phone),
                     "id_type": sealed.id_type.value if sealed else "resident",
                     "id_number_enc": sealed.enc if sealed else "", "id_number_hash": sealed.hash if sealed else "",
                     "id_number_masked": sealed.masked if sealed else "", "note": "", "version": 1,
                     "created_at": p.at, "updated_at": p.at})
    return rows


def _describe(p: ImportRoster) -> str:
    name = f"“{p.source}”" if p.source else ""
    return (f"导入住户名册{name}：{p.rows}行，新建{len(p.units)}户、{len(p.people)}人，"
            f"入住关系{len(p.occupancies)}条，车辆{len(p.vehicles)}辆")


@op("registry.import_roster", 1, permission=IMPORT_PERMISSION, payload=ImportRoster, describe=_describe)
def import_roster_op(session: Session, p: ImportRoster, ctx: OpContext) -> dict:
    get_or_404(session, Property, p.property_id, "小区", "Property")
    building_codes = _check_buildings(session, p)
    unit_rows = _unit_rows(session, p, building_codes)
    person_rows = _person_rows(p)
    new_units, new_people = {u.unit_id for u in p.units}, {x.person_id for x in p.people}
    _no_duplicates([x.person_id for x in p.people], "住户编号", "person id")
    _require_known(session, Unit, {o.unit_id for o in p.occupancies} | {v.unit_id for v in p.vehicles},
                   new_units, p.property_id, "房屋", "units")
    _require_known(session, Person, {o.person_id for o in p.occupancies}
                   | {v.person_id for v in p.vehicles if v.person_id}, new_people, p.property_id, "住户", "people")
    occupancy_rows = [{"id": o.occupancy_id, "property_id": p.property_id, "unit_id": o.unit_id,
                       "person_id": o.person_id, "role": o.role.value, "relation": o.relation.strip(),
                       "valid_from": None, "valid_to": None, "ended_at": None, "version": 1, "created_at": p.at}
                      for o in p.occupancies]
    vehicle_rows = [{"id": v.vehicle_id, "property_id": p.property_id, "unit_id": v.unit_id,
                     "person_id": v.person_id, "plate": validate_plate(v.plate), "description": "",
                     "removed_at": None, "version": 1, "created_at": p.at} for v in p.vehicles]
    building_rows = [{"id": b.building_id, "property_id": p.property_id, "code": b.code, "name": f"{b.code}栋",
                      "version": 1} for b in p.buildings]
    for model, rows in ((Building, building_rows), (Unit, unit_rows), (Person, person_rows),
                        (Occupancy, occupancy_rows), (Vehicle, vehicle_rows)):
        if rows:
            session.execute(insert(model.__table__), rows)
            mark_touched(session, model.__table__.name, (row["id"] for row in rows))  # for sync: Core bypasses the ORM
    return {"units": len(unit_rows), "people": len(person_rows), "occupancies": len(occupancy_rows),
            "vehicles": len(vehicle_rows)}
