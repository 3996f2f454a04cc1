"""Household registry ops: property, buildings, units, people, occupancies, authorizations, vehicles, notes.

Handlers validate what must hold on every database (desk and server alike). Checks that are advice to the
clerk (a person already registered under this ID number, a plate already on another unit) belong to the
caller, before the op is built: the server must never reject two desks' honest work for them.
"""

import uuid
from datetime import date

import pydantic
from sqlalchemy import select
from sqlmodel import Session

from app.core.errors import NotFound, ValidationError
from app.domain.names import validate_name
from app.domain.phone import validate_phone
from app.domain.plates import validate_plate
from app.domain.registry import OWNER_ROLES, AuthorizationScope, OccupancyRole
from app.domain.rooms import floor_of, parse_room, unit_code
from app.ops.runner import OpContext, Payload, op
from app.ops.sealed import SealedId
from app.store.models import (
    Authorization,
    Building,
    Occupancy,
    Person,
    Property,
    Unit,
    UnitNote,
    Vehicle,
)

EDIT = "registry.edit"


def get_or_404(session: Session, model, row_id: uuid.UUID, what_zh: str, what_en: str):
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"找不到{what_zh}", f"{what_en} not found")
    return row


def clean_phone(phone: str) -> str:
    return validate_phone(phone) if phone.strip() else ""


def _check_gender(gender: str) -> str:
    if gender not in ("", "男", "女"):
        raise ValidationError("性别只能是“男”“女”或留空", "Gender must be 男, 女 or empty")
    return gender


# --- property, buildings, units -------------------------------------------------------------------------

class CreateProperty(Payload):
    property_id: uuid.UUID
    code: str = pydantic.Field(pattern=r"^[A-Z0-9]{2,16}$")
    name: str = pydantic.Field(min_length=1, max_length=60)
    address: str = ""


@op("registry.create_property", 1, permission="settings.manage", payload=CreateProperty,
    describe=lambda p: f"新建小区 {p.code} {p.name}")
def create_property(session: Session, p: CreateProperty, ctx: OpContext) -> None:
    if session.scalar(select(Property.id).where(Property.code == p.code)) is not None:
        raise ValidationError(f"小区编码 {p.code} 已存在", f"Property code {p.code} exists")
    session.add(Property(id=p.property_id, code=p.code, name=p.name, address=p.address, created_at=p.at))


class CreateBuilding(Payload):
    building_id: uuid.UUID
    property_id: uuid.UUID
    code: str = pydantic.Field(pattern=r"^([0-9]{1,3}|[A-Z][0-9]{0,2})$")
    name: str = ""


@op("registry.create_building", 1, permission="settings.manage", payload=CreateBuilding,
    describe=lambda p: f"新建楼栋 {p.code}")
def create_building(session: Session, p: CreateBuilding, ctx: OpContext) -> None:
    get_or_404(session, Property, p.property_id, "小区", "Property")
    exists = select(Building.id).where(Building.property_id == p.property_id, Building.code == p.code)
    if session.scalar(exists) is not None:
        raise ValidationError(f"楼栋 {p.code} 已存在", f"Building {p.code} exists")
    session.add(Building(id=p.building_id, property_id=p.property_id, code=p.code, name=p.name or f"{p.code}栋"))


class CreateUnit(Payload):
    unit_id: uuid.UUID
    building_id: uuid.UUID
    entrance: str = pydantic.Field(pattern=r"^[0-9]{1,2}$")
    room: str = pydantic.Field(pattern=r"^[0-9]{3,5}$")
    gross_area_dm2: int = pydantic.Field(ge=0, le=10_000_00)
    indoor_area_dm2: int = pydantic.Field(ge=0, le=10_000_00)
    usage: str = "住宅"


@op("registry.create_unit", 1, permission="settings.manage", payload=CreateUnit,
    describe=lambda p: f"新建房屋 {p.entrance}单元{p.room}")
def create_unit(session: Session, p: CreateUnit, ctx: OpContext) -> None:
    building = get_or_404(session, Building, p.building_id, "楼栋", "Building")
    if p.indoor_area_dm2 > p.gross_area_dm2:
        raise ValidationError("套内面积不能大于建筑面积", "Indoor area cannot exceed gross area")
    parsed = parse_room(f"{building.code}-{p.entrance}-{p.room}")
    code = unit_code(parsed.building, parsed.entrance, parsed.room)
    if session.scalar(select(Unit.id).where(Unit.property_id == building.property_id, Unit.code == code)):
        raise ValidationError(f"房号 {code} 已存在", f"Unit {code} exists")
    session.add(Unit(id=p.unit_id, property_id=building.property_id, building_id=building.id,
                     entrance=parsed.entrance, room=parsed.room, floor=floor_of(parsed.room), code=code,
                     gross_area_dm2=p.gross_area_dm2, indoor_area_dm2=p.indoor_area_dm2, usage=p.usage,
                     created_at=p.at, updated_at=p.at))


# --- people and occupancies ------------------------------------------------------------------------------

class NewOccupancy(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    occupancy_id: uuid.UUID
    unit_id: uuid.UUID
    role: OccupancyRole
    relation: str = pydantic.Field(default="", max_length=16)
    valid_from: date | None = None
    valid_to: date | None = None


def _add_occupancy(session: Session, person: Person, occ: NewOccupancy, at) -> None:
    unit = get_or_404(session, Unit, occ.unit_id, "房屋", "Unit")
    if unit.property_id != person.property_id:
        raise ValidationError("住户与房屋不属于同一小区", "Person and unit belong to different properties")
    if occ.valid_from and occ.valid_to and occ.valid_to < occ.valid_from:
        raise ValidationError("结束日期不能早于开始日期", "The end date is before the start date")
    session.add(Occupancy(id=occ.occupancy_id, property_id=unit.property_id, unit_id=unit.id, person_id=person.id,
                          role=occ.role.value, relation=occ.relation, valid_from=occ.valid_from,
                          valid_to=occ.valid_to, created_at=at))


class AddPerson(Payload):
    person_id: uuid.UUID
    property_id: uuid.UUID
    name: str
    gender: str = ""
    phone: str = ""
    id_number: SealedId | None = None
    note: str = pydantic.Field(default="", max_length=500)
    occupancy: NewOccupancy | None = None


@op("registry.add_person", 1, permission=EDIT, payload=AddPerson, describe=lambda p: f"登记住户 {p.name}")
def add_person(session: Session, p: AddPerson, ctx: OpContext) -> None:
    get_or_404(session, Property, p.property_id, "小区", "Property")
    sealed = p.id_number
    person = Person(id=p.person_id, property_id=p.property_id, name=validate_name(p.name),
                    gender=_check_gender(p.gender), phone=clean_phone(p.phone), note=p.note,
                    id_type=sealed.id_type.value if sealed else "resident",
                    id_number_enc=sealed.enc if sealed else "", id_number_hash=sealed.hash if sealed else "",
                    id_number_masked=sealed.masked if sealed else "", created_at=p.at, updated_at=p.at)
    session.add(person)
    session.flush()
    if p.occupancy is not None:
        _add_occupancy(session, person, p.occupancy, p.at)


class AddOccupancy(Payload):
    person_id: uuid.UUID
    occupancy: NewOccupancy


@op("registry.add_occupancy", 1, permission=EDIT, payload=AddOccupancy, describe=lambda p: "登记入住关系")
def add_occupancy(session: Session, p: AddOccupancy, ctx: OpContext) -> None:
    person = get_or_404(session, Person, p.person_id, "住户", "Person")
    _add_occupancy(session, person, p.occupancy, p.at)


class EndOccupancy(Payload):
    occupancy_id: uuid.UUID
    valid_to: date
    reason: str = pydantic.Field(min_length=1, max_length=200)


def _ends_ownership(session: Session, p: EndOccupancy) -> bool:
    occupancy = session.get(Occupancy, p.occupancy_id)
    return occupancy is not None and occupancy.role in OWNER_ROLES


@op("registry.end_occupancy", 1, permission=EDIT, payload=EndOccupancy, needs_approval=_ends_ownership,
    describe=lambda p: f"结束入住关系：{p.reason}")
def end_occupancy(session: Session, p: EndOccupancy, ctx: OpContext) -> None:
    occupancy = get_or_404(session, Occupancy, p.occupancy_id, "入住关系", "Occupancy")
    if occupancy.ended_at is not None:
        raise ValidationError("该入住关系已结束", "This occupancy has already ended")
    if occupancy.valid_from and p.valid_to < occupancy.valid_from:
        raise ValidationError("结束日期不能早于开始日期", "The end date is before the start date")
    occupancy.valid_to, occupancy.ended_at, occupancy.version = p.valid_to, p.at, occupancy.version + 1
    session.add(occupancy)


# --- authorizations --------------------------------------------------------------------------------------

class AddAuthorization(Payload):
    authorization_id: uuid.UUID
    unit_id: uuid.UUID
    grantor_id: uuid.UUID
    grantee_id: uuid.UUID
    scopes: list[AuthorizationScope] = pydantic.Field(min_length=1)
    valid_from: date
    valid_to: date | None = None
    evidence: str = pydantic.Field(min_length=1, max_length=300)


def _is_owner_of(session: Session, person_id: uuid.UUID, unit_id: uuid.UUID) -> bool:
    return session.scalar(
        select(Occupancy.id).where(Occupancy.person_id == person_id, Occupancy.unit_id == unit_id,
                                   Occupancy.role.in_([r.value for r in OWNER_ROLES]),
                                   Occupancy.ended_at.is_(None))
    ) is not None


@op("registry.add_authorization", 1, permission=EDIT, payload=AddAuthorization,
    describe=lambda p: f"登记授权 {','.join(s.value for s in p.scopes)}")
def add_authorization(session: Session, p: AddAuthorization, ctx: OpContext) -> None:
    unit = get_or_404(session, Unit, p.unit_id, "房屋", "Unit")
    get_or_404(session, Person, p.grantee_id, "被授权人", "Grantee")
    if not _is_owner_of(session, p.grantor_id, unit.id):
        raise ValidationError("授权人必须是该房屋的业主或共有人", "The grantor must be an owner of the unit")
    if p.grantor_id == p.grantee_id:
        raise ValidationError("授权人和被授权人不能是同一人", "Grantor and grantee must differ")
    if p.valid_to and p.valid_to < p.valid_from:
        raise ValidationError("授权结束日期不能早于开始日期", "The end date is before the start date")
    session.add(Authorization(id=p.authorization_id, property_id=unit.property_id, unit_id=unit.id,
                              grantor_id=p.grantor_id, grantee_id=p.grantee_id,
                              scopes=",".join(sorted({s.value for s in p.scopes})), valid_from=p.valid_from,
                              valid_to=p.valid_to, evidence=p.evidence, created_at=p.at))


class RevokeAuthorization(Payload):
    authorization_id: uuid.UUID
    reason: str = pydantic.Field(min_length=1, max_length=200)


@op("registry.revoke_authorization", 1, permission=EDIT, payload=RevokeAuthorization,
    describe=lambda p: f"撤销授权：{p.reason}")
def revoke_authorization(session: Session, p: RevokeAuthorization, ctx: OpContext) -> None:
    authorization = get_or_404(session, Authorization, p.authorization_id, "授权", "Authorization")
    if authorization.revoked_at is not None:
        raise ValidationError("该授权已撤销", "This authorization is already revoked")
    authorization.revoked_at, authorization.revoke_reason = p.at, p.reason
    authorization.version += 1
    session.add(authorization)


# --- vehicles and notes ----------------------------------------------------------------------------------

class AddVehicle(Payload):
    vehicle_id: uuid.UUID
    unit_id: uuid.UUID
    person_id: uuid.UUID | None = None
    plate: str
    description: str = pydantic.Field(default="", max_length=60)


@op("registry.add_vehicle", 1, permission=EDIT, payload=AddVehicle, describe=lambda p: f"登记车辆 {p.plate}")
def add_vehicle(session: Session, p: AddVehicle, ctx: OpContext) -> None:
    unit = get_or_404(session, Unit, p.unit_id, "房屋", "Unit")
    if p.person_id is not None:
        get_or_404(session, Person, p.person_id, "车主", "Owner")
    session.add(Vehicle(id=p.vehicle_id, property_id=unit.property_id, unit_id=unit.id, person_id=p.person_id,
                        plate=validate_plate(p.plate), description=p.description, created_at=p.at))


class RemoveVehicle(Payload):
    vehicle_id: uuid.UUID


@op("registry.remove_vehicle", 1, permission=EDIT, payload=RemoveVehicle, describe=lambda p: "注销车辆")
def remove_vehicle(session: Session, p: RemoveVehicle, ctx: OpContext) -> None:
    vehicle = get_or_404(session, Vehicle, p.vehicle_id, "车辆", "Vehicle")
    if vehicle.removed_at is None:
        vehicle.removed_at, vehicle.version = p.at, vehicle.version + 1
        session.add(vehicle)


class AddNote(Payload):
    note_id: uuid.UUID
    unit_id: uuid.UUID
    text: str = pydantic.Field(min_length=1, max_length=2000)


@op("registry.add_note", 1, permission=EDIT, payload=AddNote, describe=lambda p: "添加前台备注")
def add_note(session: Session, p: AddNote, ctx: OpContext) -> None:
    unit = get_or_404(session, Unit, p.unit_id, "房屋", "Unit")
    session.add(UnitNote(id=p.note_id, property_id=unit.property_id, unit_id=unit.id, text=p.text.strip(),
                         author_id=ctx.actor_id, created_at=p.at))


class ArchiveNote(Payload):
    note_id: uuid.UUID


@op("registry.archive_note", 1, permission=EDIT, payload=ArchiveNote, describe=lambda p: "归档前台备注")
def archive_note(session: Session, p: ArchiveNote, ctx: OpContext) -> None:
    note = get_or_404(session, UnitNote, p.note_id, "备注", "Note")
    if note.archived_at is None:
        note.archived_at, note.version = p.at, note.version + 1
        session.add(note)
