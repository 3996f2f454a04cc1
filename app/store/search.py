"""The one search box: finds households by room, name, pinyin initials, phone, plate or ID number.

Each kind of query is a plugin (``@query_kind``) that looks at the typed text and, when the text could be of
its kind, returns probes into the index (``app.store.search_index``) with a tier, plus a test saying which of
a unit's people it matched. Tiers: 0 an exact room; 1 an exact name, ID number, plate or phone (or a partial
room such as ``1501``); 2 prefixes (name, plate, phone tail 尾号, whole initials); 3 fragments. Within a tier
units come in unit-code order. Each probe is asked only for as many units as can still make the list, so a
one-character query that matches thousands of people reads a few dozen index entries, not thousands.
"""

import heapq
import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple

from sqlalchemy.engine import Engine

from app.core.crypto import FieldCipher
from app.domain.idcard import normalize_id_number
from app.domain.phone import mask_phone, normalize_phone
from app.domain.plates import normalize_plate
from app.domain.registry import OCCUPANCY_ROLE_ZH, OccupancyRole
from app.domain.rooms import parse_room
from app.store import search_index as ix

TIER_ROOM, TIER_EXACT, TIER_PREFIX, TIER_FRAGMENT = 0, 1, 2, 3
_ROLE_ORDER = {role.value: index for index, role in enumerate(OccupancyRole)}


class PersonMatch(NamedTuple):  # a tuple, not a dataclass: a long answer makes a few hundred of them
    person_id: uuid.UUID
    name: str
    role: str
    role_label: str
    phone_masked: str
    matched: bool

    def as_dict(self) -> dict:
        return {**self._asdict(), "person_id": str(self.person_id)}


@dataclass(frozen=True)
class UnitHit:
    unit_id: uuid.UUID
    unit_code: str
    tier: int
    why: str
    people: list[PersonMatch]  # the unit's active people, matched ones first

    def as_dict(self) -> dict:
        return {"unit_id": str(self.unit_id), "unit_code": self.unit_code, "tier": self.tier, "why": self.why,
                "people": [person.as_dict() for person in self.people]}


@dataclass(slots=True)
class PersonFacts:
    """What a kind may test to say a person in a found unit is one the query matched."""

    person_id: uuid.UUID
    name: str
    phone: str
    initials: tuple[str, ...]  # pinyin initials variants (several for polyphones)
    plates: tuple[str, ...]  # of the vehicles registered to this person in the unit


# (cursor, n) -> keys of the first n units, ascending. The cursor is a DB-API cursor on the desk's SQLite,
# inside the search's one read transaction (SQLAlchemy's per-statement cost would be most of the time here).
Finder = Callable[[sqlite3.Cursor, int], list[int]]


@dataclass(frozen=True)
class Probe:
    tier: int
    why: str
    find: Finder


@dataclass(frozen=True)
class QueryPlan:
    probes: list[Probe]
    matches: Callable[[PersonFacts], bool] | None = None


QueryKind = Callable[[str, FieldCipher | None], QueryPlan | None]
QUERY_KINDS: dict[str, QueryKind] = {}


def query_kind(name: str) -> Callable[[QueryKind], QueryKind]:
    """Register a kind of query (later: IC card numbers typed by the card reader)."""
    def register(kind: QueryKind) -> QueryKind:
        QUERY_KINDS[name] = kind
        return kind
    return register


# --- probes ------------------------------------------------------------------------------------------------

def _match_expression(terms: list[str]) -> str:
    return " AND ".join(f'"{term}"' for term in dict.fromkeys(terms))


def _first_units(rows, n: int, check: Callable[[str], bool] | None = None) -> list[int]:
    """Unit keys of the first entries (in entry order, so unit order) until ``n`` units: a unit may have
    several matching entries (two people named 王), and a checked probe skips entries failing ``check``."""
    units: list[int] = []
    for entry, source in rows:
        unit = entry >> ix.SLOT_BITS
        if (not units or units[-1] != unit) and (check is None or check(source)):
            units.append(unit)
            if len(units) == n:
                break
    return units


_BY_TERMS = "SELECT rowid, NULL FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid"
_BY_TERMS_WITH_SOURCE = ("SELECT f.rowid, e.source FROM search_fts f JOIN search_entry e ON e.entry = f.rowid"
                         " WHERE search_fts MATCH ? ORDER BY f.rowid")


def term_probe(tier: int, why: str, term: str, check: Callable[[str], bool] | None = None,
               *more_terms: str) -> Probe:
    """Units with an entry holding ``term`` (and ``more_terms``) whose source passes ``check``. Long queries
    are looked up by their n-grams; ``check`` then drops entries holding them all but not in a row."""
    sql = _BY_TERMS if check is None else _BY_TERMS_WITH_SOURCE
    expression = _match_expression([term, *more_terms])

    def find(cursor: sqlite3.Cursor, n: int) -> list[int]:
        return _first_units(cursor.execute(sql, (expression,)), n, check)
    return Probe(tier, why, find)


def gram_probe(tier: int, why: str, kind: str, key: str, size: int, check: Callable[[list[str]], bool]) -> Probe:
    terms = [kind + g for g in ix.grams(key, size)]
    return term_probe(tier, why, terms[0], lambda source: check(ix.parse_source(source)[1]), *terms[1:])


# --- kinds -------------------------------------------------------------------------------------------------

@query_kind("room")
def room_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    room = parse_room(query)
    if room is None:
        return None
    if room.is_complete:
        probe = term_probe(TIER_ROOM, "房号", ix.ROOM_CODE + ix.room_token(room.building, room.entrance, room.room))
    elif room.building and room.room:
        probe = term_probe(TIER_EXACT, "房号", ix.ROOM_BUILDING_ROOM + ix.room_token(room.building, room.room))
    elif room.room:
        probe = term_probe(TIER_EXACT, "房号", ix.ROOM_NUMBER + ix.room_token(room.room))
    else:
        probe = term_probe(TIER_EXACT, "楼栋", ix.ROOM_BUILDING + ix.room_token(room.building))
    return QueryPlan([probe])


_NAME_KEY = re.compile(r"^[\u3400-\u9fffa-z]+$")


@query_kind("name")
def name_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    key = ix.name_key(query)
    if not _NAME_KEY.match(key):
        return None
    probes = [term_probe(TIER_EXACT, "姓名", ix.NAME_EXACT + key),
              term_probe(TIER_PREFIX, "姓名", ix.NAME_PREFIX + key)]
    if len(key) <= ix.NAME_FRAGMENT_MAX:
        probes.append(term_probe(TIER_FRAGMENT, "姓名", ix.NAME_FRAGMENT + key))
    else:
        probes.append(gram_probe(TIER_FRAGMENT, "姓名", ix.NAME_FRAGMENT, key, ix.NAME_FRAGMENT_MAX,
                                 lambda fields: key in ix.name_key(fields[0])))
    return QueryPlan(probes, lambda person: key in ix.name_key(person.name))


_INITIALS = re.compile(r"^[a-z]{1,12}$")


@query_kind("initials")
def initials_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    key = query.strip().lower()
    if not _INITIALS.match(key):
        return None
    probes = [term_probe(TIER_PREFIX, "拼音首字母", ix.INITIALS_EXACT + key),
              term_probe(TIER_FRAGMENT, "拼音首字母", ix.INITIALS_PREFIX + key)]
    return QueryPlan(probes, lambda person: any(v.startswith(key) for v in person.initials))


_PHONE_QUERY = re.compile(r"^\d{4,12}$")


@query_kind("phone")
def phone_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    digits = normalize_phone(query)
    if not _PHONE_QUERY.match(digits):
        return None
    probes = [term_probe(TIER_EXACT, "电话", ix.PHONE_EXACT + digits),
              term_probe(TIER_PREFIX, "电话尾号", ix.PHONE_TAIL + digits)]
    if len(digits) == ix.PHONE_GRAM:
        probes.append(term_probe(TIER_FRAGMENT, "电话", ix.PHONE_FRAGMENT + digits))
    else:
        probes.append(gram_probe(TIER_FRAGMENT, "电话", ix.PHONE_FRAGMENT, digits, ix.PHONE_GRAM,
                                 lambda fields: digits in fields[1]))
    return QueryPlan(probes, lambda person: digits in person.phone)


_PLATE_QUERY = re.compile(r"^[\u3400-\u9fffa-z0-9]{2,8}$")


@query_kind("plate")
def plate_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    key = ix.token_text(normalize_plate(query))
    if not _PLATE_QUERY.match(key) or not re.search(r"[a-z0-9]", key):
        return None
    probes = [term_probe(TIER_EXACT, "车牌", ix.PLATE_EXACT + key),
              term_probe(TIER_PREFIX, "车牌", ix.PLATE_PREFIX + key)]
    if ix.PLATE_FRAGMENT_MIN <= len(key) <= ix.PLATE_FRAGMENT_MAX:
        probes.append(term_probe(TIER_FRAGMENT, "车牌", ix.PLATE_FRAGMENT + key))
    elif len(key) > ix.PLATE_FRAGMENT_MAX:
        probes.append(gram_probe(TIER_FRAGMENT, "车牌", ix.PLATE_FRAGMENT, key, ix.PLATE_FRAGMENT_MAX,
                                 lambda fields: key in ix.token_text(fields[0])))
    return QueryPlan(probes, lambda person: any(key in ix.token_text(p) for p in person.plates))


_ID_QUERY = re.compile(r"^(?=.*\d)[0-9A-Z]{5,20}$")
_BY_ID_HASH = ("SELECT e.entry, p.id FROM person p JOIN occupancy o ON o.person_id = p.id AND o.ended_at IS NULL"
               " JOIN search_entry e ON e.ref = o.id WHERE p.id_number_hash = ? ORDER BY e.entry")


@query_kind("id_number")
def id_number_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    number = normalize_id_number(query)
    if cipher is None or not _ID_QUERY.match(number):
        return None
    digest = cipher.lookup_hash(number)
    holders: set[uuid.UUID] = set()  # filled by the look-up, which runs before the hits are assembled

    def find(cursor: sqlite3.Cursor, n: int) -> list[int]:
        rows = cursor.execute(_BY_ID_HASH, (digest,)).fetchall()
        holders.update(uuid.UUID(bytes=bytes(person_id)) for _entry, person_id in rows)
        return _first_units(rows, n)
    return QueryPlan([Probe(TIER_EXACT, "证件号", find)], lambda person: person.person_id in holders)


# --- the search --------------------------------------------------------------------------------------------

def search(engine: Engine, text: str, *, cipher: FieldCipher | None = None, limit: int = 50) -> list[UnitHit]:
    """Households matching what was typed in the search box, best first; [] for empty text."""
    # NFKC: a Chinese input method may type full-width digits and letters (１５０１, ＡＢ).
    query = unicodedata.normalize("NFKC", text or "").strip()
    if not query or limit <= 0:
        return []
    plans = [plan for kind in QUERY_KINDS.values() if (plan := kind(query, cipher)) is not None]
    probes = sorted((probe for plan in plans for probe in plan.probes), key=lambda probe: probe.tier)
    found: dict[int, tuple[int, str]] = {}  # unit key -> (tier, why), in result order
    with engine.connect() as connection, connection.begin():  # one snapshot for every probe and the load
        cursor = connection.connection.dbapi_connection.cursor()
        for tier, same_tier in groupby(probes, key=lambda probe: probe.tier):
            if len(found) >= limit:
                break
            # A probe's first `limit` units hold every unit it can still add: at most len(found) of them
            # were found in a better tier, and the list needs limit - len(found) more.
            streams = [[(unit, order, probe.why) for unit in probe.find(cursor, limit)]
                       for order, probe in enumerate(same_tier)]  # a unit two probes find: the first kind says why
            for unit, _order, why in heapq.merge(*streams):
                if unit not in found:
                    found[unit] = (tier, why)
                    if len(found) >= limit:
                        break
        return _hits(cursor, found, [plan.matches for plan in plans if plan.matches])


_UNIT_ENTRIES = "SELECT entry, ref, source FROM search_entry WHERE entry BETWEEN ? AND ?"


_UNITS_PER_STATEMENT = 100  # SQLite allows 500 terms in a compound SELECT


def _unit_entries(cursor: sqlite3.Cursor, keys: list[int]) -> dict[int, list[tuple[bytes, str]]]:
    """Each unit's entries (its own first): a few adjacent rows per unit, many units per statement."""
    entries: dict[int, list[tuple[int, bytes, str]]] = {key: [] for key in keys}
    for start in range(0, len(keys), _UNITS_PER_STATEMENT):
        chunk = keys[start:start + _UNITS_PER_STATEMENT]
        sql = " UNION ALL ".join([_UNIT_ENTRIES] * len(chunk))
        bounds = [bound for key in chunk for bound in (key << ix.SLOT_BITS, (key << ix.SLOT_BITS) + ix.SLOTS - 1)]
        for entry, ref, source in cursor.execute(sql, bounds):
            entries[entry >> ix.SLOT_BITS].append((entry, ref, source))
    return {key: [(ref, source) for _entry, ref, source in sorted(rows)] for key, rows in entries.items()}


def _hits(cursor: sqlite3.Cursor, found: dict[int, tuple[int, str]],
          tests: list[Callable[[PersonFacts], bool]]) -> list[UnitHit]:
    """The found units with their active people, read from each unit's own index entries (adjacent rows)."""
    if not found:
        return []
    hits = []
    unit_entries = _unit_entries(cursor, list(found))
    for key, (tier, why) in found.items():
        rows = unit_entries[key]
        unit_id, code = uuid.UUID(bytes=bytes(rows[0][0])), ix.parse_source(rows[0][1])[1][0]
        people: dict[str, list[str]] = {}  # person id hex -> [name, phone, role, person id hex, initials]
        plates: dict[str, list[str]] = {}
        for _ref, source in rows[1:]:
            kind, fields = ix.parse_source(source)
            if kind == ix.PERSON_SOURCE:
                earlier = people.get(fields[3])
                # One person with two ties to the unit (owner and tenant of a second lease): the stronger one.
                if earlier is None or _ROLE_ORDER.get(fields[2], 9) < _ROLE_ORDER.get(earlier[2], 9):
                    people[fields[3]] = fields
            elif kind == ix.VEHICLE_SOURCE and fields[1]:
                plates.setdefault(fields[1], []).append(fields[0])
        matches = []
        for name, phone, role, person_hex, initials in people.values():
            person_id = uuid.UUID(int=int(person_hex, 16))
            facts = PersonFacts(person_id, name, phone, tuple(initials.split(",")), tuple(plates.get(person_hex, ())))
            matches.append(PersonMatch(person_id, name, role, OCCUPANCY_ROLE_ZH.get(role, role),
                                       mask_phone(phone) if phone else "", any(test(facts) for test in tests)))
        matches.sort(key=lambda m: (not m.matched, _ROLE_ORDER.get(m.role, 9), m.name))
        hits.append(UnitHit(unit_id, code, tier, why, matches))
    return hits
