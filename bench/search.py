"""Search-box latency per kind of query on the demo property, beside a ``LIKE '%…%'`` scan of the same rows for
the same queries, measured in the same run. Prints JSON.

    python bench/search.py [--units 100000] [--queries 200] [--baseline-queries 40] [--seed 3] [--limit 50]

The demo (``generate_demo``, about 2.5 people per unit) is generated once and cached under bench/out/ (shared
with bench/startup.py). Queries are drawn from the database with a seeded generator: real rooms, names, name
fragments, initials, phone and plate fragments and ID numbers (decrypted with the folder's key), so every
query finds something. Each query is run once to warm the page cache, then timed; wall time and this
thread's CPU time are both reported, because the machine is shared and wall time swings with load.

The baseline is what a search box without an index would do for the same text: a ``LIKE '%text%'`` scan of the
column that kind lives in (unit codes, names, phones, plates), joined to active occupancies, all rows fetched
(ranking by tier and unit code needs them all). Pinyin initials and encrypted ID numbers have no LIKE
equivalent, so their baseline is null.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("FRONTDESK_KEYSTORE", "file")

from startup import demo_folder  # noqa: E402  (the shared, cached demo folder)

TARGET_P95_MS = 10.0

_ACTIVE_PEOPLE = ("SELECT o.unit_id FROM person p JOIN occupancy o ON o.person_id = p.id AND o.ended_at IS NULL"
                  " WHERE p.{column} LIKE :pattern")
BASELINES = {
    "room_full": "SELECT id FROM unit WHERE code LIKE :pattern",
    "room_number": "SELECT id FROM unit WHERE code LIKE :pattern",
    "name_1_char": _ACTIVE_PEOPLE.format(column="name"),
    "name_2_chars": _ACTIVE_PEOPLE.format(column="name"),
    "name_full": _ACTIVE_PEOPLE.format(column="name"),
    "initials": None,
    "phone_fragment": _ACTIVE_PEOPLE.format(column="phone"),
    "plate_fragment": "SELECT unit_id FROM vehicle WHERE removed_at IS NULL AND plate LIKE :pattern",
    "id_number": None,
}


def draw_queries(engine, cipher, rng: random.Random, per_kind: int) -> dict[str, list[tuple[str, str]]]:
    """(text typed in the box, text given to LIKE) per kind of query."""
    from sqlalchemy import select

    from app.domain.names import name_initials
    from app.store.db import reading
    from app.store.models import Occupancy, Person, Unit, Vehicle

    with reading(engine) as session:
        units = session.execute(select(Unit.code)).scalars().all()
        people = session.execute(
            select(Person.name, Person.phone, Person.id_number_enc)
            .join(Occupancy, (Occupancy.person_id == Person.id) & Occupancy.ended_at.is_(None))).all()
        plates = session.execute(select(Vehicle.plate).where(Vehicle.removed_at.is_(None))).scalars().all()
    with_phone = [p for p in people if len(p.phone) >= 8]
    with_id = [p for p in people if p.id_number_enc]

    def many(make) -> list[tuple[str, str]]:
        return [make() for _ in range(per_kind)]

    def room_full():
        code = rng.choice(units)
        building, entrance, room = code.split("-")
        return rng.choice([code, f"{building}栋{entrance}单元{room}"]), code

    def name_part(length):
        name = rng.choice([p.name for p in rng.sample(people, 5) if len(p.name) >= length] or ["张三"])
        start = rng.randrange(len(name) - length + 1)
        return name[start:start + length]

    def phone_fragment():
        phone = rng.choice(with_phone).phone
        size = rng.choice([4, 4, 4, 5, 6, 7])
        start = rng.choice([len(phone) - size, rng.randrange(len(phone) - size + 1)])  # tails are common
        return phone[start:start + size]

    def plate_fragment():
        plate = rng.choice(plates)
        size = rng.choice([3, 4, 5])
        start = rng.randrange(1, len(plate) - size + 1)
        return plate[start:start + size]

    def same(make):
        return lambda: (lambda text: (text, text))(make())

    return {
        "room_full": many(room_full),
        "room_number": many(same(lambda: rng.choice(units).split("-")[2])),
        "name_1_char": many(same(lambda: name_part(1))),
        "name_2_chars": many(same(lambda: name_part(2))),
        "name_full": many(same(lambda: rng.choice(people).name)),
        "initials": many(same(lambda: name_initials(rng.choice(people).name)[0])),
        "phone_fragment": many(same(phone_fragment)),
        "plate_fragment": many(same(plate_fragment)),
        "id_number": many(same(lambda: cipher.decrypt(rng.choice(with_id).id_number_enc))),
    }


def timed(run) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.thread_time()
    result = run()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000, result


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": round(statistics.median(ordered), 3), "p95": round(pick(0.95), 3), "max": round(ordered[-1], 3)}


def measure(engine, cipher, queries: dict, limit: int, baseline_queries: int) -> dict:
    from sqlalchemy import text

    from app.store.search import search

    results = {}
    with engine.connect() as connection:
        for kind, pairs in queries.items():
            for typed, _ in pairs:  # warm the page cache
                search(engine, typed, cipher=cipher, limit=limit)
            walls, cpus, hits, found = [], [], [], 0
            for typed, _ in pairs:
                wall, cpu, answer = timed(lambda t=typed: search(engine, t, cipher=cipher, limit=limit))
                walls.append(wall)
                cpus.append(cpu)
                hits.append(len(answer))
                found += bool(answer)
            row = {"queries": len(pairs), "examples": [typed for typed, _ in pairs[:4]],
                   "found_something": found, "mean_hits": round(statistics.mean(hits), 1),
                   "search_wall_ms": percentiles(walls), "search_cpu_ms": percentiles(cpus),
                   "within_target_p95": percentiles(walls)["p95"] <= TARGET_P95_MS}
            baseline = BASELINES[kind]
            if baseline is not None:
                statement = text(baseline)
                for _, plain in pairs[:3]:  # a scan reads the whole table: a few warm the page cache
                    connection.execute(statement, {"pattern": f"%{plain}%"}).all()
                like_walls, like_cpus = [], []
                for _, plain in pairs[:baseline_queries]:  # a scan costs about the same whatever the text
                    wall, cpu, _rows = timed(lambda p=plain, s=statement: connection.execute(s, {"pattern": f"%{p}%"}).all())
                    like_walls.append(wall)
                    like_cpus.append(cpu)
                like = percentiles(like_walls)
                row.update({"like_queries": min(len(pairs), baseline_queries), "like_wall_ms": like, "like_cpu_ms": percentiles(like_cpus),
                            "like_over_search_p50": round(like["p50"] / max(row["search_wall_ms"]["p50"], 1e-6), 1),
                            "like_over_search_p95": round(like["p95"] / max(row["search_wall_ms"]["p95"], 1e-6), 1)})
            else:
                row["like_wall_ms"] = None
            results[kind] = row
            connection.rollback()
    return results


def database_figures(engine) -> dict:
    from sqlalchemy import text

    with engine.connect() as connection:
        counts = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("unit", "person", "occupancy", "vehicle", "search_entry")}
        try:
            sizes = dict(connection.execute(text(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name")).all())
            index_bytes = sum(size for name, size in sizes.items()
                              if name.startswith("search_") or name == "sqlite_autoindex_search_entry_1")
            figures = {"database_mb": round(sum(sizes.values()) / 1e6, 1), "search_index_mb": round(index_bytes / 1e6, 1)}
        except Exception:  # dbstat is an optional SQLite module
            figures = {}
    return {"rows": counts, **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--limit", type=int, default=50, help="units per answer, as the search box asks")
    parser.add_argument("--baseline-queries", type=int, default=40, help="LIKE scans per kind (the first N queries)")
    parser.add_argument("--data-dir", help="an existing desk folder instead of the cached demo")
    args = parser.parse_args()

    from app.ops.desk import open_desk

    folder = Path(args.data_dir) if args.data_dir else demo_folder(args.units)
    started = time.perf_counter()
    desk = open_desk(folder)  # rebuilds the search index if it was made by other code (ensure_search_index)
    opened_seconds = round(time.perf_counter() - started, 2)
    try:
        queries = draw_queries(desk.engine, desk.cipher, random.Random(args.seed), args.queries)
        report = {
            "benchmark": "search", "data_dir": str(folder), "limit": args.limit, "seed": args.seed,
            "target_p95_ms": TARGET_P95_MS, **database_figures(desk.engine),
            "open_desk_seconds": opened_seconds,
            "kinds": measure(desk.engine, desk.cipher, queries, args.limit, args.baseline_queries),
        }
    finally:
        desk.close()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
