"""Household roster import and export (住户名册, .xlsx / .csv).

Import reads every row, checks each on its own (app.domain.roster), then against the other rows and the
registry (duplicates, areas of a unit agreeing), reports every bad row with its reason, and imports the good
rows as ONE op (registry.import_roster): one transaction, nothing half-written. Export writes the same
format, ID numbers masked unless the clerk may unmask them; an unmasked export is audited.
"""

import os
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.core.clock import now
from app.core.errors import PermissionDenied, ValidationError
from app.core.ids import new_id
from app.domain.permissions import PERMISSIONS
from app.domain.registry import IdType
from app.domain.roster import RosterEntry, RosterRow, format_area, validate_row
from app.ops.desk import Desk
from app.ops.roster_export import registry_rows
from app.ops.roster_files import read_roster as read_roster_file
from app.ops.roster_files import write_roster, write_template
from app.ops.roster_op import (
    IMPORT_PERMISSION,
    ImportRoster,
    RosterBuilding,
    RosterOccupancy,
    RosterPerson,
    RosterUnit,
    RosterVehicle,
)
from app.ops.runner import Actor, run_op
from app.ops.sealed import SealedId, seal_id_number
from app.store.audit import append_audit
from app.store.db import reading, transaction
from app.store.models import Building, Occupancy, Person, Unit, Vehicle

__all__ = ["Problem", "RosterCheck", "ImportReport", "read_roster", "check_roster", "import_checked",
           "import_roster", "export_roster", "write_template"]

EXPORT_PERMISSION = "registry.export"
UNMASK_PERMISSION = "person.unmask_id"
_CHUNK = 500


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str


@dataclass(frozen=True)
class ExistingUnit:
    unit_id: uuid.UUID
    gross_area_dm2: int
    indoor_area_dm2: int


@dataclass
class RosterCheck:
    """``good``: rows ready to import, in file order; ``problems``: one per bad line, in line order.
    The rest is what the check found in the registry, used to build the op."""

    good: list[RosterEntry]
    problems: list[Problem]
    existing_units: dict[str, ExistingUnit] = field(default_factory=dict)
    existing_buildings: dict[str, uuid.UUID] = field(default_factory=dict)
    existing_people: dict[str, uuid.UUID] = field(default_factory=dict)  # ID hash → person


@dataclass
class ImportReport:
    """``imported``: good rows written; ``unchanged``: good rows naming a unit already registered, with no
    person or plate, so nothing to write; ``op_id``: the import's op (None when nothing was written)."""

    imported: int
    problems: list[Problem]
    op_id: uuid.UUID | None = None
    unchanged: int = 0


def _require(actor: Actor, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied(f"当前账号没有“{PERMISSIONS[permission]}”权限",
                               f"This account lacks the permission: {permission}")


def read_roster(path: Path, *, max_rows: int | None = None) -> list[RosterRow]:
    return read_roster_file(Path(path), max_rows=max_rows)


# --- checking ---------------------------------------------------------------------------------------------

def _chunks(values: list) -> list[list]:
    return [values[i:i + _CHUNK] for i in range(0, len(values), _CHUNK)]


@dataclass
class _Occupant:
    name: str
    phone: str
    id_hash: str


def _load_registry(desk: Desk, entries: list[RosterEntry], check: RosterCheck):
    """Existing units, buildings, people with the same ID hashes, and the current occupants and vehicles of
    the units the roster names. Read in one snapshot."""
    occupants: dict[uuid.UUID, list[_Occupant]] = defaultdict(list)
    plates: dict[uuid.UUID, set[str]] = defaultdict(set)
    property_id = desk.property_id
    with reading(desk.engine) as session:
        for row in session.execute(select(Unit.code, Unit.id, Unit.gross_area_dm2, Unit.indoor_area_dm2)
                                   .where(Unit.property_id == property_id)):
            check.existing_units[row.code] = ExistingUnit(row.id, row.gross_area_dm2, row.indoor_area_dm2)
        check.existing_buildings.update(
            session.execute(select(Building.code, Building.id).where(Building.property_id == property_id)).all())
        hashes = sorted({e.sealed.hash for e in entries if e.sealed is not None})
        for chunk in _chunks(hashes):
            found = session.execute(select(Person.id_number_hash, Person.id)
                                    .where(Person.property_id == property_id, Person.id_number_hash.in_(chunk))
                                    .order_by(Person.id.desc()))
            check.existing_people.update(found.all())  # the earliest registered wins (ids are time-ordered)
        unit_ids = sorted({check.existing_units[e.unit_code].unit_id for e in entries
                           if e.unit_code in check.existing_units})
        for chunk in _chunks(unit_ids):
            for row in session.execute(select(Occupancy.unit_id, Person.name, Person.phone, Person.id_number_hash)
                                       .join(Person, Person.id == Occupancy.person_id)
                                       .where(Occupancy.unit_id.in_(chunk), Occupancy.ended_at.is_(None))):
                occupants[row.unit_id].append(_Occupant(row.name, row.phone, row.id_number_hash))
            for row in session.execute(select(Vehicle.unit_id, Vehicle.plate)
                                       .where(Vehicle.unit_id.in_(chunk), Vehicle.removed_at.is_(None))):
                plates[row.unit_id].add(row.plate)
        names = {}
        for chunk in _chunks(sorted(set(check.existing_people.values()))):
            names.update(session.execute(select(Person.id, Person.name).where(Person.id.in_(chunk))).all())
    return occupants, plates, names


def _area_problems(entries: list[RosterEntry], check: RosterCheck, add) -> None:
    by_unit: dict[str, list[RosterEntry]] = defaultdict(list)
    for entry in entries:
        by_unit[entry.unit_code].append(entry)
    for code, rows in by_unit.items():
        lines = "、".join(str(e.line) for e in rows)
        existing = check.existing_units.get(code)
        for label, attr in (("建筑面积", "gross_area_dm2"), ("套内面积", "indoor_area_dm2")):
            given = sorted({getattr(e, attr) for e in rows} - {None})
            if len(given) > 1:
                shown = "、".join(format_area(v) or "0" for v in given)
                for entry in rows:
                    add(entry.line, f"{label}：房号 {code} 在第{lines}行填写的面积不一致（{shown}）")
            elif existing is not None and given and given[0] != getattr(existing, attr):
                for entry in rows:
                    add(entry.line, f"{label}：与系统中房号 {code} 登记的"
                                    f"{format_area(getattr(existing, attr)) or '0（未登记）'}不一致")
        if existing is None:
            gross = max((e.gross_area_dm2 or 0 for e in rows), default=0)
            indoor = max((e.indoor_area_dm2 or 0 for e in rows), default=0)
            if indoor > gross:
                for entry in rows:
                    add(entry.line, f"套内面积：房号 {code} 的套内面积大于建筑面积")


@dataclass
class _Seen:
    """What the rows checked so far claimed: people per unit, people by ID hash, plates."""

    line_by_key: dict[tuple, int] = field(default_factory=dict)
    entry_by_hash: dict[str, RosterEntry] = field(default_factory=dict)
    line_by_plate: dict[str, int] = field(default_factory=dict)


def _person_keys(entry: RosterEntry) -> list[tuple]:
    keys = [(entry.unit_code, "name+phone", entry.name, entry.phone)]
    if entry.sealed is not None:
        keys.insert(0, (entry.unit_code, "id", entry.sealed.hash))
    return keys


def _person_problem(entry: RosterEntry, seen: _Seen, check: RosterCheck, occupants, names) -> str:
    id_hash = entry.sealed.hash if entry.sealed is not None else ""
    earlier = next((seen.line_by_key[k] for k in _person_keys(entry) if k in seen.line_by_key), None)
    if earlier is not None:
        return f"重复：与第{earlier}行是同一人（证件号码相同，或姓名和手机都相同）"
    existing = check.existing_units.get(entry.unit_code)
    if existing is not None and any((id_hash and o.id_hash == id_hash) or (o.name, o.phone) == (entry.name, entry.phone)
                                    for o in occupants[existing.unit_id]):
        return f"重复：{entry.name} 已登记在房号 {entry.unit_code}，不重复导入"
    same = seen.entry_by_hash.get(id_hash) if id_hash else None
    if same is not None and (same.name, same.gender, same.phone) != (entry.name, entry.gender, entry.phone):
        return f"证件号码：与第{same.line}行相同，但姓名、性别或手机不一致"
    if same is None and id_hash in check.existing_people:
        registered = names.get(check.existing_people[id_hash], "")
        if registered != entry.name:
            return f"证件号码：已登记为住户“{registered}”，与本行姓名不一致"
    return ""


def _plate_problem(entry: RosterEntry, seen: _Seen, check: RosterCheck, plates) -> str:
    existing = check.existing_units.get(entry.unit_code)
    for plate in entry.plates:
        if plate in seen.line_by_plate:
            return f"车牌：{plate} 与第{seen.line_by_plate[plate]}行重复"
        if existing is not None and plate in plates[existing.unit_id]:
            return f"车牌：{plate} 已登记在房号 {entry.unit_code}"
    return ""


def _duplicate_problems(entries: list[RosterEntry], check: RosterCheck, occupants, plates, names, add) -> None:
    """Rows in file order: a row repeating an earlier good row, or someone already registered in the unit, is
    a problem; the first occurrence stays good."""
    seen = _Seen()
    for entry in entries:
        problem = (_person_problem(entry, seen, check, occupants, names) if entry.has_person else "") \
            or _plate_problem(entry, seen, check, plates)
        if problem:
            add(entry.line, problem)
            continue
        if entry.has_person:
            seen.line_by_key.update({key: entry.line for key in _person_keys(entry)})
            if entry.sealed is not None:
                seen.entry_by_hash.setdefault(entry.sealed.hash, entry)
        seen.line_by_plate.update({plate: entry.line for plate in entry.plates})


def check_roster(desk: Desk, rows: list[RosterRow]) -> RosterCheck:
    """Check every row; nothing is written. Each bad line is reported once, with all its reasons."""
    limit = desk.settings.get("roster.max_import_rows")
    if len(rows) > limit:
        raise ValidationError(f"名册共 {len(rows)} 行，超过单次导入上限 {limit} 行，请分成几个文件导入",
                              f"The roster has {len(rows)} rows, over the limit of {limit}")
    reasons: dict[int, list[str]] = defaultdict(list)

    def add(line: int, reason: str) -> None:
        if reason not in reasons[line]:
            reasons[line].append(reason)

    def seal(kind: IdType, number: str) -> SealedId:
        return seal_id_number(desk.cipher, number, kind)

    entries: list[RosterEntry] = []
    for row in rows:
        entry, row_reasons = validate_row(row, seal)
        if entry is None:
            reasons[row.line].extend(row_reasons)
        else:
            entries.append(entry)
    check = RosterCheck([], [])
    occupants, plates, names = _load_registry(desk, entries, check)
    _area_problems(entries, check, add)
    _duplicate_problems([e for e in entries if e.line not in reasons], check, occupants, plates, names, add)
    check.good = [e for e in entries if not reasons.get(e.line)]
    check.problems = [Problem(line, "；".join(text)) for line, text in sorted(reasons.items()) if text]
    return check


# --- importing --------------------------------------------------------------------------------------------

def build_import(check: RosterCheck, property_id: uuid.UUID, *, source: str = "") -> ImportRoster:
    """The op payload for the good rows, with a fresh id for every row it will write."""
    buildings: dict[str, RosterBuilding] = {}
    units: dict[str, RosterUnit] = {}
    unit_ids = {code: unit.unit_id for code, unit in check.existing_units.items()}
    people: list[RosterPerson] = []
    person_by_hash = dict(check.existing_people)
    occupancies: list[RosterOccupancy] = []
    vehicles: list[RosterVehicle] = []
    by_unit: dict[str, list[RosterEntry]] = defaultdict(list)
    for entry in check.good:
        by_unit[entry.unit_code].append(entry)
    for code, entries in by_unit.items():
        if code not in unit_ids:
            first = entries[0]
            building_id = check.existing_buildings.get(first.building)
            if building_id is None:
                if first.building not in buildings:
                    buildings[first.building] = RosterBuilding(building_id=new_id(), code=first.building)
                building_id = buildings[first.building].building_id
            units[code] = RosterUnit(unit_id=new_id(), building_id=building_id, entrance=first.entrance,
                                     room=first.room,
                                     gross_area_dm2=max(e.gross_area_dm2 or 0 for e in entries),
                                     indoor_area_dm2=max(e.indoor_area_dm2 or 0 for e in entries))
            unit_ids[code] = units[code].unit_id
        for entry in entries:
            person_id = None
            if entry.has_person:
                id_hash = entry.sealed.hash if entry.sealed is not None else None
                person_id = person_by_hash.get(id_hash) if id_hash else None
                if person_id is None:
                    person_id = new_id()
                    people.append(RosterPerson(person_id=person_id, name=entry.name, gender=entry.gender,
                                               phone=entry.phone, id_number=entry.sealed))
                    if id_hash:
                        person_by_hash[id_hash] = person_id
                occupancies.append(RosterOccupancy(occupancy_id=new_id(), unit_id=unit_ids[code],
                                                   person_id=person_id, role=entry.role, relation=entry.relation))
            vehicles.extend(RosterVehicle(vehicle_id=new_id(), unit_id=unit_ids[code], person_id=person_id,
                                          plate=plate) for plate in entry.plates)
    written = sum(not _writes_nothing(e, check) for e in check.good)
    return ImportRoster(at=now(), property_id=property_id, source=source[:200], rows=written,
                        buildings=list(buildings.values()), units=list(units.values()), people=people,
                        occupancies=occupancies, vehicles=vehicles)


def _writes_nothing(entry: RosterEntry, check: RosterCheck) -> bool:
    return not entry.has_person and not entry.plates and entry.unit_code in check.existing_units


def import_checked(desk: Desk, actor: Actor, check: RosterCheck, *, source: str = "") -> ImportReport:
    """Import the good rows of a check (e.g. after the GUI's preview) as one op. The registry may have
    changed since the check: the op then fails as a whole with the reason, and a new check shows it."""
    _require(actor, IMPORT_PERMISSION)
    unchanged = sum(_writes_nothing(e, check) for e in check.good)
    if unchanged == len(check.good):
        return ImportReport(0, check.problems, unchanged=unchanged)
    result = run_op(desk.engine, "registry.import_roster", build_import(check, desk.property_id, source=source),
                    actor)
    return ImportReport(len(check.good) - unchanged, check.problems, result.op_id, unchanged)


def import_roster(desk: Desk, actor: Actor, path: Path) -> ImportReport:
    _require(actor, IMPORT_PERMISSION)
    path = Path(path)
    rows = read_roster(path, max_rows=desk.settings.get("roster.max_import_rows"))
    return import_checked(desk, actor, check_roster(desk, rows), source=path.name)


# --- exporting --------------------------------------------------------------------------------------------

def export_roster(desk: Desk, actor: Actor, path: Path, *, unmask: bool = False) -> int:
    """Write the registry in the import format; returns the number of rows written. Unmasked ID numbers
    need the unmask permission, and the export is audited (with the count) before the file appears."""
    _require(actor, EXPORT_PERMISSION)
    if unmask:
        _require(actor, UNMASK_PERMISSION)
    path = Path(path)
    rows, unmasked = registry_rows(desk, unmask=unmask)
    if not unmask:
        return write_roster(path, rows)
    staged = path.with_name(f".{path.stem}.staged{path.suffix}")
    try:
        count = write_roster(staged, rows)
        with transaction(desk.engine) as session:
            append_audit(session, at=now(), action="registry.export_unmasked", actor_id=actor.clerk_id,
                         detail={"file": path.name, "rows": count, "unmasked_ids": unmasked})
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
    return count
