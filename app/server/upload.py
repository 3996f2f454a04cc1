"""POST /v1/upload: a standalone desk's data becomes its property's initial state on the server.

Only the device enrolled with its data (has_data) may upload, and only while the property holds nothing yet.
Each page is one transaction. Its new rows are written in bulk (app.server.bulk_rows: one executemany on SQLite,
one COPY on PostgreSQL); rows the server holds already (a page sent again after an interrupted upload) are
upserted, so an upload can simply be made again. The last page (``done``) compares the per-table counts, sets
the device's last_seq to the ops the upload already holds, and opens the property to the other desks (bootstrap
waits until then): until it is complete, no other desk sees any of it.

Every page holds only the property's own rows, checked without reading the rows back: a row that names its
property names this one; a line scoped through its parent (payment_line → payment …) points only at rows of this
property (and a parent that is not there fails the foreign key); the rest (printed documents, conflicts: small
tables) are checked after writing, as an op's rows are. Rows already on the server must be this property's.
"""

import uuid

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from app.server.bulk_rows import TablePlan, existing_keys, insert_values, table_plan, value_uuid
from app.server.changes import OtherProperty, check_scope, lock_property
from app.server.devices import DeviceIdentity
from app.server.errors import ApiError, check_protocol
from app.server.scope import foreign_ids, scope_filter, synced_table
from app.store.db import transaction
from app.store.replication import is_synced, json_to_row, synced_tables, upsert_rows
from app.store.sync_models import SyncDevice
from app.sync.protocol import UploadRequest


def _malformed(table_name: str, err: Exception) -> ApiError:
    return ApiError(400, "invalid", f"上传的 {table_name} 数据格式错误：{err}", f"Malformed {table_name} rows: {err}")


def upload(engine: Engine, device: DeviceIdentity, request: UploadRequest) -> None:
    check_protocol(request.protocol)
    if request.device_id != device.id:
        raise ApiError(403, "forbidden", "请求中的设备与登记凭证不符", "device_id does not match the token")
    table = synced_table(request.table)
    if table is None:
        raise ApiError(404, "not_found", f"没有可同步的数据表 {request.table}", f"No synced table {request.table}")
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
            written = _write_page(connection, table_plan(table, connection), request.rows, device.property_id)
            if written is not None:  # scoped neither by a column nor by a parent: checked once written
                check_scope(session, {(table.name, row_id) for row_id in written}, device.property_id)
            if request.done:
                _finish(session, held, device.id, request)
    except OtherProperty as err:
        raise ApiError(403, "forbidden", err.zh, err.en) from None
    except IntegrityError as err:
        raise ApiError(409, "conflict", f"上传的 {table.name} 数据与服务器上的记录冲突或缺少关联记录",
                       f"Upload of {table.name} conflicts: {str(err.orig).splitlines()[0][:200]}") from None
    except (DataError, ProgrammingError) as err:
        raise _malformed(table.name, str(err.orig).splitlines()[0][:200]) from None


def _write_page(connection: Connection, plan: TablePlan, rows: list[dict],
                property_id: uuid.UUID) -> list[uuid.UUID] | None:
    """Check and write one page; returns its keys when they are still to be scope-checked (after writing)."""
    table = plan.table
    try:
        values = plan.values(rows)
    except (TypeError, ValueError, AttributeError) as err:
        raise _malformed(table.name, err) from None
    keys = [row[plan.pk] for row in values]
    if any(key is None for key in keys):
        raise ApiError(400, "invalid", f"上传的 {table.name} 数据缺少主键", f"{table.name} rows without a key")
    later = _check_own(connection, plan, values, property_id)
    existing = existing_keys(connection, plan, keys) if keys else set()
    if existing:  # sent before (an interrupted upload): they must be this property's, and are replaced
        if foreign_ids(connection, table, [value_uuid(key) for key in existing], property_id):
            raise OtherProperty("上传的数据中有其他小区的记录", "The upload holds another property's rows")
        try:
            again = [json_to_row(table, row) for row, key in zip(rows, keys, strict=True) if key in existing]
        except (TypeError, ValueError, AttributeError) as err:
            raise _malformed(table.name, err) from None
        upsert_rows(connection, table, again)
    insert_values(connection, plan, [row for row in values if row[plan.pk] not in existing] if existing else values)
    return [value_uuid(key) for key in keys] if later else None


def _check_own(connection: Connection, plan: TablePlan, values: list[tuple], property_id: uuid.UUID) -> bool:
    """Refuse a page holding another property's rows, before anything is written; True when the table is scoped
    neither by a column nor by a foreign key (its rows are checked once written)."""
    table = plan.table
    if table.name == "property":
        named = {row[plan.pk] for row in values}
    elif "property_id" in table.c:
        index = plan.keys.index("property_id")
        named = {row[index] for row in values}
    else:
        parents = [(plan.keys.index(fk.parent.key), fk.column.table) for fk in table.foreign_keys
                   if is_synced(fk.column.table.name) and fk.column.table is not table]
        for index, parent in parents:
            ids = [value_uuid(value) for value in {row[index] for row in values} if value is not None]
            if foreign_ids(connection, parent, ids, property_id):
                raise OtherProperty("上传的数据中有其他小区的记录", "The upload holds another property's rows")
        return not parents
    try:
        if any(value is None or value_uuid(value) != property_id for value in named):
            raise OtherProperty("上传的数据中有其他小区的记录", "The upload holds another property's rows")
    except ValueError as err:
        raise _malformed(table.name, err) from None
    return False


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
