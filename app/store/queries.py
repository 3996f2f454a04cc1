"""Read functions for the desk's screens: a unit with its active people, vehicles, authorizations and notes;
the outbox's counts; the desk's recent ops. They return plain frozen rows, never live ORM objects, so a
widget can keep them after the session is gone."""

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from app.domain.phone import mask_phone
from app.domain.registry import AUTHORIZATION_SCOPE_ZH, OCCUPANCY_ROLE_ZH, AuthorizationScope, OccupancyRole
from app.store.db import reading
from app.store.desk_status import OutboxCounts, on_driver_connection, read_outbox_counts
from app.store.models import (
    AuditLog,
    Authorization,
    Clerk,
    Occupancy,
    Outbox,
    Person,
    Unit,
    UnitNote,
    Vehicle,
)

_ROLE_ORDER = {role.value: index for index, role in enumerate(OccupancyRole)}


@dataclass(frozen=True)
class PersonInUnit:
    """A person with an active tie (occupancy) to the unit."""

    person_id: uuid.UUID
    person_version: int
    name: str
    gender: str
    phone: str
    id_type: str
    id_number_masked: str
    id_number_hash: str
    note: str
    occupancy_id: uuid.UUID
    occupancy_version: int
    role: str
    relation: str
    valid_from: date | None
    valid_to: date | None

    @property
    def role_label(self) -> str:
        return OCCUPANCY_ROLE_ZH.get(OccupancyRole(self.role), self.role)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def is_owner(self) -> bool:
        return self.role in (OccupancyRole.OWNER, OccupancyRole.CO_OWNER)


@dataclass(frozen=True)
class VehicleRow:
    vehicle_id: uuid.UUID
    plate: str
    description: str
    person_id: uuid.UUID | None
    owner_name: str
    version: int


@dataclass(frozen=True)
class AuthorizationRow:
    authorization_id: uuid.UUID
    grantor_id: uuid.UUID
    grantor_name: str
    grantee_id: uuid.UUID
    grantee_name: str
    scopes: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    evidence: str
    version: int

    @property
    def scope_labels(self) -> str:
        return "、".join(AUTHORIZATION_SCOPE_ZH.get(AuthorizationScope(s), s) for s in self.scopes)

    def expired_on(self, day: date) -> bool:
        return self.valid_to is not None and self.valid_to < day


@dataclass(frozen=True)
class NoteRow:
    note_id: uuid.UUID
    text: str
    author_name: str
    created_at: datetime
    version: int


@dataclass(frozen=True)
class UnitDetail:
    unit_id: uuid.UUID
    code: str
    gross_area_dm2: int
    indoor_area_dm2: int
    usage: str
    handover_date: date | None
    version: int
    people: tuple[PersonInUnit, ...]
    vehicles: tuple[VehicleRow, ...]
    authorizations: tuple[AuthorizationRow, ...]
    notes: tuple[NoteRow, ...]

    @property
    def owners(self) -> tuple[PersonInUnit, ...]:
        return tuple(p for p in self.people if p.is_owner)

    def person(self, person_id: uuid.UUID) -> PersonInUnit | None:
        return next((p for p in self.people if p.person_id == person_id), None)


def _people(session, unit_id: uuid.UUID) -> tuple[PersonInUnit, ...]:
    rows = session.execute(
        select(Person, Occupancy)
        .join(Occupancy, Occupancy.person_id == Person.id)
        .where(Occupancy.unit_id == unit_id, Occupancy.ended_at.is_(None))
        .order_by(Occupancy.created_at, Person.name)
    ).all()
    people = [
        PersonInUnit(person.id, person.version, person.name, person.gender, person.phone, person.id_type,
                     person.id_number_masked, person.id_number_hash, person.note, occupancy.id, occupancy.version,
                     occupancy.role, occupancy.relation, occupancy.valid_from, occupancy.valid_to)
        for person, occupancy in rows
    ]
    people.sort(key=lambda p: _ROLE_ORDER.get(p.role, len(_ROLE_ORDER)))  # stable: keeps arrival order per role
    return tuple(people)


def _vehicles(session, unit_id: uuid.UUID) -> tuple[VehicleRow, ...]:
    rows = session.execute(
        select(Vehicle, Person.name)
        .outerjoin(Person, Person.id == Vehicle.person_id)
        .where(Vehicle.unit_id == unit_id, Vehicle.removed_at.is_(None))
        .order_by(Vehicle.created_at)
    ).all()
    return tuple(VehicleRow(v.id, v.plate, v.description, v.person_id, owner or "", v.version) for v, owner in rows)


def _authorizations(session, unit_id: uuid.UUID) -> tuple[AuthorizationRow, ...]:
    grantor, grantee = aliased(Person), aliased(Person)
    rows = session.execute(
        select(Authorization, grantor.name, grantee.name)
        .join(grantor, grantor.id == Authorization.grantor_id)
        .join(grantee, grantee.id == Authorization.grantee_id)
        .where(Authorization.unit_id == unit_id, Authorization.revoked_at.is_(None))
        .order_by(Authorization.valid_from.desc(), Authorization.created_at.desc())
    ).all()
    return tuple(
        AuthorizationRow(a.id, a.grantor_id, grantor_name, a.grantee_id, grantee_name,
                         tuple(s for s in a.scopes.split(",") if s), a.valid_from, a.valid_to, a.evidence, a.version)
        for a, grantor_name, grantee_name in rows
    )


def _notes(session, unit_id: uuid.UUID) -> tuple[NoteRow, ...]:
    rows = session.execute(
        select(UnitNote, Clerk.display_name)
        .outerjoin(Clerk, Clerk.id == UnitNote.author_id)
        .where(UnitNote.unit_id == unit_id, UnitNote.archived_at.is_(None))
        .order_by(UnitNote.created_at.desc())
    ).all()
    return tuple(NoteRow(n.id, n.text, author or "", n.created_at, n.version) for n, author in rows)


def unit_detail(engine: Engine, unit_id: uuid.UUID) -> UnitDetail | None:
    """The unit and everything the household panel shows about it; None when there is no such unit."""
    with reading(engine) as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            return None
        return UnitDetail(unit.id, unit.code, unit.gross_area_dm2, unit.indoor_area_dm2, unit.usage,
                          unit.handover_date, unit.version, _people(session, unit_id),
                          _vehicles(session, unit_id), _authorizations(session, unit_id), _notes(session, unit_id))


@dataclass(frozen=True)
class RegisteredPerson:
    person_id: uuid.UUID
    name: str
    unit_codes: tuple[str, ...]


def person_by_id_hash(engine: Engine, id_number_hash: str) -> RegisteredPerson | None:
    """The person already registered under this ID number (keyed hash), with the units they are tied to."""
    with reading(engine) as session:
        person = session.scalars(select(Person).where(Person.id_number_hash == id_number_hash).limit(1)).first()
        if person is None:
            return None
        codes = session.scalars(
            select(Unit.code).join(Occupancy, Occupancy.unit_id == Unit.id)
            .where(Occupancy.person_id == person.id, Occupancy.ended_at.is_(None)).order_by(Unit.code)
        ).all()
        return RegisteredPerson(person.id, person.name, tuple(codes))


def outbox_counts(engine: Engine) -> OutboxCounts:
    return on_driver_connection(engine, read_outbox_counts)


@dataclass(frozen=True)
class OpLogEntry:
    op_id: uuid.UUID
    device_seq: int
    name: str
    summary: str
    client_time: datetime
    clerk_name: str
    approver_name: str
    status: str


def recent_ops(engine: Engine, limit: int = 200) -> list[OpLogEntry]:
    """This desk's ops from the outbox, newest first, with the clerk, the approver and the audit summary."""
    actor, approver = aliased(Clerk), aliased(Clerk)
    with reading(engine) as session:
        rows = session.execute(
            select(Outbox, actor.display_name, approver.display_name)
            .outerjoin(actor, actor.id == Outbox.actor_id)
            .outerjoin(approver, approver.id == Outbox.approver_id)
            .order_by(Outbox.device_seq.desc()).limit(limit)
        ).all()
        op_ids = [row[0].op_id for row in rows]
        details = dict(session.execute(
            select(AuditLog.op_id, AuditLog.detail).where(AuditLog.op_id.in_(op_ids))
        ).all()) if op_ids else {}
    entries = []
    for outbox, actor_name, approver_name in rows:
        summary = json.loads(details[outbox.op_id]).get("summary", "") if outbox.op_id in details else ""
        entries.append(OpLogEntry(outbox.op_id, outbox.device_seq, outbox.name, summary, outbox.client_time,
                                  actor_name or "", approver_name or "", outbox.status))
    return entries
