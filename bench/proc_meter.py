"""Helpers for benchmarks that run servers as processes: a free port, waiting for health, and CPU accounting of
a process tree, a PostgreSQL database's backends, this process and the whole machine (from /proc, Linux)."""

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import psycopg


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(process: subprocess.Popen, url: str) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"the server at {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not start")


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children")
        if children.exists():
            found += [int(child) for child in children.read_text().split()]
    return found


def process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += _children(current)
    return tree


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class CpuMeter:
    """CPU seconds of the server processes, the database's backends and this process over a timed phase, and the
    machine's busy time (what the rest of the machine used is the difference)."""

    def __init__(self, server_pid: int, admin_url: str, database: str):
        self.server_pid, self.admin_url, self.database = server_pid, admin_url, database

    def _backends(self) -> list[int]:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            return [pid for (pid,) in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s",
                                                   (self.database,))]

    def _snapshot(self) -> dict:
        return {"server": {pid: _ticks(pid) for pid in process_tree(self.server_pid)},
                "postgres": {pid: _ticks(pid) for pid in self._backends()},
                "self": os.times(), "machine": machine_ticks(), "wall": time.perf_counter()}

    def start(self) -> None:
        self.before = self._snapshot()

    def stop(self) -> dict:
        after, before = self._snapshot(), self.before
        hz = os.sysconf("SC_CLK_TCK")

        def spent(kind: str) -> float:
            return sum(ticks - before[kind].get(pid, 0) for pid, ticks in after[kind].items()) / hz

        busy = (after["machine"][0] - before["machine"][0]) / hz
        total = (after["machine"][1] - before["machine"][1]) / hz
        ours = {"server": spent("server"), "postgres": spent("postgres"),
                "bench_clients": (after["self"].user + after["self"].system)
                - (before["self"].user + before["self"].system)}
        return {**{k: round(v, 2) for k, v in ours.items()}, "machine_busy": round(busy, 2),
                "machine_capacity": round(total, 2),
                "rest_of_machine": round(busy - sum(ours.values()), 2),
                "wall": round(after["wall"] - before["wall"], 2)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
