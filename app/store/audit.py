"""The append-only, hash-chained audit log: append inside the writer's transaction; verify the chain."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core import canonical
from app.domain.audit_chain import GENESIS, entry_hash
from app.store.models import AuditLog


def _fields(seq: int, at: datetime, actor_id, approver_id, action: str, op_id, detail: str) -> dict:
    return {
        "seq": seq,
        "at": at.isoformat(),
        "actor": str(actor_id) if actor_id else None,
        "approver": str(approver_id) if approver_id else None,
        "action": action,
        "op": str(op_id) if op_id else None,
        "detail": detail,
    }


AuditTail = tuple[int, str]  # the last entry's (seq, hash)
_LAST = select(AuditLog.seq, AuditLog.hash).order_by(AuditLog.seq.desc()).limit(1)
_INSERT = insert(AuditLog.__table__)


def append_audit(session: Session, *, at: datetime, action: str, detail: dict,
                 actor_id: uuid.UUID | None = None, approver_id: uuid.UUID | None = None,
                 op_id: uuid.UUID | None = None, tail: AuditTail | None = None) -> AuditTail:
    """Must run inside a write transaction (BEGIN IMMEDIATE), which keeps the chain linear. ``tail``: the entry
    this transaction appended last (what this function returned), so the chain's end is not read again. Core
    statements on the session's connection: the ORM's unit of work is most of the cost of one row."""
    connection = session.connection()
    last = tail or connection.execute(_LAST).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    detail_text = canonical.dumps(detail)
    entry = entry_hash(prev_hash, _fields(seq, at, actor_id, approver_id, action, op_id, detail_text))
    connection.execute(_INSERT, {
        "seq": seq, "at": at, "actor_id": actor_id, "approver_id": approver_id, "action": action, "op_id": op_id,
        "detail": detail_text, "prev_hash": prev_hash, "hash": entry})
    return seq, entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_seq: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def verify_chain(engine: Engine) -> ChainReport:
    prev_hash, expected_seq, count = GENESIS, 1, 0
    with Session(engine) as session:
        for entry in session.scalars(select(AuditLog).order_by(AuditLog.seq)).yield_per(2000):
            count += 1
            if entry.seq != expected_seq:
                return ChainReport(count, expected_seq, "missing entry")
            if entry.prev_hash != prev_hash:
                return ChainReport(count, entry.seq, "link to the previous entry broken")
            fields = _fields(entry.seq, entry.at, entry.actor_id, entry.approver_id, entry.action, entry.op_id,
                             entry.detail)
            if entry_hash(prev_hash, fields) != entry.hash:
                return ChainReport(count, entry.seq, "entry content changed")
            prev_hash, expected_seq = entry.hash, expected_seq + 1
    return ChainReport(count, None)
