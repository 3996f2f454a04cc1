"""A newly enrolled desk's initial state: bootstrap from the server's snapshot, or upload its own data.

Bootstrap (an empty desk joining a property): each synced table's snapshot pages, parents first, upserted into
the local tables; the snapshot stands at the cursor of its first page, so pulling after that cursor replays
every change made while the pages were read (rows carry their whole state, so the replay ends on the latest).
Rows are never hard-deleted, so each table must then hold at least the rows the server counted: fewer means a
page went missing and the bootstrap is done again.

Upload (a standalone desk bringing months of work): every synced row, read in one snapshot with the driver (a
reader thread keeps the next page ready while one is sent: app.sync.upload_pages), sent page by page, parents
first; the last page carries the counts and the highest op seq whose effects the upload holds. Those ops are then
acknowledged (the server got their rows, not the ops). Both are idempotent, so an interrupted attempt is simply
made again by the next round until SyncState.bootstrapped is set.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine

from app.core import canonical
from app.store.db import reading, transaction
from app.store.models import Device, Outbox
from app.store.replication import synced_tables
from app.store.sync_models import OutboxRow
from app.sync.api import ServerApi, SyncError
from app.sync.protocol import MAX_PAGE, PROTOCOL_VERSION, UploadRequest
from app.sync.rows import apply_rows, defer_foreign_keys, table_named
from app.sync.state import require_state
from app.sync.upload_pages import read_ahead, upload_order

Progress = Callable[[str], None]


@dataclass
class InitialSummary:
    mode: str
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    cursor: int = 0


def _quiet(_text: str) -> None:
    pass


def local_counts(engine: Engine) -> dict[str, int]:
    with reading(engine) as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in synced_tables()}


def bootstrap(engine: Engine, api: ServerApi, *, page_size: int = MAX_PAGE,
              progress: Progress = _quiet) -> InitialSummary:
    summary = InitialSummary("bootstrap")
    start_cursor: int | None = None
    expected: dict[str, int] = {}
    for table in synced_tables():
        (key,) = (c.key for c in table.primary_key.columns)
        after: uuid.UUID | None = None
        loaded = 0
        while True:
            page = api.snapshot(table.name, after, page_size)
            if start_cursor is None:
                start_cursor, expected = page.cursor, dict(page.counts)
            if page.table != table.name:
                raise SyncError("服务器的初始数据分页与请求不符", f"Asked for {table.name}, got {page.table}",
                                code="invalid")
            rows = {uuid.UUID(row[key]): row for row in page.rows}
            with transaction(engine) as session:
                defer_foreign_keys(session)
                apply_rows(session, {table.name: rows}, skip_pending=False)
            loaded += len(rows)
            if loaded:
                progress(f"正在下载 {table.name}：{loaded} / {expected.get(table.name, loaded)}")
            if page.next_after is None:
                break
            after = page.next_after
        summary.rows += loaded
    have = local_counts(engine)
    short = {name: (have.get(name, 0), count) for name, count in expected.items()
             if table_named(name) is not None and have.get(name, 0) < count}
    if short:
        detail = "、".join(f"{name} {got}/{want}" for name, (got, want) in sorted(short.items()))
        raise SyncError(f"初始数据不完整（{detail}），将重新下载", f"The snapshot came short: {detail}",
                        code="unavailable")
    with transaction(engine) as session:
        state = require_state(session)
        state.pull_cursor, state.bootstrapped = start_cursor or 0, True
        session.add(state)
    summary.counts, summary.cursor = expected, start_cursor or 0
    return summary


def upload(engine: Engine, api: ServerApi, device_id: uuid.UUID, *, page_size: int = MAX_PAGE,
           progress: Progress = _quiet) -> InitialSummary:
    summary = InitialSummary("upload")
    with read_ahead(engine, page_size) as (snapshot, pages):  # the next page is read while one is sent
        sent: dict[str, int] = {}
        for table_name, rows in pages:
            api.upload(UploadRequest.model_construct(device_id=device_id, protocol=PROTOCOL_VERSION,
                                                     table=table_name, rows=rows))
            sent[table_name] = sent.get(table_name, 0) + len(rows)
            progress(f"正在上传 {table_name}：{sent[table_name]}")
    summary.counts, summary.rows, last_seq = snapshot.counts, sum(snapshot.counts.values()), snapshot.last_seq
    api.upload(UploadRequest(device_id=device_id, protocol=PROTOCOL_VERSION, table=upload_order()[-1].name,
                             rows=[], done=True, counts=summary.counts, last_seq=last_seq))
    with transaction(engine) as session:
        uploaded = select(Outbox.op_id).where(Outbox.device_seq <= last_seq, Outbox.status == "pending")
        bulk = {"synchronize_session": False}  # plain statements: no RETURNING of every row's key
        session.execute(delete(OutboxRow).where(OutboxRow.op_id.in_(uploaded)), execution_options=bulk)
        session.execute(update(Outbox).where(Outbox.device_seq <= last_seq, Outbox.status == "pending")
                        .values(status="acked", result=canonical.dumps("uploaded")), execution_options=bulk)
        state = require_state(session)
        state.bootstrapped = True
        session.add(state)
    return summary


def complete_initial_state(engine: Engine, api: ServerApi, *, progress: Progress = _quiet) -> InitialSummary | None:
    """Bootstrap or upload, whichever enrollment chose, unless already done."""
    with reading(engine) as session:
        state = require_state(session)
        done, mode = state.bootstrapped, state.enroll_mode
        device_id = session.get(Device, 1).device_id
    if done:
        return None
    if mode == "upload":
        return upload(engine, api, device_id, progress=progress)
    return bootstrap(engine, api, progress=progress)
