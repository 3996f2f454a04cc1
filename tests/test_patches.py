"""Field-level patches: edits of different fields merge; a concurrent edit of one field keeps the loser."""

import json

import pytest
from sqlalchemy import select

from app.core.errors import ApprovalRequired, ValidationError
from app.ops.clerks import actor_of, add_clerk
from app.ops.runner import run_op
from app.ops.sealed import seal_id_number
from app.store.db import reading
from app.store.models import Clerk, Conflict, Person, Unit
from tests.conftest import AT, add_person, make_unit


def _patch(desk, actor, entity, row_id, base_version, **changes):
    return run_op(desk.engine, "registry.patch",
                  {"entity": entity, "row_id": row_id, "base_version": base_version, "at": AT,
                   "changes": {f: {"old": old, "new": new} for f, (old, new) in changes.items()}}, actor)


@pytest.fixture
def person(desk, admin):
    return add_person(desk, admin, make_unit(desk, admin), "张三", phone="13812345678")


def _person(desk, person_id) -> Person:
    with reading(desk.engine) as s:
        return s.get(Person, person_id)


def test_a_patch_changes_the_field_and_bumps_the_version(desk, admin, person):
    result = _patch(desk, admin, "person", person, 1, phone=("13812345678", "139 0000 1111"))
    row = _person(desk, person)
    assert (row.phone, row.version, result.result["conflicts"]) == ("13900001111", 2, [])


def test_edits_of_different_fields_from_the_same_base_merge(desk, admin, person):
    _patch(desk, admin, "person", person, 1, phone=("13812345678", "13900001111"))
    result = _patch(desk, admin, "person", person, 1, note=("", "行动不便，请上门"))
    row = _person(desk, person)
    assert (row.phone, row.note) == ("13900001111", "行动不便，请上门")
    assert result.result["conflicts"] == []


def test_a_concurrent_edit_of_one_field_lets_the_later_arrival_win_and_keeps_the_loser(desk, admin, person):
    first = _patch(desk, admin, "person", person, 1, phone=("13812345678", "13900001111"))
    second = _patch(desk, admin, "person", person, 1, phone=("13812345678", "13700002222"))
    assert _person(desk, person).phone == "13700002222"
    assert second.result["conflicts"] == ["phone"]
    with reading(desk.engine) as s:
        conflict = s.scalar(select(Conflict).where(Conflict.row_id == person))
    assert json.loads(conflict.losing_value) == "13900001111"
    assert json.loads(conflict.winning_value) == "13700002222"
    assert conflict.op_id == second.op_id != first.op_id


def test_a_bad_value_is_refused_and_nothing_changes(desk, admin, person):
    with pytest.raises(ValidationError, match="电话号码格式不正确"):
        _patch(desk, admin, "person", person, 1, phone=("13812345678", "12345"))
    row = _person(desk, person)
    assert (row.phone, row.version) == ("13812345678", 1)


def test_fields_outside_the_whitelist_cannot_be_patched(desk, admin, person):
    with pytest.raises(ValidationError, match="不可修改的字段"):
        _patch(desk, admin, "person", person, 1, property_id=(None, "x"))


def test_an_id_number_is_patched_sealed(desk, admin, person):
    sealed = seal_id_number(desk.cipher, "11010519491231002X").model_dump()
    _patch(desk, admin, "person", person, 1, id_number=(None, sealed))
    row = _person(desk, person)
    assert row.id_number_masked == "110***********002X"
    assert desk.cipher.decrypt(row.id_number_enc) == "11010519491231002X"


def test_changing_a_units_billable_area_needs_a_supervisor(desk, admin):
    unit_id = make_unit(desk, admin)
    add_clerk(desk.engine, admin, "clerk1", "小王", "pass1234", ["clerk"])
    with reading(desk.engine) as s:
        clerk = actor_of(s.scalar(select(Clerk).where(Clerk.username == "clerk1")))
    with pytest.raises(ApprovalRequired):
        _patch(desk, clerk, "unit", unit_id, 1, gross_area_dm2=(8937, 9012))
    _patch(desk, clerk, "unit", unit_id, 1, usage=("住宅", "商住"))  # not billable: no approval
    with reading(desk.engine) as s:
        assert s.get(Unit, unit_id).usage == "商住"
