"""Tenant isolation: which rows of each synced table belong to a property.

Most synced tables carry ``property_id``. The rest are scoped through a parent: line tables through their
non-null foreign key (payment_line → payment, refund_line → refund, charge_relief → charge …), a printed
document through the clerk who printed it, a conflict through the row it is about (``entity`` names its table).
One filter per table serves the snapshot, the row counts, the rows a device may read, and the check that an
op or an upload wrote only its own property's rows.
"""

import uuid
from functools import cache

from sqlalchemy import Table, and_, false, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import SQLModel

from app.store.replication import is_synced, synced_tables

# Synced tables without property_id or a non-null foreign key to a scoped parent: the column that names the
# parent and the parent table.
_THROUGH = {"document_print": ("printed_by", "clerk")}


def synced_table(name: str) -> Table | None:
    return SQLModel.metadata.tables.get(name) if is_synced(name) else None


def _parent_key(table: Table) -> tuple[object, Table]:
    if table.name in _THROUGH:
        column, parent = _THROUGH[table.name]
        return table.c[column], SQLModel.metadata.tables[parent]
    for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
        if not fk.parent.nullable and is_synced(fk.column.table.name) and fk.column.table is not table:
            return fk.parent, fk.column.table
    raise LookupError(f"no way to scope table {table.name} to a property")


@cache
def parent_link(table: Table) -> tuple[str, str] | None:
    """For a table scoped through a parent: the column naming the parent row and the parent table's name."""
    if table.name in ("property", "conflict") or "property_id" in table.c:
        return None
    column, parent = _parent_key(table)
    return column.key, parent.name


def scope_filter(table: Table, property_id: uuid.UUID) -> ColumnElement[bool]:
    """Rows of ``table`` that belong to the property."""
    if table.name == "property":
        return table.c.id == property_id
    if "property_id" in table.c:
        return table.c.property_id == property_id
    if table.name == "conflict":
        about = [and_(table.c.entity == other.name,
                      table.c.row_id.in_(select(other.c.id).where(scope_filter(other, property_id))))
                 for other in synced_tables() if other.name != "conflict" and "id" in other.c]
        return or_(false(), *about)
    column, parent = _parent_key(table)
    (parent_pk,) = parent.primary_key.columns
    return column.in_(select(parent_pk).where(scope_filter(parent, property_id)))


def foreign_ids(connection, table: Table, ids: list[uuid.UUID], property_id: uuid.UUID) -> list[uuid.UUID]:
    """Which of ``ids`` are rows of ``table`` outside the property (they exist, and are someone else's)."""
    (pk,) = table.primary_key.columns
    found: list[uuid.UUID] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        own = select(pk).where(pk.in_(chunk), scope_filter(table, property_id))
        found += connection.scalars(select(pk).where(pk.in_(chunk), pk.not_in(own))).all()
    return found
