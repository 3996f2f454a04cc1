"""bench/sync.py part (d): a standalone desk holding a property's data enrolls with an empty property on a real
server and uploads it as the property's initial state; on SQLite and on PostgreSQL.

The desk is a copy of the cached demo (``bench/out/demo-N``, the same cache as bench/startup.py: the registry and the
cashier's six months; 100,000 units ≈ 1.18 million synced rows). The server is a real ``frontdesk-server serve``
(uvicorn, one process, 127.0.0.1) over a fresh SQLite file or a PostgreSQL database the bench creates and drops
(URL from $FRONTDESK_TEST_PG, default postgresql://postgres@127.0.0.1:5432/test), with the property created empty.

Timed: ``frontdesk enroll``'s path in this process (app.sync.enroll.enroll as the desk's admin): the enrollment,
the desk adopting the server's property id, then the upload (every synced table read in one snapshot, pages of
5,000 rows, the closing page with the counts). ``upload_seconds`` runs from the first upload request to the end;
``rows_per_second`` is over it. Checked afterwards: the server's per-table counts for the property equal the desk's
and the property is open to other desks.

Raw baseline in the same run: the same rows read from the uploaded desk's database with sqlite3 (in the same table
order, pages of 5,000), posted as JSON over loopback HTTP to a bare Starlette app on uvicorn that inserts each page
with one ``executemany`` into a fresh database of the same schema on the same kind of database
(bench/sync_upload_baseline.py). CPU seconds of the server, PostgreSQL's backends and this process (the desk) from
/proc, for both.
"""

import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from proc_meter import CpuMeter, free_port
from startup import demo_folder
from sync_bootstrap import _admin, _serve, copy_desk
from sync_bootstrap_baseline import _plain
from sync_push import DEFAULT_PG, _database, _drop, _stop

HERE = Path(__file__).resolve().parent
PAGE = 5000
KINDS = ("sqlite", "postgresql")


def add_arguments(parser) -> None:
    group = parser.add_argument_group("part d: initial upload of a standalone desk")
    group.add_argument("--upload-units", type=int, default=100_000,
                       help="units of the demo property (cached under bench/out/demo-N with its cashier's months)")
    group.add_argument("--upload-db", action="append", choices=KINDS,
                       help="the server's database (repeatable); default: both")


class _FirstUpload(httpx.HTTPTransport):
    """Notes when the desk sends its first upload page (the enrollment and the adoption come before)."""

    started: float | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.started is None and request.url.path == "/v1/upload":
            self.started = time.perf_counter()
        return super().handle_request(request)


def _cpu(measured: dict) -> dict:
    """CpuMeter's figures, this process named for what it runs here (the desk)."""
    return {("desk" if key == "bench_clients" else key): value for key, value in measured.items()}


def _target(kind: str, work: Path, admin_url: str, label: str) -> tuple[str, str | None]:
    """A database URL for the server or the baseline, and the PostgreSQL database's name (to drop)."""
    if kind == "sqlite":
        return f"sqlite:///{work / f'{label}.sqlite'}", None
    name, url = _database(admin_url)
    return url, name


def _server_counts(engine, property_id: uuid.UUID) -> tuple[dict[str, int], bool]:
    from sqlalchemy import func, select

    from app.server.scope import scope_filter
    from app.store.db import reading
    from app.store.replication import synced_tables
    from app.store.sync_models import ServerProperty

    with reading(engine) as session:
        counts = {t.name: session.scalar(select(func.count()).select_from(t).where(scope_filter(t, property_id)))
                  for t in synced_tables()}
        return counts, bool(session.get(ServerProperty, property_id).initialized)


def _tear_down(process, engine, admin_url: str, database: str | None) -> None:
    """Stop the server process (if still running), close the engine, drop the PostgreSQL database (if one)."""
    if process is not None:
        _stop(process)
    engine.dispose()
    if database:
        _drop(admin_url, database)


def _upload(kind: str, work: Path, admin_url: str, code: str, name: str) -> tuple[dict, Path]:
    from app.ops.desk import open_desk
    from app.server.config import make_engine
    from app.server.devices import issue_enrollment_code
    from app.server.properties import create_property
    from app.store.migrate import upgrade_to_head
    from app.sync.enroll import enroll
    from app.sync.initial import local_counts

    url, database = _target(kind, work, admin_url, "server")
    engine = make_engine(url)
    process = None
    try:
        upgrade_to_head(engine)
        property_id = create_property(engine, code, name)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        process = _serve([sys.executable, "-m", "app.server", "serve", "--db", url, "--port", str(port),
                          "--log-level", "warning"], f"{base}/v1/health")
        desk_dir = work / f"desk-{kind}"
        desk = open_desk(desk_dir)
        expected = local_counts(desk.engine)
        transport = _FirstUpload()
        meter = CpuMeter(process.pid, admin_url, database or "")
        meter.start()
        start = time.perf_counter()
        enroll(desk, base, issue_enrollment_code(engine, code).code, actor=_admin(desk), transport=transport)
        end = time.perf_counter()
        cpu = meter.stop()
        desk.close()
        _stop(process)
        process = None
        counts, opened = _server_counts(engine, property_id)
        rows = sum(expected.values())
        seconds = end - transport.started
        return {"rows": rows, "counts_match": counts == expected, "opened_to_other_desks": opened,
                "enroll_seconds": round(end - start, 2), "adopt_seconds": round(transport.started - start, 2),
                "upload_seconds": round(seconds, 2), "rows_per_second": round(rows / seconds),
                "cpu_seconds": _cpu(cpu)}, desk_dir
    finally:
        _tear_down(process, engine, admin_url, database)


def _pages(desk_db: Path):
    """The desk's synced rows as the bootstrap baseline sends them (column names, value lists, blobs as hex), in
    the upload's table order, rows pointing at their own table after the others."""
    from sqlalchemy import Boolean

    import app.store.schema  # noqa: F401  (every table on the metadata)
    from app.store.types import CompactUUID
    from app.sync.upload_pages import upload_order

    with sqlite3.connect(f"file:{desk_db}?mode=ro", uri=True) as conn:
        for table in upload_order():
            columns = [c.name for c in table.columns]
            blobs = [i for i, c in enumerate(table.columns) if isinstance(c.type, CompactUUID)]
            flags = [i for i, c in enumerate(table.columns) if isinstance(c.type, Boolean)]
            order = [f'"{fk.parent.name}" IS NOT NULL' for fk in table.foreign_keys if fk.column.table is table]
            cursor = conn.execute(f'SELECT {", ".join(columns)} FROM "{table.name}" ORDER BY '
                                  + ", ".join([*order, "id"]))
            while chunk := cursor.fetchmany(PAGE):
                yield {"table": table.name, "columns": columns, "blobs": blobs, "flags": flags,
                       "rows": [[_plain(value) for value in row] for row in chunk]}


def _baseline(kind: str, work: Path, admin_url: str, desk_db: Path) -> dict:
    from app.server.config import make_engine
    from app.store.migrate import upgrade_to_head

    url, database = _target(kind, work, admin_url, "baseline")
    engine = make_engine(url)
    process = None
    try:
        upgrade_to_head(engine)
        engine.dispose()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        process = _serve([sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "--port", str(port),
                          "--log-level", "warning", "sync_upload_baseline:app"], f"{base}/health",
                         env={"BENCH_TARGET_DB": url, "FRONTDESK_KEYSTORE": "file"})
        meter = CpuMeter(process.pid, admin_url, database or "")
        rows = 0
        meter.start()
        start = time.perf_counter()
        with httpx.Client(base_url=base, timeout=300) as client:
            for page in _pages(desk_db):
                client.post("/insert", content=json.dumps(page)).raise_for_status()
                rows += len(page["rows"])
        seconds = time.perf_counter() - start
        cpu = meter.stop()
        return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds),
                "cpu_seconds": _cpu(cpu)}
    finally:
        _tear_down(process, engine, admin_url, database)


def _demo_property(source: Path) -> tuple[str, str]:
    with sqlite3.connect(f"file:{source / 'frontdesk.sqlite'}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT code, name FROM property").fetchone()


def run(args) -> dict:
    from app.core.paths import database_path

    admin_url = os.environ.get("FRONTDESK_TEST_PG") or DEFAULT_PG
    source = demo_folder(args.upload_units)
    code, name = _demo_property(source)
    work = Path(tempfile.mkdtemp(prefix="bench-sync-d-"))
    results = {}
    try:
        for kind in args.upload_db or KINDS:
            copy_desk(source, work / f"desk-{kind}")
            uploaded, desk_dir = _upload(kind, work, admin_url, code, name)
            baseline = _baseline(kind, work, admin_url, database_path(desk_dir))
            uploaded["baseline"] = baseline
            uploaded["ratio_to_baseline"] = round(baseline["rows_per_second"] / uploaded["rows_per_second"], 2)
            uploaded["ok"] = (uploaded["counts_match"] and uploaded["opened_to_other_desks"]
                              and baseline["rows"] == uploaded["rows"])
            results[kind] = uploaded
            shutil.rmtree(desk_dir, ignore_errors=True)
        return {"ok": all(result["ok"] for result in results.values()), "part": "d",
                "what": "initial upload of a standalone desk's data to an empty property", "units": args.upload_units,
                "page_rows": PAGE, **results, "cpus": os.cpu_count()}
    finally:
        shutil.rmtree(work, ignore_errors=True)

