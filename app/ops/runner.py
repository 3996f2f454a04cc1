"""The one op runner (DESIGN.md "Writes are ops").

In one transaction: permission check → supervisor approval check → deterministic handler → outbox row
(op_id, device_seq, name, version, payload, actor, approver, client time) → hash-chained audit entry.
Any error rolls everything back. Handlers take every id, number and time from the payload, so the server
re-runs the same handler on its own database and gets the same rows.
"""

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pydantic
from sqlalchemy import insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core import canonical
from app.core.clock import now
from app.core.errors import ApprovalRequired, PermissionDenied, ValidationError
from app.core.ids import new_id
from app.domain.permissions import PERMISSIONS
from app.ops.actor import Actor  # (its own module, light for the desk's first frame; imported from here too)
from app.store.audit import AuditTail, append_audit
from app.store.db import transaction
from app.store.models import STANDALONE, Device, Outbox
from app.store.sync_models import OutboxRow

APPROVE = "ops.approve"


class Payload(pydantic.BaseModel):
    """Base of every op payload: ``at`` is the moment the clerk acted (made by the caller, not the handler)."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    at: pydantic.AwareDatetime


@dataclass(frozen=True)
class OpContext:
    op_id: uuid.UUID
    actor_id: uuid.UUID
    approver_id: uuid.UUID | None


Handler = Callable[[Session, Any, OpContext], Any]


@dataclass(frozen=True)
class OpSpec:
    name: str
    version: int
    permission: str
    payload_model: type[Payload]
    handler: Handler
    needs_approval: Callable[[Session, Any], bool] | None = None
    describe: Callable[[Any], str] | None = None
    prepare: Callable[[Session, Any, Device], Any] | None = None


_SPECS: dict[tuple[str, int], OpSpec] = {}
_LATEST: dict[str, int] = {}


def op(name: str, version: int, *, permission: str, payload: type[Payload],
       needs_approval: Callable[[Session, Any], bool] | None = None,
       describe: Callable[[Any], str] | None = None,
       prepare: Callable[[Session, Any, Device], Any] | None = None) -> Callable[[Handler], Handler]:
    """Register a handler as op ``name`` v``version``. Old versions stay registered so that an outbox
    written before an upgrade still applies.

    ``prepare(session, payload, device) -> payload`` runs on the desk only, inside the op's transaction, to fill
    in what the desk itself numbers (a receipt number from the terminal's counter): the prepared payload is what
    the handler sees and what the outbox carries, so the server's handler gets the same number."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission}")

    def register(handler: Handler) -> Handler:
        _SPECS[(name, version)] = OpSpec(name, version, permission, payload, handler, needs_approval, describe,
                                         prepare)
        _LATEST[name] = max(version, _LATEST.get(name, 0))
        return handler

    return register


_catalog_loaded = False


def _load_catalog() -> None:
    """Import every module that registers ops (app.ops.catalog), once, on the registry's first use: the desk's
    start does not pay for op modules its first frame does not need, and every op is registered before one runs."""
    global _catalog_loaded
    if not _catalog_loaded:
        import app.ops.catalog  # noqa: F401

        _catalog_loaded = True


def load_ops() -> None:
    """What the first op would import (every op module, the sync row tracking), imported now: the desk calls it
    once its first frame is drawn, so the clerk's first op does not pay for it."""
    _load_catalog()
    import app.store.replication  # noqa: F401


def spec_for(name: str, version: int | None = None) -> OpSpec:
    _load_catalog()
    version = version or _LATEST.get(name)
    spec = _SPECS.get((name, version or 0))
    if spec is None:
        raise ValidationError(f"未知的操作：{name} v{version}", f"Unknown op: {name} v{version}")
    return spec


def registered_ops() -> list[OpSpec]:
    _load_catalog()
    return sorted(_SPECS.values(), key=lambda s: (s.name, s.version))


def parse_payload(spec: OpSpec, payload: dict | Payload) -> Payload:
    if isinstance(payload, spec.payload_model):
        return payload
    try:
        return spec.payload_model.model_validate(payload)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise ValidationError(f"操作数据不完整或格式错误（{where}）：{first['msg']}",
                              f"Malformed op data ({where}): {first['msg']}") from None


def apply_op(session: Session, spec: OpSpec, payload: Payload, context: OpContext) -> Any:
    """Run the handler alone (the server's path, and the desk runner's middle step). The rows it writes are
    collected for sync: ``app.store.replication.touched(session)`` afterwards."""
    from app.store.replication import start_tracking  # imported on the first op, like the op catalog

    start_tracking(session)
    result = spec.handler(session, payload, context)
    session.flush()
    return result


@dataclass
class OpResult:
    op_id: uuid.UUID
    device_seq: int
    result: Any = None
    approver_id: uuid.UUID | None = None
    payload: Payload | None = None  # as run (after the desk's prepare step)
    touched: frozenset[tuple[str, uuid.UUID]] = frozenset()  # synced rows the handler wrote
    follow_up: "OpResult | None" = None  # the op ``then`` named, committed with this one
    follow_up_error: Exception | None = None  # raised by ``then``: this op committed without its follow-up
    audit_tail: AuditTail | None = None  # the op's audit entry (seq, hash)


def _check_permission(spec: OpSpec, actor: Actor) -> None:
    if not actor.can(spec.permission):
        label = PERMISSIONS[spec.permission]
        raise PermissionDenied(f"当前账号没有“{label}”权限", f"This account lacks the permission: {spec.permission}")


def _approver_for(session: Session, spec: OpSpec, payload: Payload, actor: Actor,
                  approver: Actor | None) -> uuid.UUID | None:
    if spec.needs_approval is None or not spec.needs_approval(session, payload):
        return None
    if actor.can(APPROVE):
        return actor.clerk_id
    if approver is None:
        raise ApprovalRequired("此操作需要主管审批", "This operation needs a supervisor's approval")
    if approver.clerk_id == actor.clerk_id or not approver.can(APPROVE):
        raise PermissionDenied("审批人没有主管审批权限", "The approver may not approve operations")
    return approver.clerk_id


# Statements built once: SQLAlchemy then reuses their compiled form without rebuilding them on every op.
_DEVICE = Device.__table__
_TAKE_SEQ = (update(_DEVICE).where(_DEVICE.c.id == 1).values(next_seq=_DEVICE.c.next_seq + 1)
             .returning(*_DEVICE.c))
_INSERT_OUTBOX = insert(Outbox.__table__)
_INSERT_OUTBOX_ROWS = insert(OutboxRow.__table__)


def _take_device_seq(session: Session) -> tuple[int, Device]:
    """The op's device_seq (the counter moves on inside the op's transaction) and the device row, read by the
    same statement (a transient copy for ``prepare``: ``model_construct`` skips the ≈0.5 ms of a model's init)."""
    row = session.connection().execute(_TAKE_SEQ).first()
    if row is None:
        raise RuntimeError("the device row is missing: open the store through app.ops.desk")
    return row.next_seq - 1, Device.model_construct(**row._mapping)


def payload_digest(payload_json: str) -> str:
    return hashlib.sha256(payload_json.encode("utf-8")).hexdigest()


FollowUp = Callable[[Session, OpResult], tuple[str, dict | Payload] | None]


def run_op(engine: Engine, name: str, payload: dict | Payload, actor: Actor, *, approver: Actor | None = None,
           version: int | None = None, op_id: uuid.UUID | None = None,
           client_time: datetime | None = None, then: FollowUp | None = None) -> OpResult:
    """Run op ``name`` as ``actor`` in one transaction (see the module's docstring).

    ``then(session, result)`` may name a second op, by the same actor, to run in the same transaction right
    after this one (its own outbox row, next device_seq and audit entry): the two commit together or not at
    all. Recording the receipt printed for a payment that way costs one commit (one fsync) instead of two.
    ``then`` only reads and computes; if it raises, this op commits alone and the error is kept in
    ``OpResult.follow_up_error`` for the caller (a receipt that fails to render never undoes the payment)."""
    spec = spec_for(name, version)
    _check_permission(spec, actor)
    parsed = parse_payload(spec, payload)
    with transaction(engine) as session:
        result = _run_in(session, spec, parsed, actor, approver, op_id or new_id(), client_time)
        if then is not None:
            try:
                follow = then(session, result)
            except Exception as exc:  # kept for the caller; the op itself stands
                result.follow_up_error = exc
                follow = None
            if follow is not None:
                follow_spec = spec_for(follow[0])
                _check_permission(follow_spec, actor)
                result.follow_up = _run_in(session, follow_spec, parse_payload(follow_spec, follow[1]), actor,
                                           None, new_id(), client_time, result.audit_tail)
    return result


def _run_in(session: Session, spec: OpSpec, parsed: Payload, actor: Actor, approver: Actor | None,
            op_id: uuid.UUID, client_time: datetime | None, audit_tail: AuditTail | None = None) -> OpResult:
    """The op inside the caller's transaction: approval, device_seq, prepare, handler, outbox (+ its rows),
    audit (chained after ``audit_tail`` when the transaction already appended an entry). Core statements for
    the runner's own rows: the ORM's unit of work costs more than these single rows are worth."""
    approver_id = _approver_for(session, spec, parsed, actor, approver)
    seq, device = _take_device_seq(session)
    if spec.prepare is not None:
        parsed = spec.prepare(session, parsed, device)
    payload_json = canonical.dumps(parsed.model_dump(mode="json"))
    result = apply_op(session, spec, parsed, OpContext(op_id, actor.clerk_id, approver_id))
    from app.store.replication import touched

    rows_written = frozenset(touched(session))
    connection = session.connection()
    connection.execute(_INSERT_OUTBOX, {
        "op_id": op_id, "device_seq": seq, "name": spec.name, "version": spec.version, "payload": payload_json,
        "actor_id": actor.clerk_id, "approver_id": approver_id, "client_time": client_time or now(),
        "status": "pending", "result": ""})
    # A pull leaves these rows alone until the server has acknowledged this op. A standalone desk never pulls, and
    # enrolling it uploads its rows and acknowledges every op made before: it keeps none (nor lets them pile up).
    if rows_written and device.mode != STANDALONE:
        connection.execute(_INSERT_OUTBOX_ROWS, [{"table_name": table, "row_id": row_id, "op_id": op_id}
                                                 for table, row_id in sorted(rows_written)])
    detail = {"op": spec.name, "v": spec.version, "seq": seq, "payload_sha256": payload_digest(payload_json)}
    if spec.describe is not None:
        detail["summary"] = spec.describe(parsed)
    tail = append_audit(session, at=parsed.at, action=spec.name, detail=detail, actor_id=actor.clerk_id,
                        approver_id=approver_id, op_id=op_id, tail=audit_tail)
    return OpResult(op_id, seq, result, approver_id, parsed, rows_written, audit_tail=tail)
