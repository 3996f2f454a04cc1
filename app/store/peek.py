"""A look at a desk's data folder before its store is opened, with the standard library's sqlite3 only (no
SQLAlchemy, no table classes), so the desk program can paint its first frame — the login dialog — ≈1 s before the
store is loaded, and open the store while the clerk types.

The database is opened read-only. Anything other than the usual case (a database at this code's schema head, with
clerk accounts and its device row) gives None: the program then takes the full path (back up and upgrade first,
first run …) before it shows any window."""

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.core.paths import database_path, migrations_dir
from app.store.desk_status import SyncStatus, read_sync_status, rows_of
from app.store.revisions import VERSION_TABLE, scripts_head

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeskPeek:
    """What the first frame shows: the property's name (None while the desk has none) and the sync status."""

    property_name: str | None
    sync: SyncStatus


def peek_desk(data_dir: Path) -> DeskPeek | None:
    db_path = database_path(Path(data_dir))
    head = scripts_head(migrations_dir() / "versions")
    if head is None or not db_path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        log.debug("cannot peek at %s", db_path, exc_info=True)
        return None
    try:
        return _peek(connection, head)
    except Exception:  # unusual is for the full path to judge and report
        log.debug("peeking at %s failed", db_path, exc_info=True)
        return None
    finally:
        connection.close()


def _peek(connection: sqlite3.Connection, head: str) -> DeskPeek | None:
    if rows_of(connection, f"SELECT version_num FROM {VERSION_TABLE}") != [(head,)]:
        return None
    if not rows_of(connection, "SELECT 1 FROM clerk LIMIT 1"):
        return None  # first run
    device = rows_of(connection, "SELECT property_id FROM device WHERE id = 1")
    if not device:
        return None  # opening the store makes it
    (property_id,), = device
    name = None
    if property_id is not None:
        found = connection.execute("SELECT name FROM property WHERE id = ?", (bytes(property_id),)).fetchall()
        name = found[0][0] if found else None
    return DeskPeek(name, read_sync_status(connection))
