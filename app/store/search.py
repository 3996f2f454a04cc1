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
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import groupby

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection, Engine

from app.core.crypto import FieldCipher
from app.domain.idcard import normalize_id_number
from app.domain.phone import mask_phone, normalize_phone
from app.domain.plates import normalize_plate
from app.domain.registry import OCCUPANCY_ROLE_ZH, OccupancyRole
from app.domain.rooms import parse_room
from app.store import search_index as ix

TIER_ROOM, TIER_EXACT, TIER_PREFIX, TIER_FRAGMENT = 0, 1, 2, 3
_ROLE_ORDER = {role.value: index for index, role in enumerate(OccupancyRole)}


@dataclass(frozen=True)
class PersonMatch:
    person_id: uuid.UUID
    name: str
    role: str
    role_label: str
    phone_masked: str
    matched: bool


@dataclass(frozen=True)
class UnitHit:
    unit_id: uuid.UUID
    unit_code: str
    tier: int
    why: str
    people: list[PersonMatch]  # the unit's active people, matched ones first

    def as_dict(self) -> dict:
        data = asdict(self)
        data["unit_id"] = str(self.unit_id)
        for person in data["people"]:
            person["person_id"] = str(person["person_id"])
        return data


@dataclass(frozen=True)
class PersonFacts:
    """What a kind may test to say a person in a found unit is one the query matched."""

    name: str
    phone: str
    id_number_hash: str
    plates: tuple[str, ...]


Finder = Callable[[Connection, int], list[int]]  # (connection, n) -> keys of the first n units, ascending


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


_BY_TERMS = text("SELECT rowid, NULL FROM search_fts WHERE search_fts MATCH :q ORDER BY rowid")
_BY_TERMS_WITH_SOURCE = text(
    "SELECT f.rowid, e.source FROM search_fts f JOIN search_entry e ON e.entry = f.rowid"
    " WHERE search_fts MATCH :q ORDER BY f.rowid")


def term_probe(tier: int, why: str, term: str, check: Callable[[str], bool] | None = None,
               *more_terms: str) -> Probe:
    """Units with an entry holding ``term`` (and ``more_terms``) whose source passes ``check``. Long queries
    are looked up by their n-grams; ``check`` then drops entries holding them all but not in a row."""
    sql = _BY_TERMS if check is None else _BY_TERMS_WITH_SOURCE
    expression = _match_expression([term, *more_terms])

    def find(connection: Connection, n: int) -> list[int]:
        result = connection.execute(sql, {"q": expression})
        try:
            return _first_units(result, n, check)
        finally:
            result.close()
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


_NAME_KEY = re.compile(r"^[\u3400-\u9fffa-z·•]+$")


@query_kind("name")
def name_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    key = ix.token_text(query)
    if not _NAME_KEY.match(key):
        return None
    probes = [term_probe(TIER_EXACT, "姓名", ix.NAME_EXACT + key),
              term_probe(TIER_PREFIX, "姓名", ix.NAME_PREFIX + key)]
    if len(key) <= ix.NAME_FRAGMENT_MAX:
        probes.append(term_probe(TIER_FRAGMENT, "姓名", ix.NAME_FRAGMENT + key))
    else:
        probes.append(gram_probe(TIER_FRAGMENT, "姓名", ix.NAME_FRAGMENT, key, ix.NAME_FRAGMENT_MAX,
                                 lambda fields: key in ix.token_text(fields[0])))
    return QueryPlan(probes, lambda person: key in ix.token_text(person.name))


_INITIALS = re.compile(r"^[a-z]{1,12}$")


@query_kind("initials")
def initials_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    key = query.strip().lower()
    if not _INITIALS.match(key):
        return None
    probes = [term_probe(TIER_PREFIX, "拼音首字母", ix.INITIALS_EXACT + key),
              term_probe(TIER_FRAGMENT, "拼音首字母", ix.INITIALS_PREFIX + key)]
    return QueryPlan(probes, lambda person: any(v.startswith(key) for v in ix.cached_initials(person.name)))


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
_BY_ID_HASH = text(
    "SELECT e.entry, NULL FROM person p JOIN occupancy o ON o.person_id = p.id AND o.ended_at IS NULL"
    " JOIN search_entry e ON e.ref = o.id WHERE p.id_number_hash = :h ORDER BY e.entry")


@query_kind("id_number")
def id_number_query(query: str, cipher: FieldCipher | None) -> QueryPlan | None:
    number = normalize_id_number(query)
    if cipher is None or not _ID_QUERY.match(number):
        return None
    digest = cipher.lookup_hash(number)

    def find(connection: Connection, n: int) -> list[int]:
        return _first_units(connection.execute(_BY_ID_HASH, {"h": digest}).all(), n)
    return QueryPlan([Probe(TIER_EXACT, "证件号", find)], lambda person: person.id_number_hash == digest)


# --- the search --------------------------------------------------------------------------------------------

def search(engine: Engine, text_: str, *, cipher: FieldCipher | None = None, limit: int = 50) -> list[UnitHit]:
    query = (text_ or "").strip()
    if not query or limit <= 0:
        return []
    plans = [plan for kind in QUERY_KINDS.values() if (plan := kind(query, cipher)) is not None]
    probes = sorted((probe for plan in plans for probe in plan.probes), key=lambda probe: probe.tier)
    found: dict[int, tuple[int, str]] = {}  # unit key -> (tier, why), in result order
    with engine.connect() as connection:
        for tier, same_tier in groupby(probes, key=lambda probe: probe.tier):
            if len(found) >= limit:
                break
            # A probe's first `limit` units hold every unit it can still add: at most len(found) of them
            # were found in a better tier, and the list needs limit - len(found) more.
            streams = [[(unit, order, probe.why) for unit in probe.find(connection, limit)]
                       for order, probe in enumerate(same_tier)]  # a unit two probes find: the first kind says why
            for unit, _order, why in heapq.merge(*streams):
                if unit not in found:
                    found[unit] = (tier, why)
                    if len(found) >= limit:
                        break
        return _hits(connection, found, [plan.matches for plan in plans if plan.matches])


_UNITS = text(
    f"SELECT e.entry >> {ix.SLOT_BITS}, u.id, u.code, o.role, p.id, p.name, p.phone, p.id_number_hash"
    " FROM search_entry e JOIN unit u ON u.id = e.ref"
    " LEFT JOIN occupancy o ON o.unit_id = u.id AND o.ended_at IS NULL"
    " LEFT JOIN person p ON p.id = o.person_id"
    " WHERE e.entry IN :entries").bindparams(bindparam("entries", expanding=True))
_PLATES = text(
    "SELECT v.person_id, v.plate FROM vehicle v WHERE v.unit_id IN :units AND v.removed_at IS NULL"
    " AND v.person_id IS NOT NULL").bindparams(bindparam("units", expanding=True))


def _hits(connection: Connection, found: dict[int, tuple[int, str]],
          tests: list[Callable[[PersonFacts], bool]]) -> list[UnitHit]:
    if not found:
        return []
    rows = connection.execute(_UNITS, {"entries": [unit << ix.SLOT_BITS for unit in found]}).all()
    plates: dict[bytes, list[str]] = {}
    for person_id, plate in connection.execute(_PLATES, {"units": list({row[1] for row in rows})}):
        plates.setdefault(person_id, []).append(plate)
    units: dict[int, tuple[bytes, str]] = {}
    people: dict[int, dict[bytes, PersonMatch]] = {}
    for key, unit_id, code, role, person_id, name, phone, id_hash in rows:
        units[key] = (unit_id, code)
        members = people.setdefault(key, {})
        if person_id is None:
            continue
        earlier = members.get(person_id)
        if earlier is not None and _ROLE_ORDER.get(earlier.role, 9) <= _ROLE_ORDER.get(role, 9):
            continue  # one person with two ties to the unit: show the stronger one
        facts = PersonFacts(name, phone, id_hash, tuple(plates.get(person_id, ())))
        members[person_id] = PersonMatch(
            person_id=uuid.UUID(bytes=bytes(person_id)), name=name, role=role,
            role_label=OCCUPANCY_ROLE_ZH.get(role, role), phone_masked=mask_phone(phone) if phone else "",
            matched=any(test(facts) for test in tests))
    hits = []
    for key, (tier, why) in found.items():
        unit_id, code = units[key]
        ordered = sorted(people[key].values(),
                         key=lambda m: (not m.matched, _ROLE_ORDER.get(m.role, 9), m.name))
        hits.append(UnitHit(uuid.UUID(bytes=bytes(unit_id)), code, tier, why, ordered))
    return hits
