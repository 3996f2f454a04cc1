"""Helpers of a push batch run without a flush per op (app.server.push).

The ops of a batch run one after another in one transaction, their ORM writes left in the session: they go to
the database together when an op's query autoflushes, before the first guarded op, and at the batch's end —
one statement per table and flush instead of one per row. Two things make that cheap and safe:

- ``prefetch``: the existing rows the batch's ops name (a payload's ``unit_id``, ``shift_id`` …, a patch's
  ``entity`` + ``row_id``) are loaded in one query per table before the first op, so an op's ``session.get``
  finds them in the identity map (kept for the batch) instead of querying — and autoflushing — one by one.
- ``UnflushedOps``: which op is the first whose writes may still be unflushed. A flush that fails (an integrity
  error) may involve the rows of any op from there on, so the push runs the batch again guarded from that op.
"""

import uuid
from collections.abc import Iterable
from contextlib import suppress
from functools import cache

from sqlalchemy import event, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, SQLModel

from app.store.held_inserts import send_held
from app.store.replication import is_synced, stop_tracking

_FLUSHES = "frontdesk.server.flushes"
_CHUNK = 500  # ids per IN list (SQLite's limit on bound parameters)


@event.listens_for(OrmSession, "after_flush_postexec")
def _count_flush(session: OrmSession, _flush_context) -> None:
    count = session.info.get(_FLUSHES)
    if count is not None:
        session.info[_FLUSHES] = count + 1


class UnflushedOps:
    """Tells which op of the batch is the first whose writes may not have been flushed yet."""

    def __init__(self, session: Session):
        self._session = session
        session.info[_FLUSHES] = 0
        self.first: int | None = None

    def flushes(self) -> int:
        return self._session.info[_FLUSHES]

    def ran(self, index: int, wrote: bool, flushes_before: int) -> None:
        """Op ``index`` ran; ``flushes_before``: ``flushes()`` before it. A flush during the op sent every earlier
        op's writes (and maybe some of this one's)."""
        if self.flushes() != flushes_before:
            self.first = index if wrote else None
        elif wrote and self.first is None:
            self.first = index

    def involved_from(self, index: int) -> int:
        """The first op a failure during op ``index`` may involve."""
        return index if self.first is None else min(self.first, index)

    def flush(self) -> None:
        """Send what the ops left unflushed: the inserts held (app.store.held_inserts), then the ORM's writes
        (raises what sending them raises)."""
        send_held(self._session.connection())
        self._session.flush()
        self.first = None

    def close(self) -> None:
        """The batch's ops have run: what the session writes from now on is no op's."""
        self._session.info.pop(_FLUSHES, None)
        stop_tracking(self._session)


@cache
def _models() -> dict[str, tuple[type, object]]:
    """Synced mapped classes by table name, with their single-column primary key."""
    found = {}
    for mapper in SQLModel._sa_registry.mappers:
        table = mapper.local_table
        if is_synced(table.name) and len(table.primary_key.columns) == 1:
            (pk,) = table.primary_key.columns
            found[table.name] = (mapper.class_, pk)
    return found


def _named_rows(payloads: Iterable[dict]) -> dict[str, set[uuid.UUID]]:
    models = _models()
    wanted: dict[str, set[uuid.UUID]] = {}

    def want(table_name: str, value) -> None:
        if table_name in models and isinstance(value, str):
            with suppress(ValueError):  # not an id: the op's payload validation says so
                wanted.setdefault(table_name, set()).add(uuid.UUID(value))

    for payload in payloads:
        for key, value in payload.items():
            if key.endswith("_id"):
                want(key[:-3], value)
        entity = payload.get("entity")
        if isinstance(entity, str):
            want(entity, payload.get("row_id"))
    return wanted


def prefetch(session: Session, payloads: Iterable[dict]) -> None:
    """Load the rows the payloads name that the session does not hold yet, one query per table (see the module's
    docstring). Ids of rows that do not exist (yet) cost nothing but their place in the IN list."""
    models = _models()
    for table_name, ids in _named_rows(payloads).items():
        model, pk = models[table_name]
        missing = [row_id for row_id in ids if identity_key(model, row_id) not in session.identity_map]
        for start in range(0, len(missing), _CHUNK):
            session.scalars(select(model).where(pk.in_(missing[start:start + _CHUNK]))).all()
