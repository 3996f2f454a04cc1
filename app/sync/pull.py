"""Pull: the property's row changes in server order, after the desk's cursor, page by page.

Each page and its new cursor are written in ONE transaction, so a crash or a repeated page never leaves the
cursor ahead of the rows (and applying a page twice writes the same rows). Rows written by the desk's own
still-pending ops are left alone: once the server has settled such an op, the desk re-reads the rows it wrote
(push.refresh_settled), so a skipped change is never lost. A server restored from an older backup answers with a cursor below the desk's: the desk
moves back to it and tells the clerk.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.store.db import reading, transaction
from app.store.models import Outbox
from app.sync.api import ServerApi, SyncError
from app.sync.protocol import PullResponse
from app.sync.push import reopen_lost_ops
from app.sync.rows import apply_rows, defer_foreign_keys, table_named
from app.sync.state import add_notice, require_state

PAGE_SIZE = 2000
_MAX_PAGES_PER_ROUND = 10_000


@dataclass
class PullSummary:
    pages: int = 0
    changes: int = 0
    written: int = 0
    skipped: int = 0  # rows held by pending ops
    resent: int = 0  # acknowledged ops the server had lost, set back to pending
    cursor: int = 0


def latest_rows(response: PullResponse) -> dict[str, dict[uuid.UUID, dict]]:
    """Each changed row's last state in the page (changes carry whole rows), grouped by table."""
    by_table: dict[str, dict[uuid.UUID, dict]] = {}
    for change in sorted(response.changes, key=lambda c: c.seq):
        if table_named(change.table) is not None:
            by_table.setdefault(change.table, {})[change.row_id] = change.row
    return by_table


def _nothing_to_write(engine: Engine, after: int, response: PullResponse) -> bool:
    """An idle answer (no change, same cursor, no op of ours lost): no write transaction, no fsync."""
    if response.changes or response.cursor != after:
        return False
    with reading(engine) as session:
        return not session.scalar(select(func.count()).select_from(Outbox).where(
            Outbox.device_seq > response.last_seq, Outbox.status != "pending"))


def _apply_page(engine: Engine, after: int, response: PullResponse, summary: PullSummary) -> None:
    if _nothing_to_write(engine, after, response):
        return
    with transaction(engine) as session:
        state = require_state(session)
        if response.cursor < after:
            state.pull_cursor = response.cursor
            add_notice(session, f"服务器的变更记录比本机已收到的少（可能从较早的备份恢复）：已从第 {response.cursor} 号"
                                "重新接收，本机数据未丢失。")
        else:
            defer_foreign_keys(session)
            written, skipped = apply_rows(session, latest_rows(response))
            summary.written += written
            summary.skipped += skipped
            summary.changes += len(response.changes)
            state.pull_cursor = response.cursor
        session.add(state)
        summary.resent += reopen_lost_ops(session, response.last_seq)
    summary.cursor = response.cursor


def pull_changes(engine: Engine, api: ServerApi, page_size: int = PAGE_SIZE) -> PullSummary:
    summary = PullSummary()
    with reading(engine) as session:
        summary.cursor = require_state(session).pull_cursor
    for _ in range(_MAX_PAGES_PER_ROUND):
        after = summary.cursor
        response = api.pull(after, page_size)
        _apply_page(engine, after, response, summary)
        summary.pages += 1
        if not response.has_more:
            return summary
        if response.cursor == after:
            raise SyncError("服务器的变更分页没有前进，稍后重试", "The server's change pages do not advance",
                            code="unavailable")
    return summary
