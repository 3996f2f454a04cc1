"""POST /v1/upload: a standalone desk's data becomes its property's initial state on the server.

Only the device enrolled with its data (has_data) may upload, and only while the property holds nothing yet.
Pages are upserts (an interrupted upload is simply sent again), each checked to hold only the property's own
rows. The last page (``done``) compares the per-table counts, sets the device's last_seq to the ops the upload
already holds, and opens the property to the other desks (bootstrap waits until then).
"""

import uuid

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from app.server.changes import OtherProperty, check_scope, lock_property
from app.server.devices import DeviceIdentity
from app.server.errors import ApiError, check_protocol
from app.server.scope import foreign_ids, scope_filter, synced_table
from app.store.db import transaction
from app.store.replication import json_to_row, synced_tables, upsert_rows
from app.store.sync_models import SyncDevice
from app.sync.protocol import UploadRequest


def _typed_rows(table, rows: list[dict]) -> list[dict]:
    try:
        typed = [json_to_row(table, row) for row in rows]
    except (TypeError, ValueError, AttributeError) as err:
        raise ApiError(400, "invalid", f"上传的 {table.name} 数据格式错误：{err}", f"Malformed {table.name} rows") from None
    (pk,) = table.primary_key.columns
    if any(row.get(pk.key) is None for row in typed):
        raise ApiError(400, "invalid", f"上传的 {table.name} 数据缺少主键", f"{table.name} rows without a key")
    return typed


def upload(engine: Engine, device: DeviceIdentity, request: UploadRequest) -> None:
    check_protocol(request.protocol)
    if request.device_id != device.id:
        raise ApiError(403, "forbidden", "请求中的设备与登记凭证不符", "device_id does not match the token")
    table = synced_table(request.table)
    if table is None:
        raise ApiError(404, "not_found", f"没有可同步的数据表 {request.table}", f"No synced table {request.table}")
    rows = _typed_rows(table, request.rows)
    (pk,) = table.primary_key.columns
    ids = [row[pk.key] for row in rows]
    try:
        with transaction(engine) as session:
            held = lock_property(session, device.property_id)
            if held.upload_device_id != device.id:
                raise ApiError(403, "forbidden", "本机不是登记时带数据的前台，不能上传初始数据",
                               "Only the desk enrolled with its data uploads the initial state")
            if held.initialized:
                raise ApiError(409, "conflict", "该小区在服务器上已有数据，上传已完成或不再需要",
                               "The property already holds its initial state")
            connection = session.connection()
            if foreign_ids(connection, table, ids, device.property_id):
                raise OtherProperty("上传的数据中有其他小区的记录", "The upload holds another property's rows")
            upsert_rows(connection, table, rows)
            check_scope(session, {(table.name, row_id) for row_id in ids}, device.property_id)
            if request.done:
                _finish(session, held, device.id, request)
    except OtherProperty as err:
        raise ApiError(403, "forbidden", err.zh, err.en) from None
    except IntegrityError as err:
        raise ApiError(409, "conflict", f"上传的 {table.name} 数据与服务器上的记录冲突或缺少关联记录",
                       f"Upload of {table.name} conflicts: {str(err.orig).splitlines()[0][:200]}") from None


def _finish(session, held, device_id: uuid.UUID, request: UploadRequest) -> None:
    sent = request.counts or {}
    wrong = []
    for each in synced_tables():
        have = session.scalar(select(func.count()).select_from(each).where(scope_filter(each, held.property_id)))
        if have != sent.get(each.name, 0):
            wrong.append(f"{each.name} 服务器 {have} / 本机 {sent.get(each.name, 0)}")
    if wrong:
        raise ApiError(409, "conflict", "上传的数据条数不符，请重新上传：" + "；".join(wrong),
                       "Row counts differ: " + "; ".join(wrong))
    device = session.get(SyncDevice, device_id)
    device.last_seq = max(device.last_seq, request.last_seq or 0)
    held.initialized, held.upload_device_id = True, None
    session.add_all([device, held])
