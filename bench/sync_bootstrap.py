"""bench/sync.py part (a): a new desk bootstrapping a 100,000-unit property over loopback HTTP.

The property is a generated demo (``generate_demo``, registry only: units, people, occupancies, vehicles,
authorizations, notes, accounts; cached under bench/out/sync-demo-N). The server is a real ``frontdesk-server
serve`` (uvicorn, SQLite, 127.0.0.1) whose database holds that property: by default a copy of the demo's database
with the property registered on the server (quick); with ``--bootstrap-setup upload`` the demo desk is enrolled
with its data and uploads it, timed and reported (slow: the set-up, not the target).

Timed: an empty desk enrolls with a one-time code and bootstraps through app.sync (snapshot pages of every
synced table, per-table counts checked, then the pull from the snapshot's cursor), exactly as ``frontdesk
enroll`` does. Its row counts are checked against the demo's.

Raw baseline in the same run: the same rows as JSON over loopback HTTP (a bare Starlette app on uvicorn reading
the server's SQLite file with sqlite3), inserted into a fresh database of the same schema (the same indexes and
search-index triggers) with sqlite3 ``executemany``. Target: bootstrap ≤ 3× the baseline.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from proc_meter import free_port, wait_healthy
from sync_push import _stop

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 3.0
PAGE = 5000


def add_arguments(parser) -> None:
    group = parser.add_argument_group("part a: bootstrap of a new desk")
    group.add_argument("--bootstrap-units", type=int, default=100_000, help="units of the demo property (cached)")
    group.add_argument("--bootstrap-setup", choices=("copy", "upload"), default="copy",
                       help="how the server gets the property: a copy of the demo database, or the desk's upload")
    group.add_argument("--keep", action="store_true", help="keep the bench's folders (their path is printed)")


def _serve(command: list[str], health: str, env: dict | None = None) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_healthy(process, health)
    except BaseException:
        process.kill()
        raise
    return process


def copy_desk(source: Path, target: Path) -> None:
    """A consistent copy of a desk folder (the database through SQLite's backup API, the key, the settings)."""
    target.mkdir(parents=True)
    with sqlite3.connect(source / "frontdesk.sqlite") as src, sqlite3.connect(target / "frontdesk.sqlite") as dst:
        src.backup(dst)
    shutil.copytree(source / "keys", target / "keys")
    if (source / "settings.json").exists():
        shutil.copy(source / "settings.json", target / "settings.json")


def start_server(work: Path) -> tuple[subprocess.Popen, str, object]:
    """A migrated SQLite server database and ``frontdesk-server serve`` on it; returns (process, url, engine)."""
    from app.server.config import make_engine
    from app.store.migrate import upgrade_to_head

    url = f"sqlite:///{work / 'server.sqlite'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = _serve([sys.executable, "-m", "app.server", "serve", "--db", url, "--port", str(port)],
                     f"{base}/v1/health")
    return process, base, engine


def _admin(desk):
    from sqlalchemy import select

    from app.ops.clerks import actor_of
    from app.store.db import reading
    from app.store.models import Clerk

    with reading(desk.engine) as session:
        return actor_of(session.scalar(select(Clerk).where(Clerk.username == "admin")))


def _baseline(work: Path, server_db: Path) -> dict:
    """The same rows, bare: JSON pages over loopback HTTP into the same schema with sqlite3 executemany."""
    from app.store.db import sqlite_engine
    from app.store.migrate import upgrade_to_head
    from app.store.replication import synced_tables
    from app.store.types import CompactUUID

    target = sqlite_engine(work / "baseline.sqlite")
    upgrade_to_head(target)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = _serve([sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "--port", str(port),
                      "--log-level", "warning", "sync_bootstrap_baseline:app"], f"{base}/health",
                     env={"BENCH_SERVER_DB": str(server_db)})
    raw = target.raw_connection()
    rows = 0
    try:
        start = time.perf_counter()
        with httpx.Client(base_url=base, timeout=120) as client:
            for table in synced_tables():
                uuid_columns = {c.key for c in table.columns if isinstance(c.type, CompactUUID)}
                after = ""
                while True:
                    page = client.get("/rows", params={"table": table.name, "after": after, "limit": PAGE}).json()
                    columns = page["columns"]
                    blobs = [i for i, name in enumerate(columns) if name in uuid_columns]
                    insert = (f'INSERT INTO "{table.name}" ({", ".join(columns)}) '
                              f'VALUES ({", ".join("?" for _ in columns)})')
                    values = []
                    for row in page["rows"]:
                        for i in blobs:
                            if row[i] is not None:
                                row[i] = bytes.fromhex(row[i])
                        values.append(row)
                    cursor = raw.cursor()
                    cursor.execute("BEGIN IMMEDIATE")
                    cursor.executemany(insert, values)
                    cursor.execute("COMMIT")
                    rows += len(values)
                    if page["next_after"] is None:
                        break
                    after = page["next_after"]
        seconds = time.perf_counter() - start
    finally:
        raw.close()
        target.dispose()
        _stop(process)
    return {"seconds": round(seconds, 2), "rows": rows, "rows_per_second": round(rows / seconds)}


def demo_folder(units: int) -> Path:
    """A registry-only demo of ``units`` units, generated once (the cashier's months would be most of the rows)."""
    from app.core.paths import database_path
    from app.ops.demo import generate_demo

    folder = HERE / "out" / f"sync-demo-{units}"
    if not database_path(folder).exists():
        print(f"generating the {units:,}-unit demo in {folder} (once)…", file=sys.stderr, flush=True)
        generate_demo(folder, units=units, billing=False,
                      progress=lambda text: print(text, file=sys.stderr, flush=True))
    return folder


def _readonly(folder: Path):
    from app.store.db import sqlite_engine

    return sqlite_engine(folder / "frontdesk.sqlite")


def _demo_property(engine):
    from sqlalchemy import select

    from app.store.db import reading
    from app.store.models import Property

    with reading(engine) as session:
        return session.scalars(select(Property)).one()


def _server_from_copy(work: Path, source: Path) -> None:
    """The server's database: the demo's rows, with the property registered on the server (its field key)."""
    from app.core.keystore import export_key
    from app.server.config import make_engine
    from app.store.db import transaction
    from app.store.models import Device
    from app.store.sync_models import ServerProperty

    with sqlite3.connect(source / "frontdesk.sqlite") as src, sqlite3.connect(work / "server.sqlite") as dst:
        src.backup(dst)
    engine = make_engine(f"sqlite:///{work / 'server.sqlite'}")
    with transaction(engine) as session:
        property_id = session.get(Device, 1).property_id
        session.add(ServerProperty(property_id=property_id, field_key=export_key(source).strip(), initialized=True,
                                   created_at=datetime.now(UTC)))
    engine.dispose()


def run(args) -> dict:
    from app.ops.desk import open_desk
    from app.server.devices import issue_enrollment_code
    from app.server.properties import create_property
    from app.sync.enroll import enroll
    from app.sync.initial import local_counts

    source = demo_folder(args.bootstrap_units)
    work = Path(tempfile.mkdtemp(prefix="bench-sync-a-"))
    server = None
    try:
        upload_seconds = None
        demo = _readonly(source)
        prop, expected = _demo_property(demo), local_counts(demo)
        demo.dispose()
        if args.bootstrap_setup == "copy":
            _server_from_copy(work, source)
            server, base, engine = start_server(work)
        else:
            copy_desk(source, work / "standalone")
            server, base, engine = start_server(work)
            create_property(engine, prop.code, prop.name)
            standalone = open_desk(work / "standalone")
            start = time.perf_counter()
            enroll(standalone, base, issue_enrollment_code(engine, prop.code).code, actor=_admin(standalone))
            upload_seconds = round(time.perf_counter() - start, 2)
            standalone.close()

        fresh = open_desk(work / "new")
        start = time.perf_counter()
        report = enroll(fresh, base, issue_enrollment_code(engine, prop.code).code)
        bootstrap_seconds = time.perf_counter() - start
        loaded = local_counts(fresh.engine)
        fresh.close()
        engine.dispose()
        _stop(server)
        server = None

        baseline = _baseline(work, work / "server.sqlite")
        rows = sum(expected.values())
        ratio = bootstrap_seconds / baseline["seconds"]
        return {
            "units": args.bootstrap_units, "rows": rows, "setup": args.bootstrap_setup, "mode": report.initial.mode,
            "counts_match": loaded == expected, "upload_seconds": upload_seconds,
            "bootstrap_seconds": round(bootstrap_seconds, 2),
            "bootstrap_rows_per_second": round(rows / bootstrap_seconds),
            "baseline": baseline,
            "ratio_to_baseline": round(ratio, 2), "target_ratio": TARGET_RATIO,
            "ok": loaded == expected and ratio <= TARGET_RATIO,
            "work_dir": str(work) if args.keep else None,
        }
    finally:
        if server is not None:
            _stop(server)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
