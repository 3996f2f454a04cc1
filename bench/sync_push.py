"""bench/sync.py part (b): push throughput of concurrent desks against PostgreSQL, exactly-once checked afterwards.

A real ``frontdesk-server serve`` (uvicorn, ``--workers``) on 127.0.0.1 over a PostgreSQL database the bench
creates and drops (URL from $FRONTDESK_TEST_PG, default postgresql://postgres@127.0.0.1:5432/test). The desks
(threads with an httpx client each, spread over ``--properties`` properties) are enrolled through /v1/enroll; the
first desk of each property pushes its building and units untimed. Then every desk pushes its ops in batches of
200, all at once: a shift opened, then a repeating mix of notes added, notes patched (one field, based on the
version the desk saw) and prepaid payments with receipt numbers from the desk's own counter. A desk's second batch
and every tenth after it are delivered twice (the first answer "lost"): the second delivery must come back as
duplicates.

Checked afterwards in the database: each op id has exactly one stored outcome, every op applied, each device's
last_seq is its last op, the rows are there once each (notes, payments, patched texts), and each property's
change log is numbered 1..N without holes.

Baseline in the same run: the same request bodies posted by the same threads to a minimal FastAPI app on uvicorn
(same worker count) that stores each op as one row with a single psycopg ``executemany`` per request.

Besides ops/s and batch latency, each phase reports the CPU seconds of the server processes, the database's
backends and the bench's own clients (from /proc), their cost per op, how much of the machine the rest of it used
meanwhile (the machine is shared), and ``cpu_ceiling_ops_per_s``: the ops/s the measured CPU per op would allow if
every core ran only this.
"""

import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
from proc_meter import CpuMeter, free_port, percentile, wait_healthy
from sync_push_baseline import CREATE as BASELINE_TABLE

from app.core.ids import new_id
from app.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

AT = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
BATCH = 200
RESEND_EVERY = 10  # the second batch of each desk, and every tenth after it, is delivered twice
MIX = ("note",) * 5 + ("patch",) * 2 + ("payment",) * 3  # of every ten ops
BASELINE_APP = Path(__file__).with_name("sync_push_baseline.py")


# --- the ops ------------------------------------------------------------------------------------------------

def envelope(seq: int, name: str, payload: dict, actor_id: uuid.UUID) -> dict:
    return {"op_id": str(new_id()), "seq": seq, "name": name, "version": 1, "actor_id": str(actor_id),
            "approver_id": None, "client_time": AT.isoformat(), "payload": {**payload, "at": AT.isoformat()}}


def setup_ops(property_id: uuid.UUID, actor_id: uuid.UUID, units: int) -> tuple[list[dict], list[uuid.UUID]]:
    """A building and its units (what the property's first desk pushes before the timed run)."""
    building_id, unit_ids = new_id(), [new_id() for _ in range(units)]
    ops = [envelope(1, "registry.create_building",
                    {"building_id": str(building_id), "property_id": str(property_id), "code": "1"}, actor_id)]
    ops += [envelope(2 + i, "registry.create_unit",
                     {"unit_id": str(unit_id), "building_id": str(building_id), "entrance": "1",
                      "room": f"{1 + i // 4:02d}{1 + i % 4:02d}", "gross_area_dm2": 9000, "indoor_area_dm2": 7500},
                     actor_id) for i, unit_id in enumerate(unit_ids)]
    return ops, unit_ids


@dataclass
class Desk:
    property_code: str
    property_id: uuid.UUID
    actor_id: uuid.UUID
    unit_ids: list[uuid.UUID]
    terminal: str = ""
    device_id: str = ""
    token: str = ""
    ops: list[dict] = field(default_factory=list)
    expected: dict = field(default_factory=lambda: {"note": 0, "patch": 0, "payment": 0})
    patched: dict = field(default_factory=dict)  # note id → its text after the patch

    def plan(self, count: int, first_seq: int, rng: random.Random) -> None:
        """``count`` ops from ``first_seq``: a shift opened, then the mix."""
        shift_id = new_id()
        seq = first_seq
        self.ops.append(envelope(seq, "billing.open_shift", {"shift_id": str(shift_id),
                                                             "property_id": str(self.property_id),
                                                             "terminal_code": self.terminal}, self.actor_id))
        notes: list[tuple[str, str]] = []  # (id, text) of this desk's notes not patched yet
        receipt = 0
        while len(self.ops) < count:
            seq += 1
            kind = MIX[(seq - first_seq) % len(MIX)]
            if kind == "patch" and not notes:
                kind = "note"
            unit_id = str(rng.choice(self.unit_ids))
            if kind == "note":
                note_id, text = str(new_id()), f"{self.terminal} 备注 {seq}"
                notes.append((note_id, text))
                op = envelope(seq, "registry.add_note", {"note_id": note_id, "unit_id": unit_id, "text": text},
                              self.actor_id)
            elif kind == "patch":
                note_id, text = notes.pop(0)
                self.patched[note_id] = text + "（已处理）"
                op = envelope(seq, "registry.patch", {"entity": "unit_note", "row_id": note_id, "base_version": 1,
                                                      "changes": {"text": {"old": text, "new": self.patched[note_id]}}},
                              self.actor_id)
            else:
                receipt += 1
                amount = rng.randrange(100, 100_000)
                op = envelope(seq, "billing.record_payment", {
                    "payment_id": str(new_id()), "unit_id": unit_id, "shift_id": str(shift_id),
                    "prepay": {"amount_fen": amount}, "tenders": [{"method": "cash", "amount_fen": amount}],
                    "terminal_code": self.terminal,
                    "receipt_no": f"{self.property_code}-{self.terminal}-{AT.year}-{receipt:06d}"}, self.actor_id)
            self.expected[kind] += 1
            self.ops.append(op)

    def bodies(self) -> list[bytes]:
        return [json.dumps({"device_id": self.device_id, "protocol": PROTOCOL_VERSION, "app_version": "bench",
                            "ops": self.ops[start:start + BATCH]}).encode()
                for start in range(0, len(self.ops), BATCH)]

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                "Content-Type": "application/json"}


# --- the timed phase ------------------------------------------------------------------------------------------

@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    wall: float = 0.0


def push_all(base_url: str, path: str, desks: list[Desk], bodies: list[list[bytes]], *, resend: bool) -> Run:
    """Each desk's batches in order from its own thread, all desks at once. A batch answered 5xx is sent again (a
    desk retries too), up to 20 times."""
    run = Run()
    lock = threading.Lock()
    start_line = threading.Barrier(len(desks) + 1)

    def one_desk(desk: Desk, batches: list[bytes]) -> None:
        latencies, statuses = [], {}
        with httpx.Client(base_url=base_url, headers=desk.headers(), timeout=120) as client:
            start_line.wait()
            try:
                for number, body in enumerate(batches, start=1):
                    deliveries = 2 if resend and number % RESEND_EVERY == 2 else 1
                    for _ in range(deliveries):
                        for _attempt in range(20):
                            began = time.perf_counter()
                            answer = client.post(path, content=body)
                            latencies.append(time.perf_counter() - began)
                            if answer.status_code < 500:
                                break
                        if answer.status_code != 200:
                            raise RuntimeError(f"{desk.terminal}@{desk.property_code}: {answer.status_code} "
                                               f"{answer.text[:300]}")
                        for result in answer.json()["results"]:
                            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
            except Exception as err:  # noqa: BLE001  (reported in the JSON)
                with lock:
                    run.failures.append(str(err))
        with lock:
            run.latencies += latencies
            for status, count in statuses.items():
                run.statuses[status] = run.statuses.get(status, 0) + count

    threads = [threading.Thread(target=one_desk, args=(d, b)) for d, b in zip(desks, bodies, strict=True)]
    for thread in threads:
        thread.start()
    start_line.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    run.wall = time.perf_counter() - began
    return run


def latency_ms(run: Run) -> dict:
    return {"p50": round(percentile(run.latencies, 0.50) * 1000, 1),
            "p95": round(percentile(run.latencies, 0.95) * 1000, 1)}


# --- part (b) ---------------------------------------------------------------------------------------------------

def add_arguments(parser) -> None:
    group = parser.add_argument_group("part b: push throughput")
    group.add_argument("--desks", type=int, default=20)
    group.add_argument("--properties", type=int, default=4, help="the desks are spread over this many properties")
    group.add_argument("--ops-per-desk", type=int, default=1000)
    group.add_argument("--units-per-property", type=int, default=40)
    group.add_argument("--workers", type=int, default=2, help="server processes (uvicorn --workers)")


def _serve(command: list[str], health: str, env: dict | None = None) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **(env or {})})
    try:
        wait_healthy(process, health)
    except BaseException:
        process.kill()
        raise
    return process


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _enroll(engine, base_url: str, desks: list[Desk]) -> None:
    from app.server.devices import issue_enrollment_code

    for desk in desks:
        code = issue_enrollment_code(engine, desk.property_code).code
        answer = httpx.post(f"{base_url}/v1/enroll", json={"code": code, "protocol": PROTOCOL_VERSION,
                                                            "app_version": "bench", "has_data": False}, timeout=60)
        answer.raise_for_status()
        enrolled = answer.json()
        desk.terminal, desk.device_id, desk.token = (enrolled["terminal_code"], enrolled["device_id"],
                                                     enrolled["token"])


def _properties(engine, count: int) -> list[tuple[str, uuid.UUID, uuid.UUID]]:
    from sqlalchemy import select

    from app.server.properties import AdminAccount, create_property
    from app.store.db import reading
    from app.store.models import Clerk

    made = []
    for number in range(1, count + 1):
        code = f"B{number:02d}"
        property_id = create_property(engine, code, f"压测小区{number}",
                                      admin=AdminAccount("admin", "管理员", "bench-password"))
        with reading(engine) as session:
            admin_id = session.scalar(select(Clerk.id).where(Clerk.property_id == property_id))
        made.append((code, property_id, admin_id))
    return made


def _verify(engine, desks: list[Desk], setup_counts: dict[str, int], run: Run, timed_ops: int,
            resent_ops: int) -> dict:
    """Exactly once, read back from the server's database."""
    from sqlalchemy import func, select

    from app.store.billing_models import Payment
    from app.store.db import reading
    from app.store.models import UnitNote
    from app.store.sync_models import ChangeLog, OpResult, ReviewItem, ServerProperty, SyncDevice

    pushed = timed_ops + sum(setup_counts.values())
    patched = {uuid.UUID(k): v for desk in desks for k, v in desk.patched.items()}
    with reading(engine) as session:
        outcomes = session.scalar(select(func.count()).select_from(OpResult))
        distinct = session.scalar(select(func.count(func.distinct(OpResult.op_id))))
        not_applied = session.scalar(select(func.count()).where(OpResult.status != "applied"))
        last_seqs = dict(session.execute(select(SyncDevice.id, SyncDevice.last_seq)).all())
        notes = session.scalar(select(func.count()).select_from(UnitNote))
        texts = dict(session.execute(select(UnitNote.id, UnitNote.text).where(UnitNote.id.in_(list(patched)))).all())
        payments = session.scalar(select(func.count()).select_from(Payment))
        receipts = session.scalar(select(func.count(func.distinct(Payment.receipt_no))))
        logs = session.execute(select(ChangeLog.property_id, func.count(), func.min(ChangeLog.seq),
                                      func.max(ChangeLog.seq)).group_by(ChangeLog.property_id)).all()
        counters = dict(session.execute(select(ServerProperty.property_id, ServerProperty.change_seq)).all())
        reviews = session.scalar(select(func.count()).select_from(ReviewItem))
    expected = {kind: sum(desk.expected[kind] for desk in desks) for kind in ("note", "patch", "payment")}
    checks = {
        "one_outcome_per_op": outcomes == distinct == pushed,
        "every_op_applied": not_applied == 0 and run.statuses.get("applied") == timed_ops,
        "resent_ops_answered_duplicate": run.statuses.get("duplicate", 0) == resent_ops,
        "device_last_seq_is_its_last_op": all(last_seqs[uuid.UUID(d.device_id)] == d.ops[-1]["seq"] for d in desks),
        "rows_once": notes == expected["note"] and payments == expected["payment"] == receipts,
        "patches_applied": texts == patched,
        "change_log_without_holes": all(minimum == 1 and maximum == count == counters[pid]
                                        for pid, count, minimum, maximum in logs) and len(logs) == len(counters),
        "no_failures": not run.failures,
    }
    return {"ok": all(checks.values()), **checks, "ops_stored": outcomes, "review_items": reviews,
            "change_log_entries": sum(count for _pid, count, _min, _max in logs), "failures": run.failures[:3]}


def _database(admin_url: str) -> tuple[str, str]:
    name = f"frontdesk_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, admin_url.rsplit("/", 1)[0] + "/" + name


def _drop(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _phase(meter: CpuMeter, base_url: str, path: str, desks: list[Desk], bodies, ops: int) -> dict:
    meter.start()
    run = push_all(base_url, path, desks, bodies, resend=True)
    cpu = meter.stop()
    per_op = {key: cpu[key] * 1000 / ops for key in ("server", "postgres", "bench_clients")}
    # What the measured CPU per op allows if every core did only this run (the machine is shared: the rest of it
    # used ``rest_of_machine`` CPU seconds meanwhile).
    ceiling = (os.cpu_count() or 1) * 1000 / sum(per_op.values())
    return {"run": run, "ops_per_s": round(ops / run.wall), "seconds": round(run.wall, 2),
            "batch_latency_ms": latency_ms(run), "cpu_seconds": cpu,
            "cpu_ms_per_op": {key: round(value, 3) for key, value in per_op.items()},
            "rest_of_machine_share": round(cpu["rest_of_machine"] / cpu["machine_capacity"], 2),
            "cpu_ceiling_ops_per_s": round(ceiling)}


def run(args) -> dict:
    from app.server.config import make_engine
    from app.store.migrate import upgrade_to_head

    admin_url = os.environ.get("FRONTDESK_TEST_PG") or DEFAULT_PG
    name, url = _database(admin_url)
    engine = make_engine(url)
    processes: list[subprocess.Popen] = []
    try:
        upgrade_to_head(engine)
        rng = random.Random(4)
        properties = _properties(engine, args.properties)
        desks = []
        for number in range(args.desks):
            code, property_id, admin_id = properties[number % len(properties)]
            desks.append(Desk(code, property_id, admin_id, []))
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        processes.append(_serve([sys.executable, "-m", "app.server", "serve", "--db", url, "--port", str(port),
                                 "--log-level", "warning", "--workers", str(args.workers)], f"{base_url}/v1/health"))
        _enroll(engine, base_url, desks)
        setup_counts: dict[str, int] = {}
        for code, property_id, admin_id in properties:
            first = next(desk for desk in desks if desk.property_code == code)
            ops, unit_ids = setup_ops(property_id, admin_id, args.units_per_property)
            for desk in desks:
                if desk.property_code == code:
                    desk.unit_ids = unit_ids
            first.ops = ops
            with httpx.Client(base_url=base_url, headers=first.headers(), timeout=120) as client:
                for body in first.bodies():
                    client.post("/v1/push", content=body).raise_for_status()
            setup_counts[code] = len(ops)
        for desk in desks:
            first_seq = len(desk.ops) + 1
            desk.ops = []
            desk.plan(args.ops_per_desk, first_seq, rng)
        bodies = [desk.bodies() for desk in desks]
        timed_ops = sum(len(desk.ops) for desk in desks)
        resent = sum(len(json.loads(b)["ops"]) for desk_bodies in bodies
                     for number, b in enumerate(desk_bodies, start=1) if number % RESEND_EVERY == 2)
        meter = CpuMeter(processes[0].pid, admin_url, name)
        pushed = _phase(meter, base_url, "/v1/push", desks, bodies, timed_ops)
        exactly_once = _verify(engine, desks, setup_counts, pushed.pop("run"), timed_ops, resent)
        _stop(processes.pop())

        baseline_port = free_port()
        baseline_url = f"http://127.0.0.1:{baseline_port}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(BASELINE_TABLE)
        processes.append(_serve([sys.executable, "-m", "uvicorn", "--app-dir", str(BASELINE_APP.parent),
                                 f"{BASELINE_APP.stem}:app", "--port", str(baseline_port), "--log-level", "warning",
                                 "--workers", str(args.workers)], f"{baseline_url}/health",
                                env={"BENCH_BASELINE_DB": url}))
        baseline = _phase(CpuMeter(processes[0].pid, admin_url, name), baseline_url, "/rows", desks, bodies,
                          timed_ops)
        baseline_run = baseline.pop("run")
        baseline["failures"] = baseline_run.failures[:3]
        mix = {kind: sum(desk.expected[kind] for desk in desks) for kind in ("note", "patch", "payment")}
        return {"ok": exactly_once["ok"] and not baseline["failures"], "part": "b", "what": "push throughput, concurrent desks against PostgreSQL",
                "desks": args.desks, "properties": args.properties, "server_workers": args.workers,
                "batch": BATCH, "ops": timed_ops, "mix": {**mix, "open_shift": args.desks},
                "resent_ops": resent, **pushed, "exactly_once": exactly_once, "baseline": baseline,
                "ratio_to_baseline": round(baseline["ops_per_s"] / pushed["ops_per_s"], 2),
                "target_ops_per_s": 2000, "cpus": os.cpu_count()}
    finally:
        for process in processes:
            _stop(process)
        engine.dispose()
        _drop(admin_url, name)

