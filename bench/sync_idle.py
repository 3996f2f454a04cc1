"""bench/sync.py part (c): the round trip of an idle sync — a desk with nothing to push and nothing to pull runs
a whole round (app.sync.rounds.sync_round: push, re-read, pull, status written) against a real
``frontdesk-server serve`` on 127.0.0.1 (SQLite), p50 and p95 over ``--idle-rounds`` rounds.

Baseline in the same run: a bare GET /v1/health on the same server with a new httpx client each time (a round
opens one too; both share one TLS context, made once), the floor of one request over loopback.
"""

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from proc_meter import percentile
from sync_bootstrap import start_server
from sync_push import _stop


def add_arguments(parser) -> None:
    group = parser.add_argument_group("part c: idle round trip")
    group.add_argument("--idle-rounds", type=int, default=200)


def _ms(values: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(values) * 1000, 2), "p95_ms": round(percentile(values, 0.95) * 1000, 2)}


def run(args) -> dict:
    from app.ops.desk import open_desk
    from app.server.devices import issue_enrollment_code
    from app.server.properties import AdminAccount, create_property
    from app.sync.enroll import enroll
    from app.sync.rounds import sync_round

    work = Path(tempfile.mkdtemp(prefix="bench-sync-c-"))
    server, base, engine = start_server(work)
    try:
        create_property(engine, "IDLE", "空闲小区", admin=AdminAccount("admin", "管理员", "bench-password"))
        desk = open_desk(work / "desk")
        enroll(desk, base, issue_enrollment_code(engine, "IDLE").code)
        rounds, health = [], []
        tls = httpx.create_ssl_context()
        for _ in range(10):  # warm up both paths
            sync_round(desk)
            httpx.get(f"{base}/v1/health").raise_for_status()
        for _ in range(args.idle_rounds):
            start = time.perf_counter()
            report = sync_round(desk)
            rounds.append(time.perf_counter() - start)
            assert report.ok and not report.pushed.sent and not report.pulled.changes, report
            start = time.perf_counter()
            with httpx.Client(verify=tls) as client:
                client.get(f"{base}/v1/health").raise_for_status()
            health.append(time.perf_counter() - start)
        desk.close()
        return {"rounds": args.idle_rounds, "idle_round": _ms(rounds), "baseline_health_request": _ms(health),
                "requests_per_idle_round": 1}
    finally:
        engine.dispose()
        _stop(server)
        shutil.rmtree(work, ignore_errors=True)
