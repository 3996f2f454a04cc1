"""Rows as sync moves them: JSON round trip by column types, upsert by primary key, bulk writes marked."""

from sqlalchemy import select
from sqlmodel import SQLModel

from app.store.db import reading
from app.store.models import Occupancy, Person, Unit
from app.store.replication import json_to_row, row_to_json, synced_tables, upsert_rows
from tests.conftest import add_person, make_unit


def test_local_bookkeeping_never_syncs():
    names = {t.name for t in synced_tables()}
    assert {"person", "unit", "occupancy"} <= names
    assert names.isdisjoint({"device", "outbox", "audit_log", "receipt_counter"})


def test_parents_come_before_children():
    order = [t.name for t in synced_tables()]
    assert order.index("property") < order.index("unit") < order.index("occupancy")
    assert order.index("person") < order.index("occupancy")


def test_a_row_survives_the_json_round_trip_and_upserts(desk, admin):
    unit_id = make_unit(desk, admin)
    person_id = add_person(desk, admin, unit_id, "王五")
    tables = SQLModel.metadata.tables
    with reading(desk.engine) as s:
        unit_json = row_to_json(tables["unit"], s.get(Unit, unit_id))
        person_json = row_to_json(tables["person"], s.get(Person, person_id))
    assert unit_json["code"] == "3-2-1501" and isinstance(unit_json["created_at"], str)
    person_json["phone"] = "13700001111"
    person_json["version"] = 2
    with desk.engine.begin() as connection:
        upsert_rows(connection, tables["person"], [json_to_row(tables["person"], person_json)])
    with reading(desk.engine) as s:
        person = s.get(Person, person_id)
        assert (person.phone, person.version, person.name) == ("13700001111", 2, "王五")
        assert s.scalar(select(Occupancy.person_id)) == person_id  # the upsert kept the row (no delete + insert)
