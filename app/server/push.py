"""POST /v1/push: exactly-once application of a device's ops, in its seq order.

Per device the server keeps ``last_seq`` and each op's stored outcome. ``seq ≤ last_seq``: a duplicate delivery,
answered from the stored outcome without running anything; ``seq = last_seq + 1``: run, store the outcome, log
the changed rows, advance; a batch starting above ``last_seq + 1``: 409 "gap" with the expected seq. The whole
batch is one transaction (each op in a savepoint): a database failure leaves nothing half-applied and answers
503; a rejected op is stored as rejected and the queue moves on.
"""

import json

from pydantic_core import to_jsonable_python
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core import canonical
from app.core.clock import now
from app.core.errors import FrontDeskError
from app.ops.runner import OpContext, parse_payload, spec_for
from app.server.changes import Applied, check_actor, lock_property, log_changes, run_on_server
from app.server.devices import DeviceIdentity
from app.server.errors import ApiError, check_protocol, not_initialized, revoked
from app.server.review import raise_review_items
from app.store.db import transaction
from app.store.sync_models import OpResult, ServerProperty, SyncDevice
from app.sync.protocol import OpEnvelope, OpOutcome, PushRequest, PushResponse


def _check_batch(request: PushRequest, device: DeviceIdentity) -> None:
    check_protocol(request.protocol)
    if request.device_id != device.id:
        raise ApiError(403, "forbidden", "请求中的设备与登记凭证不符", "device_id does not match the token")
    for before, after in zip(request.ops, request.ops[1:], strict=False):
        if after.seq != before.seq + 1:
            raise ApiError(400, "invalid", "一批操作的序号必须连续", "The ops of a batch must have consecutive seqs")


def _stored(session: Session, device: SyncDevice, envelope: OpEnvelope) -> OpOutcome:
    stored = session.get(OpResult, envelope.op_id)
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


def _unknown_op(envelope: OpEnvelope) -> ApiError:
    return ApiError(426, "upgrade_required",
                    f"服务器不认识操作 {envelope.name} v{envelope.version}：请升级服务器，本机的操作会保留到那时",
                    f"The server does not know op {envelope.name} v{envelope.version}: upgrade the server")


def _apply(session: Session, held: ServerProperty, device: SyncDevice, envelope: OpEnvelope) -> OpOutcome:
    if session.get(OpResult, envelope.op_id) is not None:
        raise ApiError(409, "conflict", "该操作编号已在服务器上使用", "This op id is already used on the server")
    try:
        spec = spec_for(envelope.name, envelope.version)
    except FrontDeskError:
        raise _unknown_op(envelope) from None
    applied: Applied | None = None
    error = ""
    try:
        payload = parse_payload(spec, envelope.payload)
        check_actor(session, device.property_id, [envelope.actor_id, envelope.approver_id])
        applied = run_on_server(session, spec, payload,
                                OpContext(envelope.op_id, envelope.actor_id, envelope.approver_id),
                                device.property_id)
    except FrontDeskError as rejection:
        error = rejection.zh
    review = False
    if applied is not None:
        log_changes(session, held, applied.rows, envelope.op_id)
        origin = {"terminal": device.terminal_code, "seq": envelope.seq, "op": envelope.name,
                  "client_time": envelope.client_time.isoformat()}
        review = raise_review_items(session, device.property_id, envelope.name, envelope.op_id, applied,
                                    origin) > 0
    result = applied.result if applied is not None else None
    session.add(OpResult(op_id=envelope.op_id, device_id=device.id, seq=envelope.seq, name=envelope.name,
                         version=envelope.version, status="applied" if applied is not None else "rejected",
                         review=review, result=canonical.dumps(to_jsonable_python(result)), error=error,
                         applied_at=now()))
    return OpOutcome(op_id=envelope.op_id, seq=envelope.seq, status="applied" if applied is not None else "rejected",
                     review=review, result=result, error=error or None)


def push(engine: Engine, device: DeviceIdentity, request: PushRequest) -> PushResponse:
    _check_batch(request, device)
    with transaction(engine) as session:
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
        results = []
        last_seq = row.last_seq
        for envelope in request.ops:
            if envelope.seq <= last_seq:
                results.append(_stored(session, row, envelope))
                continue
            results.append(_apply(session, held, row, envelope))
            last_seq = envelope.seq
        row.last_seq, row.last_seen_at, row.app_version = last_seq, now(), request.app_version
        session.add(row)
    return PushResponse(results=results, last_seq=last_seq, server_time=now())
