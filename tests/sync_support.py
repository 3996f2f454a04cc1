"""Desk-side sync test helpers: a fault-injecting HTTP transport in front of the real server app (in process),
desks that join a server through app.sync exactly as `frontdesk enroll` does, and sync rounds to a quiet state.

Faults, each for the next request to a path: ``drop_request`` (never reaches the server), ``drop_response`` (the
server committed, the desk hears nothing), ``duplicate`` (delivered twice), ``delay`` (the desk gives up waiting;
the request arrives later, before the desk's next one), ``reorder`` (arrives after the desk's next request),
``restart`` (the server process dies in the middle of the request's transaction: nothing of it commits, the
connection drops, and a new server process — a new app on the same database — answers from then on)."""

import itertools
import shutil
from collections import Counter, deque
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from app.ops.clerks import authenticate
from app.ops.desk import Desk, open_desk
from app.server.app import create_app
from app.server.devices import issue_enrollment_code
from app.server.properties import AdminAccount
from app.store.db import reading
from app.store.sync_models import OpResult
from app.sync.enroll import enroll
from app.sync.rounds import RoundReport, sync_round

SERVER_URL = "http://sync.test"
ADMIN = AdminAccount("admin", "管理员", "admin123")
FAULTS = ("drop_request", "drop_response", "duplicate", "delay", "reorder", "restart")


class FaultyTransport(httpx.BaseTransport):
    def __init__(self, server):
        self.server = server
        self.offline = False
        self.plan: deque[tuple[str, str]] = deque()  # (path, fault), taken by the next request to that path
        self._late: list[httpx.Request] = []  # "delay": delivered before the desk's next request
        self._after_next: list[httpx.Request] = []  # "reorder": delivered after the desk's next request
        self.delivered: Counter[str] = Counter()
        self.crashed_mid_request = 0

    def inject(self, fault: str, path: str = "/v1/push", times: int = 1) -> None:
        assert fault in FAULTS, fault
        self.plan.extend([(path, fault)] * times)

    def _take_fault(self, path: str) -> str | None:
        for index, (wanted, fault) in enumerate(self.plan):
            if wanted == path:
                del self.plan[index]
                return fault
        return None

    def _deliver(self, request: httpx.Request) -> httpx.Response:
        self.delivered[request.url.path] += 1
        answer = self.server.client.send(request)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content, request=request)

    def _crash_mid_request(self, request: httpx.Request) -> None:
        """The server dies at the third write of this request's transaction (after at least one op of a push
        ran); the transaction never commits. A new server process (a new app on the database) takes over."""
        engine = self.server.engine
        writes = itertools.count(1)

        def die(_conn, _cursor, statement, *_args):
            if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE") and next(writes) == 3:
                self.crashed_mid_request += 1
                raise OperationalError(statement, None, Exception("server process killed"))

        event.listen(engine, "before_cursor_execute", die)
        try:
            self._deliver(request)
        finally:
            event.remove(engine, "before_cursor_execute", die)
        self.server.client.close()
        self.server.client = TestClient(create_app(engine))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if self.offline:
            raise httpx.ConnectError("network is down", request=request)
        for late in self._late:
            self._deliver(late)
        self._late.clear()
        fault = self._take_fault(request.url.path)
        if fault == "drop_request":
            raise httpx.ConnectError("connection refused", request=request)
        if fault in ("delay", "reorder"):
            (self._late if fault == "delay" else self._after_next).append(request)
            raise httpx.ReadTimeout("timed out", request=request)
        if fault == "restart":
            self._crash_mid_request(request)
            raise httpx.RemoteProtocolError("server disconnected without sending a response", request=request)
        held, self._after_next = self._after_next, []
        response = self._deliver(request)
        for stale in held:
            self._deliver(stale)
        if fault == "drop_response":
            raise httpx.ReadTimeout("timed out", request=request)
        if fault == "duplicate":
            response = self._deliver(request)
        return response

    def flush(self) -> None:
        """Deliver whatever is still held (a quiet network at the end of a test)."""
        for request in [*self._late, *self._after_next]:
            self._deliver(request)
        self._late.clear()
        self._after_next.clear()


@pytest.fixture
def sqlite_server(tmp_path, sqlite_template):
    """A server on a SQLite file only (``.path``): for tests that copy or replace its database."""
    from tests.server_support import make_server

    path = tmp_path / "server.sqlite"
    shutil.copy(sqlite_template, path)
    made = make_server(f"sqlite:///{path}", "sqlite")
    made.path = path
    yield made
    made.client.close()
    made.engine.dispose()


def sync_fixtures():
    """The server fixtures for a test module: ``pg_template_url, sqlite_template, server, sqlite_server =
    sync_fixtures()`` (``server`` runs each test on SQLite and on PostgreSQL)."""
    from tests import server_support

    return server_support.pg_template_url, server_support.sqlite_template, server_support.server, sqlite_server


def server_property(server, code: str = "CHHY", name: str = "翠湖花园") -> str:
    """A property made on the server with its admin account (desks bootstrap from it)."""
    server.property(code, name, admin=ADMIN)
    return code


def join(server, data_dir: Path, transport: httpx.BaseTransport, property_code: str = "CHHY",
         terminal: str | None = None) -> Desk:
    """A new, empty desk enrolled with the server (bootstrap), its admin logged in as ``desk.admin``."""
    desk = open_desk(data_dir)
    code = issue_enrollment_code(server.engine, property_code, terminal).code
    enroll(desk, SERVER_URL, code, transport=transport)
    desk.admin = authenticate(desk.engine, ADMIN.username, ADMIN.password)
    return desk


def enroll_with_data(server, desk: Desk, transport: httpx.BaseTransport, property_code: str = "CHHY") -> None:
    """A standalone desk holding data becomes the property's initial state (upload)."""
    code = issue_enrollment_code(server.engine, property_code).code
    enroll(desk, SERVER_URL, code, actor=desk.admin, transport=transport)


def sync(desk: Desk, transport: httpx.BaseTransport) -> RoundReport:
    return sync_round(desk, transport=transport)


def sync_until_quiet(desk: Desk, transport: httpx.BaseTransport, rounds: int = 30) -> RoundReport:
    """Rounds until one succeeds with nothing left to push (faults still planned are met on the way)."""
    for _ in range(rounds):
        report = sync(desk, transport)
        if report.ok and report.status.pending == 0 and not report.pushed.sent:
            return report
    raise AssertionError(f"no quiet round after {rounds}: {report.error or report.status}")


def server_results(server, device_id) -> list[tuple]:
    with reading(server.engine) as session:
        return session.execute(select(OpResult.seq, OpResult.op_id, OpResult.status)
                               .where(OpResult.device_id == device_id).order_by(OpResult.seq)).all()


def count(engine, model, *where) -> int:
    with reading(engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))
