"""Enrolling a desk with a server (``frontdesk enroll`` and the settings dialog), then its initial state.

An empty desk bootstraps from the server and adopts the property's field key. A standalone desk that already
holds a property's data (``has_data``) sends its field key along, adopts the server's property id, code and
name (rewriting its own property id everywhere, in one transaction) and uploads its data as the property's
initial state. Either way the desk takes the server's device id and its terminal code (a new one for every
enrollment: receipt numbers never repeat) and its Device row becomes mode "online".
"""

import base64
import binascii
import platform
import uuid
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, SQLModel

from app.core.clock import now
from app.core.crypto import FieldCipher
from app.core.errors import PermissionDenied
from app.core.keystore import export_key, store_key
from app.ops.desk import Desk
from app.ops.runner import Actor
from app.store.audit import append_audit
from app.store.db import reading, transaction
from app.store.models import ONLINE, Device, Property
from app.store.sync_models import SyncState
from app.sync.api import APP_VERSION, ServerApi, SyncError
from app.sync.initial import InitialSummary, Progress, _quiet, complete_initial_state
from app.sync.protocol import PROTOCOL_VERSION, EnrollRequest, EnrollResponse
from app.sync.rows import defer_foreign_keys
from app.sync.state import sync_state


@dataclass
class EnrollReport:
    mode: str
    property_code: str
    property_name: str
    terminal_code: str
    initial: InitialSummary | None


def adopt_property(session: Session, old_id: uuid.UUID, new_id: uuid.UUID, code: str, name: str) -> None:
    """Give the desk's property (and every row pointing at it) the server's id, code and name."""
    defer_foreign_keys(session)
    if old_id != new_id:
        for table in SQLModel.metadata.sorted_tables:
            if "property_id" in table.c:
                session.execute(update(table).where(table.c.property_id == old_id).values(property_id=new_id))
        session.execute(update(Property).where(Property.id == old_id).values(id=new_id))
    session.execute(update(Property).where(Property.id == new_id).values(code=code, name=name))


def _decode_key(field_key: str) -> bytes:
    try:
        return base64.b64decode(field_key, validate=True)
    except (binascii.Error, ValueError):
        raise SyncError("服务器发来的密钥格式不正确", "The server's field key is malformed", code="invalid") from None


def _request(desk: Desk, code: str, device_name: str) -> EnrollRequest:
    has_data = desk.device().property_id is not None
    return EnrollRequest(code=code.strip(), protocol=PROTOCOL_VERSION, app_version=APP_VERSION,
                         device_name=(device_name or platform.node())[:60], has_data=has_data,
                         field_key=export_key(desk.data_dir) if has_data else None)


def _accept(desk: Desk, server_url: str, request: EnrollRequest, answer: EnrollResponse) -> None:
    if request.has_data and answer.mode != "upload":
        raise SyncError("该小区在服务器上已有数据，而本机也已有数据，不能合并；请在新的数据目录中加入",
                        "The property already has data on the server and so does this desk", code="conflict")
    key = _decode_key(answer.field_key)
    if request.has_data and key != _decode_key(request.field_key):
        raise SyncError("服务器没有采用本机的密钥，本机数据无法上传，请联系管理员",
                        "The server did not take this desk's field key", code="conflict")
    if not request.has_data:  # an empty desk: nothing is encrypted with its own key yet
        store_key(desk.data_dir, key)
        desk.cipher = FieldCipher(key)
    prop = answer.property
    with transaction(desk.engine) as session:
        device = session.get(Device, 1)
        if request.has_data:
            adopt_property(session, device.property_id, prop.id, prop.code, prop.name)
        old_device_id, old_terminal = device.device_id, device.terminal_code
        device.device_id, device.property_id = answer.device_id, prop.id
        device.terminal_code, device.mode = answer.terminal_code, ONLINE
        session.add(device)
        session.add(SyncState(server_url=server_url, token=answer.token, enroll_mode=answer.mode,
                              clock_skew_seconds=int((answer.server_time - now()).total_seconds())))
        append_audit(session, at=now(), action="sync.enroll", detail={
            "server": server_url, "mode": answer.mode, "property": prop.code, "terminal": answer.terminal_code,
            "device_id": str(answer.device_id), "previous_device_id": str(old_device_id),
            "previous_terminal": old_terminal})
    desk.settings.set("desk.property_code", prop.code)
    desk.settings.set("desk.property_name", prop.name)
    desk.settings.save()


ENROLL_PERMISSION = "settings.manage"


def enroll(desk: Desk, server_url: str, code: str, *, actor: Actor | None = None, device_name: str = "",
           transport=None, progress: Progress = _quiet) -> EnrollReport:
    """``actor`` must be an administrator once the desk has accounts (its data goes to the server)."""
    server_url = server_url.strip().rstrip("/")
    if not desk.needs_first_run() and (actor is None or not actor.can(ENROLL_PERMISSION)):
        raise PermissionDenied("只有管理员可以把本机加入服务器", "Only an administrator may enroll this desk")
    with reading(desk.engine) as session:
        state = sync_state(session)
    if state is not None and state.bootstrapped:
        raise SyncError(f"本机已加入服务器 {state.server_url}，不能重复加入",
                        f"This desk is already enrolled with {state.server_url}", code="conflict")
    if state is None:
        request = _request(desk, code, device_name)
        with ServerApi(server_url, transport=transport) as api:
            answer = api.enroll(request)
        _accept(desk, server_url, request, answer)
        token = answer.token
    else:  # enrolled before, initial state not finished: the code was used then; carry on
        server_url, token = state.server_url, state.token
    with ServerApi(server_url, token, transport=transport) as api:
        initial = complete_initial_state(desk.engine, api, progress=progress)
    prop = desk.property_row()
    return EnrollReport(initial.mode if initial else "", prop.code if prop else "", prop.name if prop else "",
                        desk.device().terminal_code, initial)
