"""Shared fixtures: a fresh desk with its first run done, and a small generated demo property."""

import os

os.environ.setdefault("FRONTDESK_KEYSTORE", "file")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.core.ids import new_id  # noqa: E402
from app.ops.desk import open_desk  # noqa: E402
from app.ops.runner import run_op  # noqa: E402
from app.ops.setup import first_run  # noqa: E402

ADMIN_PASSWORD = "admin123"
AT = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


@pytest.fixture
def desk(tmp_path):
    desk = open_desk(tmp_path / "desk")
    desk.admin = first_run(desk, property_code="CHHY", property_name="翠湖花园", admin_username="admin",
                           admin_display_name="管理员", admin_password=ADMIN_PASSWORD)
    yield desk
    desk.close()


@pytest.fixture
def admin(desk):
    return desk.admin


def make_unit(desk, actor, building="3", entrance="2", room="1501", gross_dm2=8937, indoor_dm2=7512):
    """Create (or reuse) the building and a unit; returns the unit id."""
    from sqlalchemy import select

    from app.store.db import reading
    from app.store.models import Building

    with reading(desk.engine) as session:
        building_id = session.scalar(select(Building.id).where(Building.code == building))
    if building_id is None:
        building_id = new_id()
        run_op(desk.engine, "registry.create_building",
               {"building_id": building_id, "property_id": desk.property_id, "code": building, "at": AT}, actor)
    unit_id = new_id()
    run_op(desk.engine, "registry.create_unit",
           {"unit_id": unit_id, "building_id": building_id, "entrance": entrance, "room": room,
            "gross_area_dm2": gross_dm2, "indoor_area_dm2": indoor_dm2, "at": AT}, actor)
    return unit_id


def add_person(desk, actor, unit_id, name="张三", role="owner", phone="13812345678", id_number=None):
    from app.ops.sealed import seal_id_number

    person_id = new_id()
    payload = {"person_id": person_id, "property_id": desk.property_id, "name": name, "phone": phone, "at": AT,
               "occupancy": {"occupancy_id": new_id(), "unit_id": unit_id, "role": role,
                             "relation": "本人" if role == "owner" else "家庭成员"}}
    if id_number:
        payload["id_number"] = seal_id_number(desk.cipher, id_number).model_dump()
    run_op(desk.engine, "registry.add_person", payload, actor)
    return person_id


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """A small generated demo property (same generator as ``frontdesk demo``), shared read-only by tests; its
    registry only: the cashier's six months are tested with their own demo (test_demo_billing.py)."""
    from app.ops.demo import generate_demo

    data_dir = tmp_path_factory.mktemp("demo") / "data"
    generate_demo(data_dir, units=600, seed=7, billing=False)
    return data_dir
