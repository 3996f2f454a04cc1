"""Push: the desk's pending ops, in device_seq order, at most MAX_PUSH_OPS per request.

The server answers each op with its outcome. applied / duplicate → the op is acknowledged; rejected → the op is
marked rejected with the server's reason, shown to the clerk and never dropped. Either way the op is settled,
and the rows it wrote locally are then re-read from the server (refresh_settled) before its OutboxRow entries
go: the server may have applied it differently (a payment for a charge another desk had already collected
settles nothing there; a rejected op wrote nothing), and changes to those rows that a pull skipped while the op
was pending are not sent again. Rows the server does not hold existed only here and are removed.

A gap (the server expects an earlier seq) or a server whose last_seq is below ops the desk holds as settled
means the server lost them (restored from an older backup): they are set back to pending and sent again, and
the clerk is told. Outbox rows are never deleted.

The other way round, a desk whose database was restored from an older backup numbers its new ops with seqs the
server already holds for other ops (sent after the backup; their rows come back by pull): the server answers
"conflict". The desk acknowledges its pending ops the server does hold (one at a time, up to the server's
last_seq), moves the rest after the server's last_seq, in order, and tells the clerk (continue_after_restore).
"""

import json
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.core import canonical
from app.store.db import reading, transaction
from app.store.models import Device, Outbox
from app.store.sync_models import OutboxRow
from app.sync.api import APP_VERSION, ServerApi, SyncError
from app.sync.protocol import (
    MAX_PAGE,
    MAX_PUSH_OPS,
    PROTOCOL_VERSION,
    OpEnvelope,
    OpOutcome,
    PushRequest,
    RowsRequest,
)
from app.sync.rows import apply_rows, defer_foreign_keys, delete_rows, pending_rows, table_named
from app.sync.state import add_notice

PENDING, ACKED, REJECTED = "pending", "acked", "rejected"
_MAX_RESENDS_PER_ROUND = 3
log = logging.getLogger(__name__)


@dataclass
class PushSummary:
    sent: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    review: int = 0
    resent: int = 0  # ops the server had lost, sent again


def envelope(row: Outbox) -> OpEnvelope:
    return OpEnvelope(op_id=row.op_id, seq=row.device_seq, name=row.name, version=row.version,
                      payload=json.loads(row.payload), actor_id=row.actor_id, approver_id=row.approver_id,
                      client_time=row.client_time)


def pending_batch(engine: Engine, limit: int = MAX_PUSH_OPS) -> list[Outbox]:
    with reading(engine) as session:
        return list(session.scalars(select(Outbox).where(Outbox.status == PENDING)
                                    .order_by(Outbox.device_seq).limit(limit)))


def _record(session: Session, outcomes: list[OpOutcome], summary: PushSummary) -> None:
    for outcome in outcomes:
        row = session.get(Outbox, outcome.op_id)
        if row is None or row.device_seq != outcome.seq:
            raise SyncError("服务器的回复与本机的待上传操作不符，请联系管理员",
                            f"The server answered op {outcome.op_id} seq {outcome.seq}, which this desk did not send",
                            code="invalid")
        rejected = outcome.status == "rejected" or (outcome.status == "duplicate" and outcome.error)
        if rejected:
            row.status, row.result = REJECTED, outcome.error or "服务器拒绝了此操作"
            summary.rejected += 1
        else:
            row.status, row.result = ACKED, canonical.dumps(outcome.result)
            if outcome.status == "applied":
                summary.applied += 1
            else:
                summary.duplicate += 1
        summary.review += outcome.review
        session.add(row)


def reopen_lost_ops(session: Session, server_last_seq: int) -> int:
    """Ops after the server's last_seq that the desk holds as done: the server lost them. Back to pending."""
    lost = session.execute(select(func.min(Outbox.device_seq), func.max(Outbox.device_seq), func.count())
                           .where(Outbox.device_seq > server_last_seq, Outbox.status != PENDING)).one()
    first, last, count = lost
    if not count:
        return 0
    session.execute(update(Outbox).where(Outbox.device_seq > server_last_seq, Outbox.status != PENDING)
                    .values(status=PENDING, result=""))
    add_notice(session, f"服务器的数据比本机记录的旧（可能从较早的备份恢复）：本机第 {first}–{last} 号共 {count} 条操作"
                        "已重新上传，没有丢失。")
    return count


def _resend_from(engine: Engine, expected_seq: int | None, first_sent: int) -> int:
    if expected_seq is None or expected_seq >= first_sent:
        raise SyncError("服务器要求的操作序号不合理，请联系管理员",
                        f"The server expects seq {expected_seq} while this desk sent {first_sent}", code="gap")
    with transaction(engine) as session:
        held = session.scalar(select(func.count()).select_from(Outbox).where(
            Outbox.device_seq >= expected_seq, Outbox.device_seq < first_sent))
        if held != first_sent - expected_seq:
            raise SyncError(f"服务器缺少本机第 {expected_seq} 号之后的操作，而本机已没有这些操作的记录，请联系管理员",
                            f"The server lacks ops from seq {expected_seq}, which this desk no longer holds",
                            code="gap")
        return reopen_lost_ops(session, expected_seq - 1)


def _push(api: ServerApi, device_id: uuid.UUID, rows: list[Outbox]):
    return api.push(PushRequest(device_id=device_id, protocol=PROTOCOL_VERSION, app_version=APP_VERSION,
                                ops=[envelope(row) for row in rows]))


def continue_after_restore(engine: Engine, api: ServerApi, device_id: uuid.UUID, summary: PushSummary) -> bool:
    """After a "conflict": if the server holds other ops under seqs of this desk's pending ones (the desk's database
    was restored from an older backup), acknowledge the pending ops it holds as they are, renumber the others after
    its last_seq and return True; False when that is not what the conflict was."""
    server_last_seq = _push(api, device_id, []).last_seq
    while (batch := pending_batch(engine, 1)) and batch[0].device_seq <= server_last_seq:
        try:  # sent before the backup was restored, and received: the same op under the same seq
            response = _push(api, device_id, batch)
        except SyncError as err:
            if err.code != "conflict":
                raise
            break
        with transaction(engine) as session:
            _record(session, response.results, summary)
    else:
        return False
    first = batch[0].device_seq
    shift = server_last_seq + 1 - first
    with transaction(engine) as session:
        if session.scalar(select(func.count()).select_from(Outbox).where(
                Outbox.device_seq >= first, Outbox.status != PENDING)):
            return False
        moved = session.scalars(select(Outbox).where(Outbox.device_seq >= first)
                                .order_by(Outbox.device_seq.desc())).all()
        for row in moved:  # from the last: each new seq is free when it is taken
            row.device_seq += shift
            session.flush()
        device = session.get(Device, 1)
        device.next_seq += shift
        session.add(device)
        add_notice(session, f"本机数据库是从较早的备份恢复的：备份之后已上传的操作会从服务器取回，未上传的无法找回，请核对后补录；"
                            f"恢复后新做的 {len(moved)} 条操作改为从第 {server_last_seq + 1} 号起上传。")
    log.warning("desk restored from an older backup: %d pending ops renumbered from seq %d to %d", len(moved), first,
                server_last_seq + 1)
    return True


def push_pending(engine: Engine, api: ServerApi, device_id: uuid.UUID) -> PushSummary:
    summary = PushSummary()
    resends = 0
    while batch := pending_batch(engine):
        request = PushRequest(device_id=device_id, protocol=PROTOCOL_VERSION, app_version=APP_VERSION,
                              ops=[envelope(row) for row in batch])
        try:
            response = api.push(request)
        except SyncError as err:
            if err.code not in ("gap", "conflict") or resends >= _MAX_RESENDS_PER_ROUND:
                raise
            resends += 1
            if err.code == "conflict":
                if not continue_after_restore(engine, api, device_id, summary):
                    raise
                continue
            summary.resent += _resend_from(engine, err.expected_seq, batch[0].device_seq)
            continue
        summary.sent += len(batch)
        with transaction(engine) as session:
            _record(session, response.results, summary)
            summary.resent += reopen_lost_ops(session, response.last_seq)
        if not response.results:
            raise SyncError("服务器没有处理任何操作，稍后重试", "The server answered no op", code="unavailable")
    return summary


def refresh_settled(engine: Engine, api: ServerApi, device_id: uuid.UUID) -> int:
    """Rows written locally by ops the server has settled (acknowledged or rejected): take the server's state of
    each, remove those the server does not hold, then forget the entries. Returns how many rows changed."""
    with reading(engine) as session:
        entries = session.execute(select(OutboxRow.table_name, OutboxRow.row_id, OutboxRow.op_id)
                                  .join(Outbox, Outbox.op_id == OutboxRow.op_id)
                                  .where(Outbox.status != PENDING)).all()
    if not entries:
        return 0
    wanted: dict[str, set[uuid.UUID]] = {}
    for table_name, row_id, _op in entries:
        wanted.setdefault(table_name, set()).add(row_id)
    found: dict[str, dict[uuid.UUID, dict]] = {}
    for table_name, ids in wanted.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), MAX_PAGE):
            response = api.rows(RowsRequest(device_id=device_id, protocol=PROTOCOL_VERSION, table=table_name,
                                            ids=ordered[start:start + MAX_PAGE]))
            (key,) = (c.key for c in table_named(table_name).primary_key.columns)
            for row in response.rows:
                found.setdefault(table_name, {})[uuid.UUID(row[key])] = row
    settled_ops = sorted({op_id for _t, _r, op_id in entries})
    # Whole, else only the removals (rows of rejected ops that would clash with pulled ones), else only the
    # re-read rows; a row pointing at one not pulled yet waits for the pass after the round's pull.
    for upsert, remove in ((True, True), (False, True), (True, False)):
        try:
            with transaction(engine) as session:
                defer_foreign_keys(session)
                written = removed = 0
                if remove:
                    missing = {table: sorted(ids - set(found.get(table, {}))
                                             - pending_rows(session, table, ids, pending_only=True))
                               for table, ids in wanted.items()}
                    removed = delete_rows(session, missing)
                if upsert:
                    for start in range(0, len(settled_ops), 500):
                        session.execute(delete(OutboxRow).where(OutboxRow.op_id.in_(settled_ops[start:start + 500])))
                    written, _ = apply_rows(session, found)
            return written + removed
        except IntegrityError:
            log.info("rows of settled ops cannot all be re-read yet (upsert=%s, remove=%s)", upsert, remove,
                     exc_info=True)
    return 0
