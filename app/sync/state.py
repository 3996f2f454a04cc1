"""The desk's link to its server (the SyncState row) and what the status bar and ``frontdesk sync`` show.

A desk without a SyncState row is standalone: nothing here is needed for it to work.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core.clock import now, to_local
from app.store.db import reading, transaction
from app.store.desk_status import SyncStatus, on_driver_connection, read_sync_status
from app.store.models import AuditLog, Clerk, Device, Outbox
from app.store.sync_models import SyncState
from app.sync.api import SyncError


def sync_state(session: Session) -> SyncState | None:
    return session.get(SyncState, 1)


def require_state(session: Session) -> SyncState:
    state = sync_state(session)
    if state is None:
        raise SyncError("本机尚未加入服务器（单机使用）：请先在“同步 → 接入服务器”中或用 frontdesk enroll 加入",
                        "This desk is standalone: enroll it with a server first", code="not_enrolled")
    return state


def device_identity(engine: Engine) -> tuple[uuid.UUID, str]:
    with reading(engine) as session:
        device = session.get(Device, 1)
        return device.device_id, device.terminal_code


def record_outcome(engine: Engine, *, attempted_at: datetime, ok: bool, error: str = "", error_code: str = "",
                   skew_seconds: int | None = None, notice: str | None = None) -> None:
    """After each round: when it ran, whether it succeeded (and why not), the measured clock skew."""
    with transaction(engine) as session:
        state = sync_state(session)
        if state is None:
            return
        state.last_attempt_at = attempted_at
        if ok:
            state.last_success_at = now()
        state.last_error, state.last_error_code = ("", "") if ok else (error, error_code)
        if skew_seconds is not None:
            state.clock_skew_seconds = skew_seconds
        session.add(state)
        if notice:
            add_notice(session, notice)


def add_notice(session: Session, text: str) -> None:
    state = sync_state(session)
    if state is not None:
        state.notice = f"{state.notice}\n{text}".strip() if state.notice else text
        session.add(state)


def clear_notice(engine: Engine) -> None:
    """The clerk has read the notice."""
    with transaction(engine) as session:
        state = sync_state(session)
        if state is not None:
            state.notice = ""
            session.add(state)


def sync_status(engine: Engine) -> SyncStatus:
    """The status bar's and ``frontdesk sync``'s view (SyncStatus lives with its query in app.store.desk_status,
    which the start-up peek runs before SQLAlchemy is loaded)."""
    return on_driver_connection(engine, read_sync_status)


def _when(moment: datetime | None) -> str:
    return to_local(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else "从未"


def _age(age: timedelta | None) -> str:
    if age is None:
        return "—"
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "不到 1 分钟"
    if minutes < 120:
        return f"{minutes} 分钟"
    return f"{minutes // 60} 小时" if minutes < 48 * 60 else f"{minutes // (24 * 60)} 天"


def status_lines(status: SyncStatus) -> list[str]:
    """The status in words, for ``frontdesk sync`` (the status bar has its own translated labels)."""
    if not status.enrolled:
        return ["单机使用（未加入服务器）", f"本机操作：{status.pending} 条（单机模式不上传）"]
    lines = [f"服务器：{status.server_url}（终端 {status.terminal_code}）",
             "状态：" + ("在线" if status.online else "离线" + (f"（{status.last_error}）" if status.last_error else "")),
             f"待上传：{status.pending} 条，最早一条已等待 {_age(status.oldest_pending_age())}",
             f"上次成功同步：{_when(status.last_success_at)}"]
    if status.rejected:
        lines.append(f"被服务器拒绝的操作：{status.rejected} 条（请主管查看）")
    if status.skew_warning:
        lines.append(f"注意：本机时钟与服务器相差 {abs(status.clock_skew_seconds) // 60} 分钟，请校准系统时间")
    if status.notice:
        lines.append(f"提示：{status.notice}")
    return lines


@dataclass(frozen=True)
class RejectedOp:
    op_id: uuid.UUID
    device_seq: int
    name: str
    summary: str
    client_time: datetime
    clerk_name: str
    reason: str


def rejected_ops(engine: Engine, limit: int = 500) -> list[RejectedOp]:
    """Ops the server refused, newest first, with the reason it gave (shown to a supervisor, never dropped)."""
    with reading(engine) as session:
        rows = session.execute(
            select(Outbox, Clerk.display_name).outerjoin(Clerk, Clerk.id == Outbox.actor_id)
            .where(Outbox.status == "rejected").order_by(Outbox.device_seq.desc()).limit(limit)).all()
        op_ids = [outbox.op_id for outbox, _name in rows]
        details = dict(session.execute(select(AuditLog.op_id, AuditLog.detail)
                                       .where(AuditLog.op_id.in_(op_ids))).all()) if op_ids else {}
    return [RejectedOp(outbox.op_id, outbox.device_seq, outbox.name,
                       json.loads(details[outbox.op_id]).get("summary", "") if outbox.op_id in details else "",
                       outbox.client_time, name or "", outbox.result)
            for outbox, name in rows]
