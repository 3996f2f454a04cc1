"""The household search index: FTS5 entries per unit, per active occupant and per active vehicle, kept right
by SQLite triggers on every write path (ORM ops, Core ``executemany`` bulk loads, rows applied from sync).

``search_entry`` holds one row per indexed thing with a short ``source`` (``r`` + room code; ``p`` + name, phone,
role, person id, pinyin initials; ``v`` + plate, holder): the terms come from it, and so do the people a hit
lists. ``search_fts`` indexes the terms the Python function ``fd_search_terms`` makes from a source. Terms are whole tokens with a two-letter kind prefix (``np王`` = a name starting with 王), so every
query is an exact token look-up, or an AND of a few n-grams, never a scan.

Entry numbers put the index in unit-code order: a unit's key grows with its code in natural order (2-1-101
before 10-1-101) and its entries are numbered ``key << 12 | slot`` (slot 0 is the unit's own entry). FTS5
returns matches in entry order, so "the first 50 units by unit code" are the first rows of a look-up, with no
sort, however many people a one-character query matches.

The FTS table takes its content from the view ``search_doc`` (external content), so terms are stored once,
as the source. Deleting an entry's terms re-derives them from the stored source, so the terms a source yields
must not change under an existing index: bump ``TERMS_VERSION`` when they do. ``ensure_search_index`` (run
after every schema upgrade) compares the stored CREATE statements with this code's and rebuilds on any
difference. A table rebuild (Alembic batch mode, ``recreate``) of unit, occupancy, person or vehicle drops
their triggers and fails on the others' references: such a migration calls ``drop_search_schema`` first;
the start-up check then builds the index again.
"""

import functools
import re
import zlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError

from app.domain.rooms import parse_room
from app.store.db import on_sqlite_connect, transaction

FIELD_SEP = "\x1f"
UNIT_SOURCE, PERSON_SOURCE, VEHICLE_SOURCE = "r", "p", "v"
SLOT_BITS = 12  # entries per unit: its own, then active occupants and vehicles
SLOTS = 1 << SLOT_BITS
SAME_RANK_KEYS = 16  # units whose codes rank alike (two properties on one database) share a range of keys
NAME_FRAGMENT_MAX = 4  # name substrings up to this length are terms; longer queries AND their 4-grams
PHONE_GRAM = 4
PLATE_FRAGMENT_MIN, PLATE_FRAGMENT_MAX = 3, 5
# Bump when the terms a source yields change: the stored schema then differs and the index is rebuilt at start.
TERMS_VERSION = 1

# Term kinds: two lowercase ASCII letters (FTS5's ascii tokenizer folds ASCII case).
ROOM_CODE, ROOM_BUILDING_ROOM, ROOM_NUMBER, ROOM_BUILDING = "ru", "rb", "rn", "rk"
NAME_EXACT, NAME_PREFIX, NAME_FRAGMENT = "ne", "np", "nf"
INITIALS_EXACT, INITIALS_PREFIX = "ie", "ip"
PHONE_EXACT, PHONE_TAIL, PHONE_FRAGMENT = "pe", "pt", "pf"
PLATE_EXACT, PLATE_PREFIX, PLATE_FRAGMENT = "ve", "vp", "vf"
ROOM_JOIN = "·"  # not ASCII, so the ascii tokenizer keeps 3·2·1501 as one token

_NOT_TOKEN = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+")  # ASCII other than letters and digits
_NAME_DOTS = re.compile("[·•・]")


def token_text(value: str) -> str:
    """The value as one FTS5 ascii-tokenizer token: ASCII punctuation and spaces dropped, ASCII lowered."""
    return _NOT_TOKEN.sub("", value).lower()


def name_key(name: str) -> str:
    """A name as indexed and as looked up: 阿依古丽·买买提 and 阿依古丽买买提 are the same name."""
    return _NAME_DOTS.sub("", token_text(name))


def room_parts(code: str) -> tuple[str, str, str] | None:
    """``(building, entrance, room)`` of a full unit code, normalized as the search box normalizes queries."""
    query = parse_room(code)
    return (query.building, query.entrance, query.room) if query and query.is_complete else None


def room_token(*parts: str) -> str:
    return token_text(ROOM_JOIN.join(parts))


def unit_rank(code: str) -> int:
    """An integer ordering unit codes naturally: building (1..999, then A.., Z..), entrance, room."""
    parts = room_parts(code)
    if parts and int(parts[1]) < 100 and int(parts[2]) < 100_000:
        building, entrance, room = parts
        if building.isdigit():
            building_rank = int(building)
        else:  # a letter and up to two digits (A座, B2座)
            building_rank = 1000 + (ord(building[0]) - ord("A")) * 100 + int(building[1:] or 0)
        return (building_rank * 100 + int(entrance)) * 100_000 + int(room)
    return 4_000 * 100 * 100_000 + zlib.crc32(code.encode("utf-8"))  # unusual codes sort after the rest


def _substrings(value: str, start: int, min_len: int, max_len: int) -> Iterable[str]:
    for i in range(start, len(value)):
        for length in range(min_len, max_len + 1):
            if i + length <= len(value):
                yield value[i:i + length]


def grams(value: str, size: int) -> list[str]:
    return [value[i:i + size] for i in range(len(value) - size + 1)]


def room_terms(code: str) -> list[str]:
    parts = room_parts(code)
    if parts is None:
        return [ROOM_CODE + token_text(code)]
    building, entrance, room = parts
    return [ROOM_CODE + room_token(building, entrance, room), ROOM_BUILDING_ROOM + room_token(building, room),
            ROOM_NUMBER + room_token(room), ROOM_BUILDING + room_token(building)]


def name_terms(name: str) -> list[str]:
    key = name_key(name)
    if not key:
        return []
    terms = [NAME_EXACT + key]
    terms += [NAME_PREFIX + key[:n] for n in range(1, len(key))]
    # Substrings not at the start: those at the start are prefixes, found in a better tier.
    terms += [NAME_FRAGMENT + s for s in _substrings(key, 1, 1, NAME_FRAGMENT_MAX)]
    return terms


@functools.lru_cache(maxsize=65_536)
def initials_of(name: str) -> str:
    """The name's pinyin initials variants, comma-separated, stored in the entry's source: the terms are made
    from the stored variants (a newer pypinyin cannot make a delete miss), and the result list reads them
    without pypinyin, which takes ~0.1 ms a name."""
    from app.domain.names import name_initials  # importing pypinyin loads its dictionaries: only when needed

    return ",".join(name_initials(name))


def initials_terms(initials: str) -> list[str]:
    terms = []
    for variant in filter(None, initials.split(",")):
        terms.append(INITIALS_EXACT + variant)
        terms += [INITIALS_PREFIX + variant[:n] for n in range(1, len(variant))]
    return terms


def phone_terms(phone: str) -> list[str]:
    digits = token_text(phone)
    if len(digits) < PHONE_GRAM:
        return []
    terms = [PHONE_EXACT + digits]
    terms += [PHONE_TAIL + digits[-n:] for n in range(PHONE_GRAM, len(digits))]
    # The last gram is the 4-digit tail, already a PHONE_TAIL term.
    terms += [PHONE_FRAGMENT + g for g in grams(digits, PHONE_GRAM)[:-1]]
    return terms


def plate_terms(plate: str) -> list[str]:
    key = token_text(plate)
    if not key:
        return []
    terms = [PLATE_EXACT + key]
    terms += [PLATE_PREFIX + key[:n] for n in range(2, len(key))]
    terms += [PLATE_FRAGMENT + s for s in _substrings(key, 1, PLATE_FRAGMENT_MIN, PLATE_FRAGMENT_MAX)]
    return terms


def parse_source(source: str) -> tuple[str, list[str]]:
    """``(kind, fields)``: unit ``[code]``; person ``[name, phone, role, person id hex, initials]``;
    vehicle ``[plate, holder's person id hex or '']``."""
    kind, *fields = source.split(FIELD_SEP)
    return kind, fields


@functools.lru_cache(maxsize=4096)  # deleting an entry's terms derives them again from its source
def _person_terms(name: str, phone: str, initials: str) -> str:
    return " ".join(dict.fromkeys(name_terms(name) + initials_terms(initials) + phone_terms(phone)))


def source_terms(source: str) -> str:
    kind, fields = parse_source(source)
    if kind == UNIT_SOURCE:
        return " ".join(room_terms(fields[0]))
    if kind == PERSON_SOURCE:
        return _person_terms(fields[0], fields[1], fields[4])
    if kind == VEHICLE_SOURCE:
        return " ".join(dict.fromkeys(plate_terms(fields[0])))
    return ""


def register_search_functions(dbapi_connection) -> None:
    """The SQL functions the triggers call (deterministic: same source, same terms)."""
    dbapi_connection.create_function("fd_search_terms", 1, source_terms, deterministic=True)
    dbapi_connection.create_function("fd_unit_rank", 1, unit_rank, deterministic=True)
    dbapi_connection.create_function("fd_initials", 1, initials_of, deterministic=True)


on_sqlite_connect(register_search_functions)


# --- schema: created by migration 0002, kept here so a later migration can drop and re-create it ---------

def _source_sql(kind: str, *columns: str) -> str:
    return f" || char({ord(FIELD_SEP)}) || ".join([f"'{kind}'", *columns])


# Sources also carry what the result list shows (role, person ids), so a hit's people are read from its own
# few entries, next to each other in the table, instead of from rows all over the file.
UNIT_SOURCE_SQL = _source_sql(UNIT_SOURCE, "{u}.code")
PERSON_SOURCE_SQL = _source_sql(PERSON_SOURCE, "{p}.name", "{p}.phone", "{o}.role", "hex({o}.person_id)",
                                "fd_initials({p}.name)")
VEHICLE_SOURCE_SQL = _source_sql(VEHICLE_SOURCE, "{v}.plate", "coalesce(hex({v}.person_id), '')")

# What the index must hold: (ref, unit_id, source) for every unit, active occupancy and active vehicle.
EXPECTED_SQL = (
    f"SELECT u.id AS ref, u.id AS unit_id, {UNIT_SOURCE_SQL.format(u='u')} AS source FROM unit u"
    f" UNION ALL SELECT o.id, o.unit_id, {PERSON_SOURCE_SQL.format(p='p', o='o')} FROM occupancy o"
    "  JOIN person p ON p.id = o.person_id WHERE o.ended_at IS NULL"
    f" UNION ALL SELECT v.id, v.unit_id, {VEHICLE_SOURCE_SQL.format(v='v')} FROM vehicle v"
    "  WHERE v.removed_at IS NULL"
)

SCHEMA: tuple[tuple[str, str], ...] = (  # (name, statement)
    ("search_entry",
     "CREATE TABLE search_entry (entry INTEGER PRIMARY KEY, ref BLOB NOT NULL UNIQUE, source TEXT NOT NULL)"),
    ("search_doc", "CREATE VIEW search_doc AS SELECT entry, fd_search_terms(source) AS terms"
                   f" /* terms v{TERMS_VERSION} */ FROM search_entry"),
    ("search_fts", "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_doc', content_rowid='entry',"
                   " tokenize='ascii', detail='none', columnsize=0)"),
)


def _drop(ref: str) -> str:
    return f"DELETE FROM search_entry WHERE ref = {ref};"


def _add(ref: str, unit_id: str, source: str, active: str) -> str:
    """Index ``ref`` in the first free slot of its unit's range, when ``active``. Any old entry goes first,
    so an INSERT OR REPLACE of the row (which fires no delete trigger) cannot leave two."""
    free_slot = f"""(SELECT min(e.entry) + 1 FROM search_entry u JOIN search_entry e
                      ON e.entry BETWEEN u.entry AND u.entry + {SLOTS - 2}
                     WHERE u.ref = {unit_id}
                       AND NOT EXISTS (SELECT 1 FROM search_entry f WHERE f.entry = e.entry + 1))"""
    return _drop(ref) + f"""
    INSERT INTO search_entry(entry, ref, source)
        SELECT slot, {ref}, src FROM (SELECT {free_slot} AS slot, ({source}) AS src)
        WHERE {active} AND slot IS NOT NULL AND src IS NOT NULL;"""


# A new unit's key: the first of its rank's keys not taken (after them all, if every one is).
_ADD_UNIT = _drop("NEW.id") + f"""
    INSERT INTO search_entry(entry, ref, source)
        SELECT (CASE WHEN top IS NULL THEN low WHEN top + 1 < low + {SAME_RANK_KEYS} THEN top + 1
                     ELSE (SELECT max(entry) >> {SLOT_BITS} FROM search_entry) + 1 END) << {SLOT_BITS},
               NEW.id, {UNIT_SOURCE_SQL.format(u='NEW')}
        FROM (SELECT low, (SELECT max(entry) >> {SLOT_BITS} FROM search_entry
                           WHERE entry BETWEEN low << {SLOT_BITS}
                                           AND ((low + {SAME_RANK_KEYS}) << {SLOT_BITS}) - 1) AS top
              FROM (SELECT fd_unit_rank(NEW.code) * {SAME_RANK_KEYS} AS low));"""

# search_entry -> search_fts (the external-content pattern); the registry triggers only touch search_entry.
_FTS_INSERT = "INSERT INTO search_fts(rowid, terms) VALUES (NEW.entry, fd_search_terms(NEW.source));"
_FTS_DELETE = ("INSERT INTO search_fts(search_fts, rowid, terms)"
               " VALUES ('delete', OLD.entry, fd_search_terms(OLD.source));")

_PERSON_OF = f"(SELECT {PERSON_SOURCE_SQL.format(p='p', o='NEW')} FROM person p WHERE p.id = NEW.person_id)"
_PERSON_ENTRIES = "SELECT id FROM occupancy WHERE person_id = NEW.id AND ended_at IS NULL"

TRIGGERS: tuple[tuple[str, str, str], ...] = (  # (name, when, body)
    ("search_entry_ai", "AFTER INSERT ON search_entry", _FTS_INSERT),
    ("search_entry_ad", "AFTER DELETE ON search_entry", _FTS_DELETE),
    ("search_entry_au", "AFTER UPDATE OF entry, source ON search_entry", _FTS_DELETE + _FTS_INSERT),
    ("search_unit_ai", "AFTER INSERT ON unit", _ADD_UNIT),
    # A unit's key follows its code; no op renumbers a unit, and moving its entries is not worth the risk.
    ("search_unit_code_bu", "BEFORE UPDATE OF code ON unit WHEN OLD.code IS NOT NEW.code",
     "SELECT RAISE(ABORT, '房号创建后不能修改 (a unit code cannot change)');"),
    ("search_unit_ad", "AFTER DELETE ON unit", _drop("OLD.id")),
    ("search_occupancy_ai", "AFTER INSERT ON occupancy",
     _add("NEW.id", "NEW.unit_id", _PERSON_OF, "NEW.ended_at IS NULL")),
    ("search_occupancy_au", "AFTER UPDATE OF id, unit_id, person_id, role, ended_at ON occupancy WHEN"
     " OLD.id IS NOT NEW.id OR OLD.unit_id IS NOT NEW.unit_id OR OLD.person_id IS NOT NEW.person_id"
     " OR OLD.role IS NOT NEW.role OR OLD.ended_at IS NOT NEW.ended_at",
     _drop("OLD.id") + _add("NEW.id", "NEW.unit_id", _PERSON_OF, "NEW.ended_at IS NULL")),
    ("search_occupancy_ad", "AFTER DELETE ON occupancy", _drop("OLD.id")),
    ("search_person_au", "AFTER UPDATE OF name, phone ON person"
     " WHEN OLD.name IS NOT NEW.name OR OLD.phone IS NOT NEW.phone",
     f"UPDATE search_entry SET source = (SELECT {PERSON_SOURCE_SQL.format(p='NEW', o='o')} FROM occupancy o"
     f" WHERE o.id = search_entry.ref) WHERE ref IN ({_PERSON_ENTRIES});"),
    ("search_vehicle_ai", "AFTER INSERT ON vehicle",
     _add("NEW.id", "NEW.unit_id", VEHICLE_SOURCE_SQL.format(v="NEW"), "NEW.removed_at IS NULL")),
    ("search_vehicle_au", "AFTER UPDATE OF id, unit_id, person_id, plate, removed_at ON vehicle WHEN"
     " OLD.id IS NOT NEW.id OR OLD.unit_id IS NOT NEW.unit_id OR OLD.person_id IS NOT NEW.person_id"
     " OR OLD.plate IS NOT NEW.plate OR OLD.removed_at IS NOT NEW.removed_at",
     _drop("OLD.id") + _add("NEW.id", "NEW.unit_id", VEHICLE_SOURCE_SQL.format(v="NEW"), "NEW.removed_at IS NULL")),
    ("search_vehicle_ad", "AFTER DELETE ON vehicle", _drop("OLD.id")),
)


def create_search_schema(connection: Connection) -> None:
    """The index's table, view, FTS table and triggers (SQLite only), filled from the current rows."""
    register_search_functions(connection.connection.dbapi_connection)  # a migration's connection predates us
    for _name, statement in SCHEMA:
        connection.exec_driver_sql(statement)
    _fill(connection)
    _create_triggers(connection)


def drop_search_schema(connection: Connection) -> None:
    _drop_triggers(connection)
    for statement in ("DROP TABLE IF EXISTS search_fts", "DROP VIEW IF EXISTS search_doc",
                      "DROP TABLE IF EXISTS search_entry"):
        connection.exec_driver_sql(statement)


def _create_triggers(connection: Connection) -> None:
    for name, when, body in TRIGGERS:
        connection.exec_driver_sql(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def _drop_triggers(connection: Connection) -> None:
    for name, _when, _body in TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def expected_schema() -> dict[str, str]:
    """name → CREATE statement of every index object this code makes (SQLite keeps the statement verbatim)."""
    objects = dict(SCHEMA)
    for name, when, body in TRIGGERS:
        objects[name] = f"CREATE TRIGGER {name} {when} BEGIN {body} END"
    return objects


def search_schema_is_current(connection: Connection) -> bool:
    """Whether the database holds exactly the index objects this code makes (cheap: reads sqlite_master)."""
    expected = expected_schema()
    found = dict(connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE name LIKE 'search%' AND sql IS NOT NULL").all())
    return {name: found.get(name) for name in expected} == expected


def ensure_search_index(engine: Engine) -> bool:
    """Rebuild the index if this database's differs from what this code makes (a new version's term rules, or
    triggers a table rebuild dropped); called after every schema upgrade. True when it rebuilt."""
    with engine.connect() as connection:
        if search_schema_is_current(connection):
            return False
    with transaction(engine) as session:
        connection = session.connection()
        drop_search_schema(connection)
        create_search_schema(connection)
    return True


def _fill(connection: Connection) -> None:
    units = connection.exec_driver_sql("SELECT id, code FROM unit").all()
    keys: dict[bytes, int] = {}
    taken: set[int] = set()
    for unit_id, code in sorted(units, key=lambda row: (unit_rank(row[1]), row[1], bytes(row[0]))):
        low = unit_rank(code) * SAME_RANK_KEYS
        key = next((k for k in range(low, low + SAME_RANK_KEYS) if k not in taken), None)
        keys[bytes(unit_id)] = key if key is not None else max(taken) + 1
        taken.add(keys[bytes(unit_id)])
    next_slot = dict.fromkeys(keys, 1)
    rows = []
    for ref, unit_id, source in connection.exec_driver_sql(EXPECTED_SQL):
        unit = bytes(unit_id)
        if ref == unit_id:
            entry = keys[unit] << SLOT_BITS
        else:
            entry, next_slot[unit] = (keys[unit] << SLOT_BITS) + next_slot[unit], next_slot[unit] + 1
        rows.append({"entry": entry, "ref": ref, "source": source})
    connection.exec_driver_sql("DELETE FROM search_entry")
    if rows:
        connection.execute(text("INSERT INTO search_entry(entry, ref, source) VALUES (:entry, :ref, :source)"),
                           rows)
    connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def rebuild_search_index(engine: Engine) -> None:
    """Re-derive the whole index from the registry (after the term rules change, or to repair it)."""
    with transaction(engine) as session:
        connection = session.connection()
        _drop_triggers(connection)  # FTS 'rebuild' re-indexes every entry at once; DDL is transactional here
        _fill(connection)
        _create_triggers(connection)


def search_index_problems(engine: Engine) -> list[str]:
    """How the index differs from the registry (for tests and a health check); empty when it is right."""
    with engine.connect() as connection:
        wrong = connection.exec_driver_sql(
            f"SELECT count(*) FROM ({EXPECTED_SQL}) x"
            " LEFT JOIN search_entry e ON e.ref = x.ref LEFT JOIN search_entry u ON u.ref = x.unit_id"
            f" WHERE e.source IS NOT x.source OR e.entry >> {SLOT_BITS} IS NOT u.entry >> {SLOT_BITS}").scalar()
        extra = connection.exec_driver_sql(
            f"SELECT count(*) FROM search_entry WHERE ref NOT IN (SELECT ref FROM ({EXPECTED_SQL}))").scalar()
        triggers = set(connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
        current = search_schema_is_current(connection)
        try:
            connection.exec_driver_sql("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
            damaged = []
        except DatabaseError as err:
            damaged = [f"全文索引与索引条目不一致：{err.orig}"]
    missing = [name for name, _when, _body in TRIGGERS if name not in triggers]
    return ([f"{wrong} 条索引条目缺失或过期"] if wrong else []) + ([f"{extra} 条索引条目已无对应记录"] if extra else []) \
        + [f"缺少触发器 {name}" for name in missing] + damaged \
        + ([] if current or missing else ["搜索索引的表或触发器与本版本不同"])
