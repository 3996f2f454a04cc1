"""The desk's tables. Registry rows carry ``property_id`` (tenant isolation on the server) and ``version``
(field-level patches say which version they were based on). Rows are never hard-deleted: they end, are
removed or archived with a timestamp."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.ids import new_id
from app.store.types import CompactUUID, UTCDateTime


def _id_field(**kw):
    return Field(default_factory=new_id, primary_key=True, sa_type=CompactUUID, **kw)


def _fk(target: str, *, nullable: bool = False, index: bool = True):
    return Field(default=None if nullable else ..., foreign_key=target, sa_type=CompactUUID,
                 nullable=nullable, index=index)


def _ts(*, nullable: bool = False):
    return Field(default=None if nullable else ..., sa_type=UTCDateTime, nullable=nullable)


class Property(SQLModel, table=True):
    id: uuid.UUID = _id_field()
    code: str = Field(unique=True, max_length=16)
    name: str
    address: str = ""
    created_at: datetime = _ts()


class Building(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("property_id", "code"),)
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id")
    code: str = Field(max_length=8)
    name: str
    version: int = 1


class Unit(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("property_id", "code"), Index("ix_unit_property_room", "property_id", "room"))
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    building_id: uuid.UUID = _fk("building.id")
    entrance: str = Field(max_length=8)
    floor: int
    room: str = Field(max_length=8)
    code: str = Field(max_length=32)
    gross_area_dm2: int = 0  # 建筑面积, in 0.01 m² (dm²) so area × price stays exact
    indoor_area_dm2: int = 0  # 套内面积
    usage: str = "住宅"
    handover_date: date | None = None
    version: int = 1
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class Person(SQLModel, table=True):
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id")
    name: str = Field(index=True)
    gender: str = ""  # "男" / "女" / ""
    phone: str = ""
    id_type: str = "resident"
    id_number_enc: str = ""  # AES-GCM ciphertext (app.core.crypto); never the plain number
    id_number_hash: str = Field(default="", index=True)  # keyed hash for exact look-up
    id_number_masked: str = ""  # 110***********1234
    note: str = ""
    version: int = 1
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class Occupancy(SQLModel, table=True):
    """A person's tie to a unit (owner, co-owner, family member, tenant) over a period."""

    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id")
    person_id: uuid.UUID = _fk("person.id")
    role: str
    relation: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    ended_at: datetime | None = _ts(nullable=True)
    version: int = 1
    created_at: datetime = _ts()


class Authorization(SQLModel, table=True):
    """Who may act for a unit, in what (装修 / 放行 / IC卡 / 收费), for how long, on what evidence."""

    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id")
    grantor_id: uuid.UUID = _fk("person.id", index=False)
    grantee_id: uuid.UUID = _fk("person.id")
    scopes: str  # comma-separated AuthorizationScope values
    valid_from: date
    valid_to: date | None = None
    evidence: str = ""
    revoked_at: datetime | None = _ts(nullable=True)
    revoke_reason: str = ""
    version: int = 1
    created_at: datetime = _ts()


class Vehicle(SQLModel, table=True):
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id")
    person_id: uuid.UUID | None = _fk("person.id", nullable=True, index=False)
    plate: str = Field(index=True, max_length=10)
    description: str = ""
    removed_at: datetime | None = _ts(nullable=True)
    version: int = 1
    created_at: datetime = _ts()


class UnitNote(SQLModel, table=True):
    __tablename__ = "unit_note"
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID = _fk("property.id", index=False)
    unit_id: uuid.UUID = _fk("unit.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    author_id: uuid.UUID = Field(sa_type=CompactUUID)
    archived_at: datetime | None = _ts(nullable=True)
    version: int = 1
    created_at: datetime = _ts()


class Clerk(SQLModel, table=True):
    """An operator account of one property. Usernames are unique within the property: a server holding several
    properties may have an ``admin`` in each. ``property_id`` is empty only on rows written before it existed
    whose desk had no property yet; the server never serves such a row."""

    __table_args__ = (UniqueConstraint("property_id", "username"),)
    id: uuid.UUID = _id_field()
    property_id: uuid.UUID | None = _fk("property.id", nullable=True)
    username: str = Field(max_length=32)
    display_name: str
    password_hash: str
    roles: str  # comma-separated role codes (app.domain.permissions.ROLES)
    active: bool = True
    failed_logins: int = 0
    version: int = 1
    created_at: datetime = _ts()

    @property
    def role_codes(self) -> tuple[str, ...]:
        return tuple(r for r in self.roles.split(",") if r)


# Device.mode: a desk on its own, or enrolled with a sync server.
STANDALONE = "standalone"
ONLINE = "online"


class Device(SQLModel, table=True):
    """This desk: one row. ``next_seq`` numbers its ops; it only ever grows, inside the op's transaction."""

    id: int = Field(default=1, primary_key=True)
    device_id: uuid.UUID = Field(sa_type=CompactUUID)
    property_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    terminal_code: str = "T00"
    mode: str = STANDALONE
    next_seq: int = 1
    created_at: datetime = _ts()


class Outbox(SQLModel, table=True):
    """Ops waiting for (or acknowledged by) the server, in ``device_seq`` order."""

    op_id: uuid.UUID = Field(primary_key=True, sa_type=CompactUUID)
    device_seq: int = Field(unique=True)
    name: str
    version: int
    payload: str = Field(sa_column=Column(Text, nullable=False))  # canonical JSON
    actor_id: uuid.UUID = Field(sa_type=CompactUUID)
    approver_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    client_time: datetime = _ts()
    status: str = Field(default="pending", index=True)  # pending / acked / rejected
    result: str = ""


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    seq: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts()
    actor_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    approver_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    action: str
    op_id: uuid.UUID | None = Field(default=None, sa_type=CompactUUID)
    detail: str = Field(sa_column=Column(Text, nullable=False))  # canonical JSON
    prev_hash: str
    hash: str


class Conflict(SQLModel, table=True):
    """A field value that lost to a concurrent change (arrival order wins); shown to a supervisor."""

    id: uuid.UUID = _id_field()
    entity: str
    row_id: uuid.UUID = Field(sa_type=CompactUUID, index=True)
    field: str
    losing_value: str = Field(sa_column=Column(Text, nullable=False))
    winning_value: str = Field(sa_column=Column(Text, nullable=False))
    op_id: uuid.UUID = Field(sa_type=CompactUUID)
    at: datetime = _ts()
    resolved_at: datetime | None = _ts(nullable=True)
