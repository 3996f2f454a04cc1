"""app.store.held_inserts on its own: held rows are sent before the next statement and at the block's end, parents
before children; an error leaving the block drops them with its transaction."""

import uuid

import pytest
from sqlalchemy import event, func, select

from app.store.db import reading, transaction
from app.store.held_inserts import holding_inserts, insert_or_hold
from app.store.models import Unit, UnitNote
from tests.conftest import AT, make_unit


def _note(desk, unit_id: uuid.UUID, text: str) -> dict:
    return {"id": uuid.uuid4(), "property_id": desk.property_id, "unit_id": unit_id, "text": text,
            "author_id": desk.admin.clerk_id, "archived_at": None, "version": 1, "created_at": AT}


def _notes(desk) -> set[str]:
    with reading(desk.engine) as session:
        return set(session.scalars(select(UnitNote.text)))


def test_held_rows_are_seen_by_the_next_statement_and_sent_at_the_end(desk, admin):
    unit_id = make_unit(desk, admin)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(desk.engine, "before_cursor_execute", listener)
    try:
        with transaction(desk.engine) as session:
            connection = session.connection()
            with holding_inserts(connection):
                insert_or_hold(connection, UnitNote.__table__, [_note(desk, unit_id, "一")])
                insert_or_hold(connection, UnitNote.__table__, [_note(desk, unit_id, "二")])
                assert not any("INSERT INTO unit_note" in s for s in statements)  # held
                assert connection.execute(select(func.count()).select_from(UnitNote)).scalar() == 2
                insert_or_hold(connection, UnitNote.__table__, [_note(desk, unit_id, "三")])
    finally:
        event.remove(desk.engine, "before_cursor_execute", listener)
    assert sum("INSERT INTO unit_note" in s for s in statements) == 2  # the first two together, then the third
    assert _notes(desk) == {"一", "二", "三"}


def test_parents_go_before_children_whatever_order_they_were_held_in(desk, admin):
    unit_id = make_unit(desk, admin)
    with reading(desk.engine) as session:
        building_id = session.scalar(select(Unit.building_id).where(Unit.id == unit_id))
        unit = session.get(Unit, unit_id).model_dump()
    new_unit = {**unit, "id": uuid.uuid4(), "room": "1601", "code": "3-2-1601", "building_id": building_id}
    with transaction(desk.engine) as session:
        connection = session.connection()
        with holding_inserts(connection):
            insert_or_hold(connection, UnitNote.__table__, [_note(desk, new_unit["id"], "新房备注")])
            insert_or_hold(connection, Unit.__table__, [new_unit])
    assert _notes(desk) == {"新房备注"}  # (foreign keys are on: the note before its unit would have failed)


def test_an_error_drops_what_is_held_with_the_transaction(desk, admin):
    unit_id = make_unit(desk, admin)
    with pytest.raises(RuntimeError), transaction(desk.engine) as session:
        connection = session.connection()
        with holding_inserts(connection):
            insert_or_hold(connection, UnitNote.__table__, [_note(desk, unit_id, "不该留下")])
            raise RuntimeError("the batch failed")
    assert _notes(desk) == set()
    with transaction(desk.engine) as session:  # the connection holds nothing any more: inserts go at once
        insert_or_hold(session.connection(), UnitNote.__table__, [_note(desk, unit_id, "之后")])
    assert _notes(desk) == {"之后"}
