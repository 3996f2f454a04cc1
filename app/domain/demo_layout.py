"""The buildings and rooms of the demo property: a mix of 6-storey walk-ups (多层), 11-storey mid-rises (小高层)
and 18–33-storey towers (高层), handed over in phases. Every unit on a floor position has the same plan up the
building, so areas repeat the way they do on a real estate. Pure planning on a seeded ``random.Random``.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from app.domain.rooms import unit_code

# A large benchmark property (tens of thousands of units) uses towers only, so building codes stay ≤ 999.
LARGE_PROPERTY_UNITS = 30_000
MAX_BUILDINGS = 999


@dataclass(frozen=True)
class _Kind:
    name: str
    floors: tuple[int, ...]
    entrances: tuple[int, int]
    per_floor: tuple[int, int]
    areas_m2: tuple[int, ...]
    efficiency: tuple[float, float]  # 套内 / 建筑面积 (the shared-area share grows with lifts and height)
    weight: float


_KINDS = (
    _Kind("多层", (6,), (2, 4), (2, 2), (76, 89, 98, 105, 118), (0.84, 0.88), 0.25),
    _Kind("小高层", (11,), (2, 3), (2, 2), (89, 98, 110, 128), (0.80, 0.84), 0.30),
    _Kind("高层", (18,), (1, 2), (3, 4), (89, 98, 110, 128, 143), (0.76, 0.80), 0.25),
    _Kind("高层", (26, 28, 30, 32, 33), (1, 2), (2, 4), (98, 110, 128, 143, 165), (0.74, 0.78), 0.20),
)
_LARGE_KIND = _Kind("高层", (26, 28, 30, 32, 33), (2, 3), (3, 4), (89, 98, 110, 128, 143), (0.74, 0.78), 1.0)
# Handover phases (一期, 二期, 三期): years before the demo's reference date, month, day.
_PHASES = ((7, 6, 28), (4, 9, 26), (2, 12, 20))


@dataclass(frozen=True)
class BuildingPlan:
    code: str
    kind: str
    entrances: int
    floors: int
    per_floor: int
    gross_dm2: tuple[int, ...]  # by position on a floor (01, 02, …)
    efficiency: float
    handover: date

    @property
    def unit_count(self) -> int:
        return self.entrances * self.floors * self.per_floor


@dataclass(frozen=True)
class UnitPlan:
    building: BuildingPlan
    entrance: str
    floor: int
    room: str
    gross_area_dm2: int
    indoor_area_dm2: int

    @property
    def code(self) -> str:
        return unit_code(self.building.code, self.entrance, self.room)


def max_units() -> int:
    kind = _LARGE_KIND
    return MAX_BUILDINGS * kind.entrances[0] * min(kind.floors) * kind.per_floor[0]


def plan_buildings(rng: random.Random, units: int, as_of: date) -> list[BuildingPlan]:
    """Enough buildings for ``units`` units (the last one may be only partly used)."""
    if not 1 <= units <= max_units():
        raise ValueError(f"units must be between 1 and {max_units()}")
    kinds = (_LARGE_KIND,) if units > LARGE_PROPERTY_UNITS else _KINDS
    shapes: list[tuple] = []
    total = 0
    while total < units:
        kind = rng.choices(kinds, weights=[k.weight for k in kinds])[0]
        per_floor = rng.randint(*kind.per_floor)
        areas = sorted(rng.choices(kind.areas_m2, k=per_floor))
        # Corner units (first and last on the floor) get the larger plans.
        by_position = [areas[-1], *areas[:-2], areas[-2]] if per_floor > 2 else areas[::-1]
        gross = tuple(m2 * 100 + rng.randrange(100) for m2 in by_position)
        shape = (kind.name, rng.randint(*kind.entrances), rng.choice(kind.floors), per_floor, gross,
                 round(rng.uniform(*kind.efficiency), 3))
        shapes.append(shape)
        total += shape[1] * shape[2] * shape[3]
    phases = [date(as_of.year - years, month, day) for years, month, day in _PHASES]
    phase_count = 1 if len(shapes) < 4 else (2 if len(shapes) < 12 else 3)
    return [BuildingPlan(str(index + 1), name, entrances, floors, per_floor, gross, efficiency,
                         phases[index * phase_count // len(shapes)])
            for index, (name, entrances, floors, per_floor, gross, efficiency) in enumerate(shapes)]


def plan_units(buildings: list[BuildingPlan], units: int) -> Iterator[UnitPlan]:
    """Units building by building, entrance by entrance, floor by floor: ``3-2-1501`` is building 3,
    entrance 2, floor 15, position 01. Stops after exactly ``units``."""
    produced = 0
    for building in buildings:
        for entrance in range(1, building.entrances + 1):
            for floor in range(1, building.floors + 1):
                for position, gross in enumerate(building.gross_dm2, start=1):
                    if produced == units:
                        return
                    produced += 1
                    yield UnitPlan(building, str(entrance), floor, f"{floor}{position:02d}", gross,
                                   round(gross * building.efficiency))
