"""Writing rows that come from the server into the desk's tables: pulled changes, snapshot pages, rows re-read
after a rejection. Upserts by primary key (Core executemany), parents before children so the search index
triggers find a unit before its occupants; foreign keys are checked at commit, so rows of one table that point
at each other (a late fee at its charge) may arrive in any order."""

import uuid
from collections.abc import Iterable

from sqlalchemy import Table, delete, select, text
from sqlmodel import Session, SQLModel

from app.store.models import Outbox
from app.store.replication import is_synced, json_to_row, synced_tables, upsert_rows
from app.store.sync_models import OutboxRow

_IN_CHUNK = 500  # SQLite bound-parameter limits: look ids up in chunks


def defer_foreign_keys(session: Session) -> None:
    """Check foreign keys when the transaction commits, not row by row (SQLite; resets at commit)."""
    session.execute(text("PRAGMA defer_foreign_keys = ON"))


def table_named(name: str) -> Table | None:
    return SQLModel.metadata.tables[name] if is_synced(name) else None


def pending_rows(session: Session, table_name: str, ids: Iterable[uuid.UUID], *,
                 pending_only: bool = False) -> set[uuid.UUID]:
    """Which of ``ids`` the desk's ops wrote and the desk has not yet re-read from the server (a pull leaves
    those alone); with ``pending_only``, only those of ops the server has not settled yet."""
    ids = list(ids)
    held: set[uuid.UUID] = set()
    query = select(OutboxRow.row_id).where(OutboxRow.table_name == table_name)
    if pending_only:
        query = query.join(Outbox, Outbox.op_id == OutboxRow.op_id).where(Outbox.status == "pending")
    for start in range(0, len(ids), _IN_CHUNK):
        held.update(session.scalars(query.where(OutboxRow.row_id.in_(ids[start:start + _IN_CHUNK]))))
    return held


def apply_rows(session: Session, rows_by_table: dict[str, dict[uuid.UUID, dict]], *,
               skip_pending: bool = True) -> tuple[int, int]:
    """Upsert each table's rows (JSON as row_to_json made them), parents first. Returns (written, skipped)."""
    written = skipped = 0
    for table in synced_tables():
        rows = rows_by_table.get(table.name)
        if not rows:
            continue
        held = pending_rows(session, table.name, rows) if skip_pending else set()
        typed = [json_to_row(table, data) for row_id, data in rows.items() if row_id not in held]
        upsert_rows(session.connection(), table, typed)
        written += len(typed)
        skipped += len(rows) - len(typed)
    return written, skipped


def delete_rows(session: Session, rows_by_table: dict[str, list[uuid.UUID]]) -> int:
    """Remove rows that exist only on this desk (children first)."""
    removed = 0
    for table in reversed(synced_tables()):
        ids = rows_by_table.get(table.name)
        if not ids:
            continue
        (pk,) = table.primary_key.columns
        for start in range(0, len(ids), _IN_CHUNK):
            removed += session.execute(delete(table).where(pk.in_(ids[start:start + _IN_CHUNK]))).rowcount
    return removed
