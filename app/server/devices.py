"""Devices: one-time enrollment codes, enrollment, bearer tokens (only their hashes are stored), revocation.

A terminal code (T01, T02 …) names one desk of a property on its receipts; it is given once and never again,
not even to the same PC reinstalled or restored from a backup.
"""

import base64
import binascii
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core.clock import now
from app.core.crypto import KEY_BYTES
from app.core.errors import NotFound, ValidationError
from app.core.ids import new_id
from app.server.errors import ApiError, check_protocol, revoked, unauthorized
from app.store.billing_models import Shift
from app.store.db import reading, transaction
from app.store.models import Property
from app.store.sync_models import EnrollmentCode, ServerProperty, SyncDevice
from app.sync.protocol import EnrollRequest, EnrollResponse, PropertyInfo

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
CODE_LENGTH = 12
TERMINAL_PATTERN = re.compile(r"^T[0-9]{2,3}$")
STANDALONE_TERMINAL = "T00"  # a desk's number before enrollment: its receipts already carry it


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalize_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def server_property(session: Session, property_code: str, *, lock: bool = False) -> tuple[Property, ServerProperty]:
    prop = session.scalar(select(Property).where(Property.code == property_code.strip().upper()))
    query = select(ServerProperty).where(ServerProperty.property_id == (prop.id if prop else None))
    held = session.scalar(query.with_for_update() if lock else query) if prop else None
    if prop is None or held is None:
        raise NotFound(f"服务器上没有小区 {property_code}", f"No property {property_code} on this server")
    return prop, held


def terminal_taken(session: Session, property_id: uuid.UUID, terminal: str) -> bool:
    """Given to a device once (even one revoked since), or already on the property's shifts and receipts."""
    device = select(SyncDevice.id).where(SyncDevice.property_id == property_id, SyncDevice.terminal_code == terminal)
    shift = select(Shift.id).where(Shift.property_id == property_id, Shift.terminal_code == terminal)
    return session.scalar(device.limit(1)) is not None or session.scalar(shift.limit(1)) is not None


def _next_free_terminal(session: Session, held: ServerProperty) -> str:
    while True:
        terminal = f"T{held.next_terminal:02d}"
        held.next_terminal += 1
        if not terminal_taken(session, held.property_id, terminal):
            return terminal


@dataclass(frozen=True)
class IssuedCode:
    code: str
    property_code: str
    terminal_code: str
    expires_at: object


def issue_enrollment_code(engine: Engine, property_code: str, terminal: str | None = None, *,
                          valid_hours: int = 72) -> IssuedCode:
    """A one-time code that enrolls one desk as ``terminal`` (the next free one when not given)."""
    at = now()
    with transaction(engine) as session:
        prop, held = server_property(session, property_code, lock=True)
        if terminal is None:
            terminal = _next_free_terminal(session, held)
            session.add(held)
        else:
            terminal = terminal.strip().upper()
            if not TERMINAL_PATTERN.match(terminal) or terminal == STANDALONE_TERMINAL:
                raise ValidationError("收银台编号应为 T01–T999", "Terminal codes are T01–T999")
            if terminal_taken(session, prop.id, terminal):
                raise ValidationError(f"收银台编号 {terminal} 已用过，不能再次使用；请换一个编号",
                                      f"Terminal code {terminal} was used before and is never given again")
        # An earlier code for the same terminal, never used, stops working: only the newest one enrolls.
        session.execute(update(EnrollmentCode)
                        .where(EnrollmentCode.property_id == prop.id, EnrollmentCode.terminal_code == terminal,
                               EnrollmentCode.used_at.is_(None), EnrollmentCode.expires_at > at)
                        .values(expires_at=at))
        code = _new_code()
        expires = at + timedelta(hours=valid_hours)
        session.add(EnrollmentCode(code_hash=digest(normalize_code(code)), property_id=prop.id,
                                   terminal_code=terminal, created_at=at, expires_at=expires))
    return IssuedCode(code, prop.code, terminal, expires)


def _check_field_key(field_key: str | None) -> str:
    try:
        if field_key and len(base64.b64decode(field_key, validate=True)) == KEY_BYTES:
            return field_key
    except (binascii.Error, ValueError):
        pass
    raise ApiError(400, "invalid", "带数据登记时须提供本机的数据密钥", "Enrolling with data needs the desk's field key")


def enroll(engine: Engine, request: EnrollRequest) -> EnrollResponse:
    check_protocol(request.protocol)
    at = now()
    token = secrets.token_urlsafe(32)
    with transaction(engine) as session:
        code = session.scalar(select(EnrollmentCode).where(
            EnrollmentCode.code_hash == digest(normalize_code(request.code))).with_for_update())
        if code is None or code.used_at is not None or code.expires_at <= at:
            raise ApiError(401, "unauthorized", "登记码无效、已使用或已过期，请向管理员索取新的登记码",
                           "The enrollment code is unknown, used or expired")
        held = session.scalar(select(ServerProperty).where(ServerProperty.property_id == code.property_id)
                              .with_for_update())
        prop = session.get(Property, code.property_id)
        if terminal_taken(session, prop.id, code.terminal_code):
            raise ApiError(409, "conflict", f"收银台编号 {code.terminal_code} 已被使用，请向管理员索取新的登记码",
                           f"Terminal {code.terminal_code} is taken")
        device_id = new_id()
        if request.has_data:
            if held.initialized:
                raise ApiError(409, "conflict", f"服务器上的小区 {prop.code} 已有数据，本机数据不能作为初始数据上传",
                               f"Property {prop.code} already holds data on the server: no upload")
            uploader = session.get(SyncDevice, held.upload_device_id) if held.upload_device_id else None
            if uploader is not None and uploader.revoked_at is None:
                raise ApiError(409, "conflict", f"另一台前台（{uploader.terminal_code}）正在上传该小区的初始数据",
                               f"Another desk ({uploader.terminal_code}) is uploading this property's data")
            held.field_key = _check_field_key(request.field_key)
            held.upload_device_id = device_id
            session.add(held)
        session.add(SyncDevice(id=device_id, property_id=prop.id, terminal_code=code.terminal_code,
                               token_hash=digest(token), name=request.device_name, app_version=request.app_version,
                               enrolled_at=at))
        code.used_at = at
        session.add(code)
        return EnrollResponse(device_id=device_id, token=token, terminal_code=code.terminal_code,
                              property=PropertyInfo(id=prop.id, code=prop.code, name=prop.name),
                              field_key=held.field_key, mode="upload" if request.has_data else "bootstrap",
                              server_time=at)


@dataclass(frozen=True)
class DeviceIdentity:
    """The device a request's bearer token names (read without a lock; writers re-read it under the lock)."""

    id: uuid.UUID
    property_id: uuid.UUID
    terminal_code: str
    last_seq: int


def authenticate(engine: Engine, token: str | None) -> DeviceIdentity:
    if not token:
        raise unauthorized()
    with reading(engine) as session:
        device = session.scalar(select(SyncDevice).where(SyncDevice.token_hash == digest(token)))
    if device is None:
        raise unauthorized()
    if device.revoked_at is not None:
        raise revoked()
    return DeviceIdentity(device.id, device.property_id, device.terminal_code, device.last_seq)


def list_devices(engine: Engine, property_code: str | None = None) -> list[tuple[SyncDevice, str]]:
    with reading(engine) as session:
        query = select(SyncDevice, Property.code).join(Property, Property.id == SyncDevice.property_id)
        if property_code:
            query = query.where(Property.code == property_code.strip().upper())
        return list(session.execute(query.order_by(Property.code, SyncDevice.terminal_code)).tuples())


def revoke_device(engine: Engine, property_code: str, terminal: str) -> SyncDevice:
    """The device stops working at once (every request answers "revoked"); its terminal code stays used."""
    with transaction(engine) as session:
        prop, _held = server_property(session, property_code, lock=True)
        device = session.scalar(select(SyncDevice).where(SyncDevice.property_id == prop.id,
                                                         SyncDevice.terminal_code == terminal.strip().upper()))
        if device is None:
            raise NotFound(f"小区 {prop.code} 没有收银台 {terminal}", f"No terminal {terminal} at {prop.code}")
        if device.revoked_at is None:
            device.revoked_at = now()
            session.add(device)
        return device
