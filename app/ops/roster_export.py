"""The registry as roster rows, in the import format: units in building-entrance-room order, each unit's
current occupants (owners first), their plates; a unit nobody occupies, and vehicles registered to a unit
rather than to one of its current occupants, get a row without a person. Read in one snapshot."""

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from app.domain.registry import OCCUPANCY_ROLE_ZH, IdType, OccupancyRole
from app.domain.roster import ROLE_ORDER, RosterRow, format_area, format_id_cell, join_plates
from app.ops.desk import Desk
from app.store.db import reading
from app.store.models import Occupancy, Person, Unit, Vehicle


@dataclass(frozen=True)
class _Occupant:
    person_id: uuid.UUID
    role: OccupancyRole
    relation: str
    order: tuple


def _unit_order(building: str, entrance: str, room: str) -> tuple:
    return (0, int(building), "") if building.isdigit() else (1, 0, building), int(entrance), int(room)


def _id_cell(person, cipher, unmask: bool) -> str:
    kind = IdType(person.id_type) if person.id_type in IdType._value2member_map_ else IdType.OTHER
    if not person.id_number_enc:
        return ""
    number = cipher.decrypt(person.id_number_enc) if unmask else person.id_number_masked
    return format_id_cell(kind, number)


def registry_rows(desk: Desk, *, unmask: bool = False) -> tuple[list[RosterRow], int]:
    """The rows, and how many of them carry an unmasked ID number."""
    property_id = desk.property_id
    occupants: dict[uuid.UUID, list[_Occupant]] = defaultdict(list)
    plates: dict[uuid.UUID, dict[uuid.UUID | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    with reading(desk.engine) as session:
        units = session.execute(select(Unit.id, Unit.code, Unit.gross_area_dm2, Unit.indoor_area_dm2)
                                .where(Unit.property_id == property_id)).all()
        for row in session.execute(select(Occupancy.unit_id, Occupancy.person_id, Occupancy.role,
                                          Occupancy.relation, Occupancy.created_at, Occupancy.id)
                                   .where(Occupancy.property_id == property_id, Occupancy.ended_at.is_(None))):
            role = OccupancyRole(row.role)
            occupants[row.unit_id].append(_Occupant(row.person_id, role, row.relation,
                                                    (ROLE_ORDER.index(role), row.created_at, row.id)))
        for row in session.execute(select(Vehicle.unit_id, Vehicle.person_id, Vehicle.plate)
                                   .where(Vehicle.property_id == property_id, Vehicle.removed_at.is_(None))
                                   .order_by(Vehicle.created_at, Vehicle.id)):
            plates[row.unit_id][row.person_id].append(row.plate)
        people = {p.id: p for p in session.execute(
            select(Person.id, Person.name, Person.gender, Person.phone, Person.id_type, Person.id_number_enc,
                   Person.id_number_masked).where(Person.property_id == property_id))}
    rows: list[RosterRow] = []
    unmasked = 0
    for unit in sorted(units, key=lambda u: _unit_order(*u.code.split("-"))):
        unit_cells = (unit.code, format_area(unit.gross_area_dm2), format_area(unit.indoor_area_dm2))
        present = sorted(occupants.get(unit.id, []), key=lambda o: o.order)
        unit_plates = plates.get(unit.id, {})
        for occupant in present:
            person = people[occupant.person_id]
            id_cell = _id_cell(person, desk.cipher, unmask)
            unmasked += bool(unmask and id_cell)
            rows.append(RosterRow(0, *unit_cells, person.name, person.gender, OCCUPANCY_ROLE_ZH[occupant.role],
                                  occupant.relation, person.phone, id_cell,
                                  join_plates(unit_plates.get(occupant.person_id, []))))
        present_ids = {o.person_id for o in present}
        unowned = [plate for person_id, found in unit_plates.items() if person_id not in present_ids
                   for plate in found]
        if unowned or not present:
            rows.append(RosterRow(0, *unit_cells, plates=join_plates(unowned)))
    return rows, unmasked
