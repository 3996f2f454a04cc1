"""What the desk's status bar shows about its ops and its server (the outbox's counts, the sync_state row), read
with plain SQL over a DB-API connection and the standard library only: the start-up peek (app.store.peek) runs
it on its read-only sqlite3 connection before SQLAlchemy is imported, the open store on its engine's driver
connection (``on_driver_connection``): one query for both.

A desk without a sync_state row is standalone."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from app.core.clock import now

SKEW_WARNING = timedelta(minutes=5)  # DESIGN.md: clock skew is shown above 5 minutes

T = TypeVar("T")


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    acked: int
    rejected: int
    oldest_pending_at: datetime | None


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str = ""
    terminal_code: str = ""
    bootstrapped: bool = False
    online: bool = False  # the last attempt succeeded
    pending: int = 0
    oldest_pending_at: datetime | None = None
    rejected: int = 0
    last_success_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error: str = ""
    last_error_code: str = ""
    clock_skew_seconds: int = 0
    notice: str = ""

    @property
    def revoked(self) -> bool:
        return self.last_error_code == "revoked"

    @property
    def skew_warning(self) -> bool:
        return abs(self.clock_skew_seconds) > SKEW_WARNING.total_seconds()

    def oldest_pending_age(self, at: datetime | None = None) -> timedelta | None:
        if self.oldest_pending_at is None:
            return None
        return max((at or now()) - self.oldest_pending_at, timedelta(0))

    def as_dict(self) -> dict:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, datetime):
                out[key] = value.isoformat()
        age = self.oldest_pending_age()
        out["oldest_pending_age_seconds"] = int(age.total_seconds()) if age is not None else None
        out["skew_warning"] = self.skew_warning
        out["revoked"] = self.revoked
        return out


def on_driver_connection(engine: Any, read: Callable[[Any], T]) -> T:
    """``read(connection)`` on a DB-API connection of a SQLAlchemy engine (from its pool; given back after)."""
    connection = engine.raw_connection()
    try:
        return read(connection)
    finally:
        connection.close()


def rows_of(connection: Any, sql: str) -> list[tuple]:
    cursor = connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _utc(value: datetime | str | None) -> datetime | None:
    """A timestamp column as app.store.types.UTCDateTime reads it: SQLite gives its text, stored as naive UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def read_outbox_counts(connection: Any, *, oldest: bool = True) -> OutboxCounts:
    """The outbox's ops by status; with ``oldest``, when the oldest pending op was made (its time lies past the
    payload in each row: the pending rows are read whole)."""
    by_status = dict(rows_of(connection, "SELECT status, count(*) FROM outbox GROUP BY status"))
    oldest_at = None
    if oldest:
        (oldest_at,), = rows_of(connection, "SELECT min(client_time) FROM outbox WHERE status = 'pending'")
    return OutboxCounts(by_status.get("pending", 0), by_status.get("acked", 0), by_status.get("rejected", 0),
                        _utc(oldest_at))


def read_sync_status(connection: Any) -> SyncStatus:
    """What the status bar shows. A standalone desk's ops all stay pending and none waits for an upload: its status
    leaves out the oldest one (reading every pending op at each refresh would cost more with every op)."""
    state = rows_of(connection, "SELECT server_url, bootstrapped, last_success_at, last_attempt_at, last_error, "
                                "last_error_code, clock_skew_seconds, notice FROM sync_state WHERE id = 1")
    counts = read_outbox_counts(connection, oldest=bool(state))
    if not state:
        return SyncStatus(False, pending=counts.pending, rejected=counts.rejected)
    (server_url, bootstrapped, last_success, last_attempt, last_error, last_error_code, skew, notice), = state
    (terminal,), = rows_of(connection, "SELECT terminal_code FROM device WHERE id = 1")
    last_success_at, last_attempt_at = _utc(last_success), _utc(last_attempt)
    online = last_attempt_at is not None and last_success_at is not None and last_success_at >= last_attempt_at
    return SyncStatus(True, server_url, terminal, bool(bootstrapped), online, counts.pending,
                      counts.oldest_pending_at, counts.rejected, last_success_at, last_attempt_at,
                      last_error, last_error_code, skew, notice)
