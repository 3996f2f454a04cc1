"""POST /v1/push: exactly-once application of a device's ops, in its seq order.

Per device the server keeps ``last_seq`` and each op's stored outcome. ``seq ≤ last_seq``: a duplicate delivery,
answered from the stored outcome without running anything; ``seq = last_seq + 1``: run, store the outcome, log
the changed rows, advance; a batch starting above ``last_seq + 1``: 409 "gap" with the expected seq. The whole
batch is one transaction: a database failure leaves nothing half-applied and answers 503; a rejected op is
stored as rejected and the queue moves on.

The batch's bookkeeping is done once per batch, not per op: stored outcomes and clerk scopes are looked up in one
query each, the rows the ops name are loaded in one query per table (and what an op kind reads for each op, such as the
receipt numbers already used, in one query: app.ops.batch_reads), the rows the ops wrote are checked for scope
and read in one query per table, and the change-log entries and op results are written with one executemany
each. Ops run unguarded (no savepoint, no flush of their own: app.server.batch); if one fails, the transaction
is rolled back and the batch runs again guarded (a savepoint and a flush each) from the first op the failure may
involve, so a refused op still rolls back alone.
"""

import json
import uuid
from contextlib import ExitStack
from dataclasses import dataclass

from pydantic_core import to_jsonable_python
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.core import canonical
from app.core.clock import now
from app.core.errors import FrontDeskError
from app.ops.batch_reads import read_ahead
from app.ops.runner import OpContext, OpSpec, parse_payload, spec_for
from app.server.batch import UnflushedOps, prefetch
from app.server.changes import (
    Applied,
    ClerkScope,
    Written,
    foreign_rows,
    load_states,
    lock_property,
    log_batch,
    ordered_rows,
    review_notes,
    rows_kept_for_the_batch,
    run_on_server,
    run_unguarded,
)
from app.server.devices import DeviceIdentity
from app.server.errors import ApiError, check_protocol, not_initialized, revoked
from app.server.review import raise_review_items
from app.store.db import transaction
from app.store.held_inserts import holding_inserts
from app.store.replication import insert_rows
from app.store.sync_models import OpResult, SyncDevice
from app.sync.protocol import OpEnvelope, OpOutcome, PushRequest, PushResponse


class _GuardFrom(Exception):  # noqa: N818  (control flow: roll back, run again guarded from this op on)
    def __init__(self, index: int):
        super().__init__(index)
        self.index = index


@dataclass
class _Ran:
    """An op run in this batch: applied (``applied``) or rejected (``error``)."""

    envelope: OpEnvelope
    applied: Applied | None = None
    error: str = ""
    written: Written | None = None  # unguarded: rows to check and read once the batch has run


def _check_batch(request: PushRequest, device: DeviceIdentity) -> None:
    check_protocol(request.protocol)
    if request.device_id != device.id:
        raise ApiError(403, "forbidden", "请求中的设备与登记凭证不符", "device_id does not match the token")
    for before, after in zip(request.ops, request.ops[1:], strict=False):
        if after.seq != before.seq + 1:
            raise ApiError(400, "invalid", "一批操作的序号必须连续", "The ops of a batch must have consecutive seqs")


def _stored(session: Session, device: SyncDevice, envelope: OpEnvelope, stored: OpResult | None) -> OpOutcome:
    if stored is not None and (stored.device_id, stored.seq) == (device.id, envelope.seq):
        return OpOutcome(op_id=envelope.op_id, seq=envelope.seq,
                         status="rejected" if stored.status == "rejected" else "duplicate", review=stored.review,
                         result=json.loads(stored.result), error=stored.error or None)
    same_seq = session.scalar(select(OpResult.op_id).where(OpResult.device_id == device.id,
                                                           OpResult.seq == envelope.seq))
    if stored is None and same_seq is None:  # covered by the device's upload: its rows are already here
        return OpOutcome(op_id=envelope.op_id, seq=envelope.seq, status="duplicate", result="uploaded")
    raise ApiError(409, "conflict",
                   f"本机第 {envelope.seq} 号操作与服务器记录的不是同一操作：本机可能是从备份恢复的，请重新登记",
                   f"Op seq {envelope.seq} differs from the one the server holds: re-enroll this desk")


def _spec(envelope: OpEnvelope) -> OpSpec:
    try:
        return spec_for(envelope.name, envelope.version)
    except FrontDeskError:
        raise ApiError(426, "upgrade_required",
                       f"服务器不认识操作 {envelope.name} v{envelope.version}：请升级服务器，本机的操作会保留到那时",
                       f"The server does not know op {envelope.name} v{envelope.version}: upgrade the server") from None


def _run(session: Session, device: SyncDevice, clerks: ClerkScope, envelope: OpEnvelope, index: int,
         unflushed: UnflushedOps | None) -> _Ran:
    """Op ``index`` of the batch, guarded when ``unflushed`` is None."""
    spec = _spec(envelope)
    flushes = unflushed.flushes() if unflushed is not None else 0
    try:
        payload = parse_payload(spec, envelope.payload)
        clerks.check([envelope.actor_id, envelope.approver_id])
    except FrontDeskError as rejection:  # nothing was written: no savepoint needed
        return _Ran(envelope, error=rejection.zh)
    except IntegrityError:  # the clerk's look-up autoflushed earlier ops' writes
        if unflushed is None:
            raise
        raise _GuardFrom(unflushed.involved_from(index)) from None
    context = OpContext(envelope.op_id, envelope.actor_id, envelope.approver_id)
    if unflushed is None:
        try:
            return _Ran(envelope, applied=run_on_server(session, spec, payload, context, device.property_id))
        except FrontDeskError as rejection:
            return _Ran(envelope, error=rejection.zh)
    try:
        result, written = run_unguarded(session, spec, payload, context, device.property_id)
    except (FrontDeskError, IntegrityError):
        raise _GuardFrom(unflushed.involved_from(index)) from None
    unflushed.ran(index, bool(written), flushes)
    return _Ran(envelope, applied=Applied(result, []), written=written)


def _flush(unflushed: UnflushedOps) -> None:
    """What the unguarded ops left unflushed goes now (before a guarded op or the batch's row read)."""
    try:
        unflushed.flush()
    except IntegrityError:
        raise _GuardFrom(unflushed.first if unflushed.first is not None else 0) from None


def _read_unguarded(session: Session, device: SyncDevice, ran: list[tuple[int, _Ran]]) -> None:
    """Scope check and row states of the unguarded ops, for the whole batch at once."""
    unguarded = [(index, each) for index, each in ran if each.written is not None]
    written = set().union(*(each.written for _index, each in unguarded))
    if not written:
        return
    states = load_states(session, written)
    foreign = foreign_rows(session, written, device.property_id, states)
    if foreign:
        raise _GuardFrom(min(index for index, each in unguarded if each.written & foreign))
    for _index, each in unguarded:
        each.applied.rows = ordered_rows(each.written, states)
        each.applied.review_notes = review_notes(each.applied.rows)


def _record(session: Session, device: SyncDevice, ran: list[_Ran]) -> dict[uuid.UUID, OpOutcome]:
    """Review items, then the op results in one executemany; the outcomes by op id."""
    at = now()
    outcomes, results = {}, []
    for each in ran:
        envelope, applied = each.envelope, each.applied
        review = False
        if applied is not None:
            origin = {"terminal": device.terminal_code, "seq": envelope.seq, "op": envelope.name,
                      "client_time": envelope.client_time.isoformat()}
            review = raise_review_items(session, device.property_id, envelope.name, envelope.op_id, applied,
                                        origin) > 0
        status = "applied" if applied is not None else "rejected"
        result = applied.result if applied is not None else None
        results.append({"op_id": envelope.op_id, "device_id": device.id, "seq": envelope.seq,
                        "name": envelope.name, "version": envelope.version, "status": status, "review": review,
                        "result": canonical.dumps(to_jsonable_python(result)), "error": each.error,
                        "applied_at": at})
        outcomes[envelope.op_id] = OpOutcome(op_id=envelope.op_id, seq=envelope.seq, status=status, review=review,
                                             result=result, error=each.error or None)
    insert_rows(session.connection(), OpResult.__table__, results)
    return outcomes


def _push_once(engine: Engine, device: DeviceIdentity, request: PushRequest, guard_from: int) -> PushResponse:
    with transaction(engine) as session, rows_kept_for_the_batch(session), ExitStack() as batch:
        held = lock_property(session, device.property_id)
        if not held.initialized:
            raise not_initialized()
        row = session.scalar(select(SyncDevice).where(SyncDevice.id == device.id)
                             .execution_options(populate_existing=True))
        if row.revoked_at is not None:
            raise revoked()
        if request.ops and request.ops[0].seq > row.last_seq + 1:
            raise ApiError(409, "gap", f"操作序号不连续：服务器需要从第 {row.last_seq + 1} 号开始",
                           f"Gap: the server expects seq {row.last_seq + 1}", expected_seq=row.last_seq + 1)
        op_ids = [envelope.op_id for envelope in request.ops]
        stored = {r.op_id: r for r in session.scalars(select(OpResult).where(OpResult.op_id.in_(op_ids)))} \
            if op_ids else {}
        fresh = [envelope for envelope in request.ops if envelope.seq > row.last_seq]
        clerks = ClerkScope(session, device.property_id,
                            {c for e in fresh for c in (e.actor_id, e.approver_id) if c is not None})
        prefetch(session, [envelope.payload for envelope in fresh])
        if guard_from == len(request.ops):  # every op unguarded: any failure rolls the whole batch back
            read_ahead(session, [(envelope.name, envelope.payload) for envelope in fresh])
            batch.enter_context(holding_inserts(session.connection()))
        unflushed = UnflushedOps(session)
        answered: list[OpOutcome | None] = []
        ran: list[tuple[int, _Ran]] = []
        taken = set(stored)
        last_seq = row.last_seq
        for index, envelope in enumerate(request.ops):
            if envelope.seq <= last_seq:
                answered.append(_stored(session, row, envelope, stored.get(envelope.op_id)))
                continue
            if envelope.op_id in taken:
                raise ApiError(409, "conflict", "该操作编号已在服务器上使用", "This op id is already used on the server")
            taken.add(envelope.op_id)
            if index >= guard_from:
                _flush(unflushed)
            ran.append((index, _run(session, row, clerks, envelope, index,
                                    unflushed if index < guard_from else None)))
            answered.append(None)
            last_seq = envelope.seq
        _flush(unflushed)
        unflushed.close()
        _read_unguarded(session, row, ran)
        log_batch(session, held, [(each.envelope.op_id, each.applied.rows) for _i, each in ran
                                  if each.applied is not None])
        outcomes = _record(session, row, [each for _i, each in ran])
        results = [outcome or outcomes[envelope.op_id] for envelope, outcome in zip(request.ops, answered,
                                                                                     strict=True)]
        row.last_seq, row.last_seen_at, row.app_version = last_seq, now(), request.app_version
        session.add(row)
    return PushResponse(results=results, last_seq=last_seq, server_time=now())


def push(engine: Engine, device: DeviceIdentity, request: PushRequest) -> PushResponse:
    _check_batch(request, device)
    guard_from = len(request.ops)  # every op unguarded
    while True:
        try:
            return _push_once(engine, device, request, guard_from)
        except _GuardFrom as failed:  # rolled back whole; only an unguarded op fails so, so this ends
            guard_from = failed.index
