"""Sync bookkeeping tables. Desk side: its connection to the server and which rows its pending ops touched.
Server side: properties' keys and change counters, devices, enrollment codes, op results, the change log and
the review queue. Both sides share one schema (one set of migrations); none of these rows is ever synced."""

import uuid
from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.store.models import _ts
from app.store.types import CompactUUID

_LOCAL = {"info": {"local": True}}


def _uuid(**kw):
    return Field(sa_type=CompactUUID, **kw)


def _text(default=""):
    return Field(default=default, sa_column=Column(Text, nullable=False))


# --- desk ---------------------------------------------------------------------------------------------------

class SyncState(SQLModel, table=True):
    """This desk's link to its server (one row, id 1); absent while the desk is standalone."""

    __tablename__ = "sync_state"
    __table_args__ = _LOCAL
    id: int = Field(default=1, primary_key=True)
    server_url: str
    token: str
    pull_cursor: int = 0  # the last change-log seq applied from the server
    bootstrapped: bool = False
    last_success_at: datetime | None = _ts(nullable=True)
    last_attempt_at: datetime | None = _ts(nullable=True)
    last_error: str = ""
    clock_skew_seconds: int = 0  # server time − desk time at the last sync
    # migration 0005 (the desk's sync client): why the last attempt failed ("" / unreachable / revoked /
    # upgrade_required / …, the status bar reads it), a notice kept until a clerk has seen it (the server was
    # restored from an older backup …), and where the initial state comes from (bootstrap / upload).
    last_error_code: str = ""
    notice: str = _text()
    enroll_mode: str = "bootstrap"
    pull_check: str = ""  # migration 0008: digest of the change at pull_cursor (a restored server shows up)


class OutboxRow(SQLModel, table=True):
    """A synced row written by a still-pending op: a pull must not overwrite it until the op is acknowledged."""

    __tablename__ = "outbox_row"
    __table_args__ = (Index("ix_outbox_row_op", "op_id"), {"info": {"local": True}})
    table_name: str = Field(primary_key=True)
    row_id: uuid.UUID = Field(primary_key=True, sa_type=CompactUUID)
    op_id: uuid.UUID = Field(primary_key=True, sa_type=CompactUUID)


# --- server -------------------------------------------------------------------------------------------------

class ServerProperty(SQLModel, table=True):
    """Per property: the shared field key, the change-log counter (updated inside each writing transaction, so
    change numbers commit in order) and the next terminal number (terminal codes are never reused)."""

    __tablename__ = "server_property"
    __table_args__ = _LOCAL
    property_id: uuid.UUID = Field(primary_key=True, sa_type=CompactUUID, foreign_key="property.id")
    field_key: str  # base64
    change_seq: int = 0
    next_terminal: int = 1
    initialized: bool = False  # holds its initial state (from an upload or from ops)
    upload_device_id: uuid.UUID | None = _uuid(default=None, nullable=True)  # the desk enrolled to upload it
    created_at: datetime = _ts()


class EnrollmentCode(SQLModel, table=True):
    __tablename__ = "enrollment_code"
    __table_args__ = _LOCAL
    code_hash: str = Field(primary_key=True)
    property_id: uuid.UUID = _uuid(foreign_key="property.id")
    terminal_code: str
    created_at: datetime = _ts()
    expires_at: datetime = _ts()
    used_at: datetime | None = _ts(nullable=True)


class SyncDevice(SQLModel, table=True):
    __tablename__ = "sync_device"
    __table_args__ = (UniqueConstraint("property_id", "terminal_code"), {"info": {"local": True}})
    id: uuid.UUID = Field(primary_key=True, sa_type=CompactUUID)
    property_id: uuid.UUID = _uuid(foreign_key="property.id", index=True)
    terminal_code: str
    token_hash: str = Field(index=True)
    name: str = ""
    app_version: str = ""
    last_seq: int = 0
    enrolled_at: datetime = _ts()
    last_seen_at: datetime | None = _ts(nullable=True)
    revoked_at: datetime | None = _ts(nullable=True)


class OpResult(SQLModel, table=True):
    """The stored outcome of each pushed op: a duplicate delivery gets this back instead of a second run."""

    __tablename__ = "op_result"
    __table_args__ = (UniqueConstraint("device_id", "seq"), {"info": {"local": True}})
    op_id: uuid.UUID = Field(primary_key=True, sa_type=CompactUUID)
    device_id: uuid.UUID = _uuid(foreign_key="sync_device.id")
    seq: int
    name: str
    version: int
    status: str  # applied / rejected
    review: bool = False
    result: str = _text("null")  # canonical JSON
    error: str = ""
    applied_at: datetime = _ts()


class ChangeLog(SQLModel, table=True):
    __tablename__ = "change_log"
    __table_args__ = _LOCAL
    property_id: uuid.UUID = Field(primary_key=True, sa_type=CompactUUID)
    seq: int = Field(primary_key=True)
    table_name: str
    row_id: uuid.UUID = _uuid()
    row: str = _text()  # canonical JSON of the row's state after the change
    op_id: uuid.UUID | None = _uuid(default=None, nullable=True)


class ReviewItem(SQLModel, table=True):
    """A conflict the server accepted but a supervisor must look at (待处理): a card active for two holders, two
    payments for one charge, a field edited on two desks at once …"""

    __tablename__ = "review_item"
    __table_args__ = _LOCAL
    id: uuid.UUID = Field(primary_key=True, sa_type=CompactUUID)
    property_id: uuid.UUID = _uuid(index=True)
    kind: str
    summary: str
    detail: str = _text("{}")
    op_id: uuid.UUID | None = _uuid(default=None, nullable=True)
    created_at: datetime = _ts()
    resolved_at: datetime | None = _ts(nullable=True)
    resolved_by: str = ""
    resolution: str = ""
