"""What a device reads: the change log after its cursor (pull), snapshot pages (bootstrap) and the server's
state of given rows (after a rejection). Every read is limited to the device's property."""

import json
import uuid

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.core.clock import now
from app.server.devices import DeviceIdentity
from app.server.errors import ApiError, not_initialized
from app.server.scope import scope_filter, synced_table
from app.store.db import reading
from app.store.replication import row_to_json, synced_tables
from app.store.sync_models import ChangeLog, ServerProperty, SyncDevice
from app.sync.protocol import Change, PullResponse, RowsRequest, RowsResponse, SnapshotPage


def _initialized(session, property_id: uuid.UUID) -> ServerProperty:
    held = session.get(ServerProperty, property_id)
    if held is None or not held.initialized:
        raise not_initialized()
    return held


def pull(engine: Engine, device: DeviceIdentity, after: int, limit: int) -> PullResponse:
    """Changes after ``after`` in server order. A cursor beyond the property's counter means the server went
    back to an older backup: the answer's cursor is the counter, with no changes (the desk moves back to it)."""
    with reading(engine) as session:
        held = _initialized(session, device.property_id)
        last_seq = session.scalar(select(SyncDevice.last_seq).where(SyncDevice.id == device.id))
        if after > held.change_seq:
            return PullResponse(changes=[], cursor=held.change_seq, has_more=False, last_seq=last_seq,
                                server_time=now())
        rows = session.execute(
            select(ChangeLog.seq, ChangeLog.table_name, ChangeLog.row_id, ChangeLog.row)
            .where(ChangeLog.property_id == device.property_id, ChangeLog.seq > after)
            .order_by(ChangeLog.seq).limit(limit + 1)).all()
    has_more = len(rows) > limit
    changes = [Change(seq=seq, table=table, row_id=row_id, row=json.loads(row))
               for seq, table, row_id, row in rows[:limit]]
    return PullResponse(changes=changes, cursor=changes[-1].seq if changes else after, has_more=has_more,
                        last_seq=last_seq, server_time=now())


def _table(name: str):
    table = synced_table(name)
    if table is None:
        raise ApiError(404, "not_found", f"没有可同步的数据表 {name}", f"No synced table {name}")
    return table


def snapshot_page(engine: Engine, device: DeviceIdentity, table_name: str, after: uuid.UUID | None,
                  limit: int) -> SnapshotPage:
    """One page of one table. The first page of the first table carries every table's count; the first page of
    each other table carries its own (the desk checks the counts it took from its first page)."""
    table = _table(table_name)
    (pk,) = table.primary_key.columns
    with reading(engine) as session:
        cursor = _initialized(session, device.property_id).change_seq  # read before the rows: never later
        query = select(table).where(scope_filter(table, device.property_id))
        if after is not None:
            query = query.where(pk > after)
        rows = session.execute(query.order_by(pk).limit(limit + 1)).mappings().all()
        counts = {}
        if after is None:
            counted = synced_tables() if table.name == synced_tables()[0].name else [table]
            for each in counted:
                counts[each.name] = session.scalar(select(func.count()).select_from(each)
                                                   .where(scope_filter(each, device.property_id)))
    page = rows[:limit]
    return SnapshotPage(cursor=cursor, table=table.name, rows=[row_to_json(table, row) for row in page],
                        next_after=page[-1][pk.key] if len(rows) > limit else None, counts=counts)


def rows(engine: Engine, device: DeviceIdentity, request: RowsRequest) -> RowsResponse:
    if request.device_id != device.id:
        raise ApiError(403, "forbidden", "请求中的设备与登记凭证不符", "device_id does not match the token")
    table = _table(request.table)
    (pk,) = table.primary_key.columns
    with reading(engine) as session:
        found = session.execute(select(table).where(pk.in_(request.ids),
                                                    scope_filter(table, device.property_id))).mappings().all()
    return RowsResponse(rows=[row_to_json(table, row) for row in found], server_time=now())
