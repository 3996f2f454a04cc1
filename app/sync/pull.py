"""Pull: the property's row changes in server order, after the desk's cursor, page by page.

Each page and its new cursor are written in ONE transaction, so a crash or a repeated page never leaves the
cursor ahead of the rows (and applying a page twice writes the same rows). Rows written by the desk's own
still-pending ops are left alone: once the server has settled such an op, the desk re-reads the rows it wrote
(push.refresh_settled), so a skipped change is never lost.

A server restored from an older backup shows up two ways: its change counter is below the desk's cursor (pull
answers with the lower cursor), or other desks have already written past the cursor again, under numbers the
desk has seen before. For the second, each pull asks from one change before the cursor and compares that change
with a digest of the one the desk applied there. Either way the log under the cursor is not the one the desk
applied (new changes may sit under numbers it has passed), so it pulls the whole log again from the start
and tells the clerk.
"""

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.core import canonical
from app.store.db import reading, transaction
from app.store.models import Outbox
from app.sync.api import ServerApi, SyncError
from app.sync.protocol import MAX_PAGE, Change, PullResponse
from app.sync.push import reopen_lost_ops
from app.sync.rows import apply_rows, defer_foreign_keys, table_named
from app.sync.state import add_notice, require_state

PAGE_SIZE = 2000
_MAX_PAGES_PER_ROUND = 10_000
RESTORED_NOTICE = "服务器的变更记录与本机已收到的不一致（可能从较早的备份恢复）：已重新接收全部变更，本机数据未丢失。"


@dataclass
class PullSummary:
    pages: int = 0
    changes: int = 0
    written: int = 0
    skipped: int = 0  # rows held by pending ops
    resent: int = 0  # acknowledged ops the server had lost, set back to pending
    cursor: int = 0


def change_digest(change: Change) -> str:
    return hashlib.sha256(canonical.dumps([change.table, str(change.row_id), change.row]).encode()).hexdigest()


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


def _start_over(engine: Engine) -> None:
    with transaction(engine) as session:
        state = require_state(session)
        state.pull_cursor, state.pull_check = 0, ""
        session.add(state)
        add_notice(session, RESTORED_NOTICE)


def _apply_page(engine: Engine, after: int, response: PullResponse, summary: PullSummary) -> None:
    if _nothing_to_write(engine, after, response):
        return
    with transaction(engine) as session:
        state = require_state(session)
        defer_foreign_keys(session)
        written, skipped = apply_rows(session, latest_rows(response))
        summary.written += written
        summary.skipped += skipped
        summary.changes += len(response.changes)
        state.pull_cursor = response.cursor
        if response.changes:
            state.pull_check = change_digest(max(response.changes, key=lambda c: c.seq))
        session.add(state)
        summary.resent += reopen_lost_ops(session, response.last_seq)


def _checked(after: int, check: str, response: PullResponse) -> PullResponse | None:
    """The page without the overlapping change at ``after``; None if that change is not the one applied."""
    first = response.changes[0] if response.changes else None
    if first is None or first.seq != after or change_digest(first) != check:
        return None
    return response.model_copy(update={"changes": response.changes[1:]})


def pull_changes(engine: Engine, api: ServerApi, page_size: int = PAGE_SIZE) -> PullSummary:
    summary = PullSummary()
    with reading(engine) as session:
        state = require_state(session)
        summary.cursor, check = state.pull_cursor, state.pull_check
    for _ in range(_MAX_PAGES_PER_ROUND):
        after = summary.cursor
        overlap = after > 0 and bool(check)
        response = api.pull(after - 1 if overlap else after, min(page_size + int(overlap), MAX_PAGE))
        page = response if not overlap else _checked(after, check, response)
        if response.cursor < after or page is None:  # a counter below the cursor, or a rewritten log under it
            _start_over(engine)
            summary.cursor, check = 0, ""
            continue
        response = page
        _apply_page(engine, after, response, summary)
        summary.pages += 1
        summary.cursor = response.cursor
        if response.changes:
            check = change_digest(max(response.changes, key=lambda c: c.seq))
        if not response.has_more:
            return summary
        if response.cursor == after:
            raise SyncError("服务器的变更分页没有前进，稍后重试", "The server's change pages do not advance",
                            code="unavailable")
    return summary
