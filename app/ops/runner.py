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
from app.domain.permissions import PERMISSIONS, has_permission
from app.store.audit import append_audit
from app.store.db import transaction
from app.store.models import Device, Outbox
from app.store.replication import start_tracking, touched
from app.store.sync_models import OutboxRow

APPROVE = "ops.approve"


class Payload(pydantic.BaseModel):
    """Base of every op payload: ``at`` is the moment the clerk acted (made by the caller, not the handler)."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    at: pydantic.AwareDatetime


@dataclass(frozen=True)
class Actor:
    """A logged-in clerk (or a supervisor who approved at the desk)."""

    clerk_id: uuid.UUID
    username: str
    display_name: str
    roles: tuple[str, ...]

    def can(self, permission: str) -> bool:
        return has_permission(self.roles, permission)


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


def spec_for(name: str, version: int | None = None) -> OpSpec:
    version = version or _LATEST.get(name)
    spec = _SPECS.get((name, version or 0))
    if spec is None:
        raise ValidationError(f"未知的操作：{name} v{version}", f"Unknown op: {name} v{version}")
    return spec


def registered_ops() -> list[OpSpec]:
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


def _next_device_seq(session: Session) -> int:
    row = session.execute(
        update(Device).where(Device.id == 1).values(next_seq=Device.next_seq + 1).returning(Device.next_seq)
    ).first()
    if row is None:
        raise RuntimeError("the device row is missing: open the store through app.ops.desk")
    return row[0] - 1


def payload_digest(payload_json: str) -> str:
    return hashlib.sha256(payload_json.encode("utf-8")).hexdigest()


def run_op(engine: Engine, name: str, payload: dict | Payload, actor: Actor, *, approver: Actor | None = None,
           version: int | None = None, op_id: uuid.UUID | None = None,
           client_time: datetime | None = None) -> OpResult:
    spec = spec_for(name, version)
    _check_permission(spec, actor)
    parsed = parse_payload(spec, payload)
    op_id = op_id or new_id()
    with transaction(engine) as session:
        approver_id = _approver_for(session, spec, parsed, actor, approver)
        if spec.prepare is not None:
            parsed = spec.prepare(session, parsed, session.get(Device, 1))
        payload_json = canonical.dumps(parsed.model_dump(mode="json"))
        result = apply_op(session, spec, parsed, OpContext(op_id, actor.clerk_id, approver_id))
        rows_written = frozenset(touched(session))
        seq = _next_device_seq(session)
        session.add(Outbox(op_id=op_id, device_seq=seq, name=spec.name, version=spec.version, payload=payload_json,
                           actor_id=actor.clerk_id, approver_id=approver_id, client_time=client_time or now()))
        session.flush()
        if rows_written:  # a pull leaves these rows alone until the server has acknowledged this op
            session.execute(insert(OutboxRow), [{"table_name": table, "row_id": row_id, "op_id": op_id}
                                                for table, row_id in sorted(rows_written)])
        detail = {"op": spec.name, "v": spec.version, "seq": seq, "payload_sha256": payload_digest(payload_json)}
        if spec.describe is not None:
            detail["summary"] = spec.describe(parsed)
        append_audit(session, at=parsed.at, action=spec.name, detail=detail, actor_id=actor.clerk_id,
                     approver_id=approver_id, op_id=op_id)
    return OpResult(op_id, seq, result, approver_id, parsed, rows_written)
