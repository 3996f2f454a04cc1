"""The one search box: every query form, the index following every write path, ranking; then the same query
forms on the generated demo property, checked against a plain scan of its rows."""

import json
import random
import uuid
from datetime import date

import pytest
from sqlalchemy import insert, select

from app.cli import main as cli_main
from app.core.ids import new_id
from app.ops.desk import open_desk
from app.ops.runner import run_op
from app.store.db import reading, sqlite_engine, transaction
from app.store.models import Building, Occupancy, Person, Unit, Vehicle
from app.store.search import QUERY_KINDS, TIER_EXACT, TIER_FRAGMENT, TIER_PREFIX, TIER_ROOM, search
from app.store.search_index import ensure_search_index, rebuild_search_index, search_index_problems
from tests.conftest import AT, add_person, make_unit

ID_OUYANG = "110101199003074258"


def codes(hits) -> list[str]:
    return [hit.unit_code for hit in hits]


def find(desk, text, **kw):
    return search(desk.engine, text, cipher=desk.cipher, **kw)


def occupancy_of(desk, person_id) -> uuid.UUID:
    with reading(desk.engine) as session:
        return session.scalar(select(Occupancy.id).where(Occupancy.person_id == person_id))


@pytest.fixture
def estate(desk, admin):
    """A few households: rooms 1501 in three entrances and two buildings, compound surnames, a polyphone
    surname, phones sharing digits with room numbers, plates."""
    units = {code: make_unit(desk, admin, *code.split("-"))
             for code in ("3-2-1501", "3-1-1501", "10-2-1501", "3-2-502", "2-1-101")}
    people = {
        "欧阳修": add_person(desk, admin, units["3-2-1501"], "欧阳修", "owner", "13812345678", ID_OUYANG),
        "欧阳小梅": add_person(desk, admin, units["3-2-1501"], "欧阳小梅", "family", "13900001111"),
        "张三": add_person(desk, admin, units["3-2-502"], "张三", "owner", "13712341501"),
        "张三丰": add_person(desk, admin, units["10-2-1501"], "张三丰", "owner", "15855556666"),
        "李小三": add_person(desk, admin, units["2-1-101"], "李小三", "tenant", "18600009999"),
        "单田芳": add_person(desk, admin, units["3-1-1501"], "单田芳", "owner", "13698765432"),
    }
    vehicles = {}
    for plate, code, owner in (("浙A86420", "3-2-1501", "欧阳修"), ("浙AD67890", "3-2-502", "张三")):
        vehicles[plate] = new_id()
        run_op(desk.engine, "registry.add_vehicle", {"vehicle_id": vehicles[plate], "unit_id": units[code],
                                                     "person_id": people[owner], "plate": plate, "at": AT}, admin)
    return {"units": units, "people": people, "vehicles": vehicles}


# --- query forms -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["3-2-1501", "3栋2单元1501", "03-02-1501", "3号楼2单元1501室", "3/2/1501"])
def test_a_full_room_in_any_common_form_finds_that_unit_first(desk, estate, text):
    hits = find(desk, text)
    assert hits[0].unit_code == "3-2-1501"
    assert hits[0].tier == TIER_ROOM and hits[0].why == "房号"
    assert [p.name for p in hits[0].people] == ["欧阳修", "欧阳小梅"]  # owner before family


def test_a_room_number_alone_finds_that_room_in_every_building_in_unit_order_before_phone_fragments(desk, estate):
    hits = find(desk, "1501")
    assert codes(hits)[:3] == ["3-1-1501", "3-2-1501", "10-2-1501"]  # natural order: 3 before 10
    assert all(hit.why == "房号" for hit in hits[:3])
    # 张三's phone 13712341501 ends in 1501: a phone match, ranked after every room.
    assert codes(hits)[3:] == ["3-2-502"]
    assert hits[3].why == "电话尾号" and hits[3].tier > hits[2].tier
    assert [p.matched for p in hits[3].people] == [True]


def test_a_building_and_room_finds_it_in_each_entrance(desk, estate):
    assert codes(find(desk, "3-1501")) == ["3-1-1501", "3-2-1501"]


@pytest.mark.parametrize("text, expected", [
    ("欧", ["3-2-1501"]),  # one character, a prefix
    ("修", ["3-2-1501"]),  # one character inside a name
    ("三", ["2-1-101", "3-2-502", "10-2-1501"]),
    ("欧阳", ["3-2-1501"]),
    ("小梅", ["3-2-1501"]),
    ("欧阳小梅", ["3-2-1501"]),
    ("阳小梅", ["3-2-1501"]),
])
def test_a_name_or_a_fragment_of_one_even_one_character_finds_the_household(desk, estate, text, expected):
    hits = find(desk, text)
    assert codes(hits) == expected
    assert all(hit.why == "姓名" for hit in hits)
    for hit in hits:
        assert hit.people[0].matched and text in hit.people[0].name


@pytest.mark.parametrize("text", ["阿依古丽·买买提", "阿依古丽买买提", "买买提", "古丽•买"])
def test_a_name_with_a_middle_dot_is_found_with_or_without_it(desk, admin, text):
    add_person(desk, admin, make_unit(desk, admin, "6", "1", "101"), "阿依古丽·买买提", "owner", "13800000002")
    assert codes(find(desk, text)) == ["6-1-101"]


def test_full_width_digits_and_letters_from_an_input_method_are_understood(desk, estate):
    assert codes(find(desk, "１５０１"))[:3] == ["3-1-1501", "3-2-1501", "10-2-1501"]
    assert codes(find(desk, "ＯＹＸ")) == ["3-2-1501"]
    assert codes(find(desk, "３栋２单元１５０１")) == ["3-2-1501"]


def test_an_exact_name_ranks_before_a_longer_name_starting_with_it_before_a_name_containing_it(desk, estate):
    hits = find(desk, "张三")
    assert codes(hits) == ["3-2-502", "10-2-1501"]
    assert [hit.tier for hit in hits] == [TIER_EXACT, TIER_PREFIX]
    three = find(desk, "三")
    assert [hit.tier for hit in three] == [TIER_FRAGMENT] * 3  # nobody's name starts with 三


def test_a_name_fragment_longer_than_the_indexed_length_is_still_found(desk, admin):
    unit = make_unit(desk, admin, "5", "1", "301")
    add_person(desk, admin, unit, "阿卜杜热合曼", "owner", "13800000001")
    assert codes(find(desk, "卜杜热合曼")) == ["5-1-301"]
    assert codes(find(desk, "杜热合曼")) == ["5-1-301"]
    assert find(desk, "卜热杜合曼") == []  # the same characters out of order


@pytest.mark.parametrize("text, expected, why", [
    ("oyx", ["3-2-1501"], "拼音首字母"),
    ("OYX", ["3-2-1501"], "拼音首字母"),
    ("zs", ["3-2-502", "10-2-1501"], "拼音首字母"),  # 张三 exactly, then 张三丰 (zsf) by its start
    ("stf", ["3-1-1501"], "拼音首字母"),  # 单 read as a surname (shàn)
    ("dtf", ["3-1-1501"], "拼音首字母"),  # and as the everyday dān
])
def test_pinyin_initials_find_the_household(desk, estate, text, expected, why):
    hits = find(desk, text)
    assert codes(hits) == expected
    assert {hit.why for hit in hits} == {why}
    assert hits[0].people[0].matched


def test_initials_rank_a_whole_match_before_a_prefix(desk, estate):
    assert [hit.tier for hit in find(desk, "zs")] == [TIER_PREFIX, TIER_FRAGMENT]


@pytest.mark.parametrize("text, expected", [
    ("13812345678", ["3-2-1501"]),  # the whole number
    ("138 1234 5678", ["3-2-1501"]),
    ("5678", ["3-2-1501"]),  # the tail
    ("2345", ["3-2-1501"]),  # four digits in the middle
    ("8123456", ["3-2-1501"]),  # seven in the middle
    ("0000", ["2-1-101", "3-2-1501"]),  # 李小三 18600009999, 欧阳小梅 13900001111
])
def test_a_phone_fragment_of_four_or_more_digits_finds_the_household(desk, estate, text, expected):
    hits = find(desk, text)
    assert codes(hits) == expected
    assert all(hit.why.startswith("电话") for hit in hits)


def test_a_phone_finds_the_person_it_belongs_to_not_the_whole_household(desk, estate):
    hit = next(hit for hit in find(desk, "0000") if hit.unit_code == "3-2-1501")
    assert [(p.name, p.matched) for p in hit.people] == [("欧阳小梅", True), ("欧阳修", False)]
    assert hit.people[0].phone_masked == "139****1111"


def test_three_digits_are_not_a_phone_fragment(desk, estate):
    assert find(desk, "567") == []


@pytest.mark.parametrize("text", ["浙A86420", "浙a 86420", "浙A·86420", "浙A8", "86420", "A864", "A86420", "6420"])
def test_a_plate_or_part_of_one_finds_the_household(desk, estate, text):
    hits = find(desk, text)
    assert codes(hits) == ["3-2-1501"] and hits[0].why == "车牌"
    assert [(p.name, p.matched) for p in hits[0].people] == [("欧阳修", True), ("欧阳小梅", False)]


def test_an_exact_plate_ranks_with_exact_matches(desk, estate):
    hits = find(desk, "浙AD67890")
    assert codes(hits) == ["3-2-502"] and hits[0].tier == TIER_EXACT


def test_an_exact_id_number_finds_the_household_through_the_keyed_hash(desk, estate):
    hits = find(desk, ID_OUYANG.lower())  # an x or X check character is the same number
    assert codes(hits) == ["3-2-1501"] and hits[0].why == "证件号" and hits[0].tier == TIER_EXACT
    assert [(p.name, p.matched) for p in hits[0].people] == [("欧阳修", True), ("欧阳小梅", False)]
    assert find(desk, ID_OUYANG[:-1] + "9") == []  # one character off
    assert search(desk.engine, ID_OUYANG) == []  # no key, no look-up


def test_empty_or_blank_text_finds_nothing(desk, estate):
    assert find(desk, "") == [] and find(desk, "   \t") == []


def test_the_kinds_of_query_are_a_registry_a_later_kind_can_join(desk, estate):
    assert {"room", "name", "initials", "phone", "plate", "id_number"} <= set(QUERY_KINDS)


def test_a_hit_as_json_data(desk, estate):
    data = [hit.as_dict() for hit in find(desk, "欧阳修")]
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == [{
        "unit_id": str(estate["units"]["3-2-1501"]), "unit_code": "3-2-1501", "tier": TIER_EXACT, "why": "姓名",
        "people": [
            {"person_id": str(estate["people"]["欧阳修"]), "name": "欧阳修", "role": "owner", "role_label": "业主",
             "phone_masked": "138****5678", "matched": True},
            {"person_id": str(estate["people"]["欧阳小梅"]), "name": "欧阳小梅", "role": "family",
             "role_label": "家庭成员", "phone_masked": "139****1111", "matched": False}]}]


def test_the_find_command_prints_the_same_hits(desk, estate, capsys):
    desk.close()
    assert cli_main(["find", "张三", "--data-dir", str(desk.data_dir), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [hit["unit_code"] for hit in printed] == ["3-2-502", "10-2-1501"]


# --- ranking and limits ------------------------------------------------------------------------------------

def test_a_common_character_returns_the_first_units_by_code_up_to_the_limit(desk, admin):
    for building in ("12", "2", "B1", "A"):
        for room in ("1201", "301"):
            add_person(desk, admin, make_unit(desk, admin, building, "1", room), "王" + {"1201": "一", "301": "三"}[room], "owner", "")
    hits = find(desk, "王", limit=5)
    assert codes(hits) == ["2-1-301", "2-1-1201", "12-1-301", "12-1-1201", "A-1-301"]
    assert len(find(desk, "王", limit=50)) == 8
    assert codes(find(desk, "王", limit=50))[-3:] == ["A-1-1201", "B1-1-301", "B1-1-1201"]


def test_a_long_answer_is_complete_and_in_order(desk, admin):
    building = "9"
    for room in range(101, 131):
        for entrance in ("1", "2", "3", "4", "5", "6", "7", "8"):  # 240 units, more than one statement reads
            unit = make_unit(desk, admin, building, entrance, str(room))
            add_person(desk, admin, unit, "钱" + "一二三四五六七八"[int(entrance) - 1], "owner", "")
    hits = find(desk, "钱", limit=1000)
    assert len(hits) == 240 and len({hit.unit_id for hit in hits}) == 240
    assert codes(hits)[:3] == ["9-1-101", "9-1-102", "9-1-103"] and codes(hits)[-1] == "9-8-130"
    assert all(hit.people[0].name.startswith("钱") and hit.people[0].matched for hit in hits)


def test_a_unit_found_by_a_better_match_is_listed_once(desk, estate):
    hits = find(desk, "欧阳")  # both people of 3-2-1501 match
    assert codes(hits) == ["3-2-1501"]
    assert [p.matched for p in hits[0].people] == [True, True]


# --- the index follows every write path --------------------------------------------------------------------

def test_a_rename_is_found_by_the_new_name_and_no_longer_by_the_old(desk, admin, estate):
    person_id = estate["people"]["张三"]
    run_op(desk.engine, "registry.patch", {"entity": "person", "row_id": person_id, "base_version": 1,
                                           "changes": {"name": {"old": "张三", "new": "司马光"}}, "at": AT}, admin)
    assert codes(find(desk, "张三")) == ["10-2-1501"]  # only 张三丰 is left
    assert codes(find(desk, "zs")) == ["10-2-1501"]
    assert codes(find(desk, "司马光")) == ["3-2-502"]
    assert codes(find(desk, "smg")) == ["3-2-502"]
    assert search_index_problems(desk.engine) == []


def test_a_new_phone_replaces_the_old_one_in_the_index(desk, admin, estate):
    person_id = estate["people"]["李小三"]
    run_op(desk.engine, "registry.patch", {"entity": "person", "row_id": person_id, "base_version": 1,
                                           "changes": {"phone": {"old": "18600009999", "new": "13511112222"}},
                                           "at": AT}, admin)
    assert find(desk, "9999") == []
    assert codes(find(desk, "11112222")) == ["2-1-101"]


def test_an_ended_occupancy_no_longer_finds_the_household(desk, admin, estate):
    run_op(desk.engine, "registry.end_occupancy",
           {"occupancy_id": occupancy_of(desk, estate["people"]["李小三"]), "valid_to": date(2026, 11, 27),
            "reason": "租约到期", "at": AT}, admin)
    assert find(desk, "李小三") == [] and find(desk, "18600009999") == []
    assert codes(find(desk, "2-1-101")) == ["2-1-101"]  # the unit is still found by its room, with nobody in it
    assert find(desk, "2-1-101")[0].people == []
    # The owner's tie needs a supervisor's approval; the admin approves.
    run_op(desk.engine, "registry.end_occupancy",
           {"occupancy_id": occupancy_of(desk, estate["people"]["张三"]), "valid_to": date(2026, 11, 27),
            "reason": "房屋出售", "at": AT}, admin, approver=admin)
    assert codes(find(desk, "张三")) == ["10-2-1501"]
    assert search_index_problems(desk.engine) == []


def test_a_person_moving_to_a_second_unit_is_found_in_both(desk, admin, estate):
    run_op(desk.engine, "registry.add_occupancy",
           {"person_id": estate["people"]["张三丰"], "at": AT,
            "occupancy": {"occupancy_id": new_id(), "unit_id": estate["units"]["2-1-101"], "role": "owner"}}, admin)
    assert codes(find(desk, "张三丰")) == ["2-1-101", "10-2-1501"]


def test_a_removed_vehicle_is_no_longer_found_by_its_plate(desk, admin, estate):
    run_op(desk.engine, "registry.remove_vehicle", {"vehicle_id": estate["vehicles"]["浙A86420"], "at": AT}, admin)
    assert find(desk, "浙A86420") == [] and find(desk, "86420") == []
    assert codes(find(desk, "浙AD67890")) == ["3-2-502"]
    assert search_index_problems(desk.engine) == []


def test_a_changed_plate_is_found_by_the_new_plate_only(desk, admin, estate):
    run_op(desk.engine, "registry.patch", {"entity": "vehicle", "row_id": estate["vehicles"]["浙AD67890"],
                                           "base_version": 1, "at": AT,
                                           "changes": {"plate": {"old": "浙AD67890", "new": "沪B99887"}}}, admin)
    assert find(desk, "67890") == []
    assert codes(find(desk, "沪B99887")) == ["3-2-502"]


def test_rows_written_in_bulk_with_core_executemany_are_found(desk, estate):
    with reading(desk.engine) as session:
        building_id = session.scalar(select(Building.id).where(Building.code == "3"))
    given = "安白陈丁鄂高韩季康乐马聂欧庞秦冉宋唐汪夏严赵伍许杨左车邓黄孔卢毛倪彭钱任沈陶文谢"
    units, people, ties, cars = [], [], [], []
    for n in range(40):
        unit_id, person_id = new_id(), new_id()
        room = str(601 + n)
        units.append({"id": unit_id, "property_id": desk.property_id, "building_id": building_id, "entrance": "5",
                      "floor": 6, "room": room, "code": f"3-5-{room}", "gross_area_dm2": 9000,
                      "indoor_area_dm2": 8000, "usage": "住宅", "handover_date": None, "version": 1,
                      "created_at": AT, "updated_at": AT})
        people.append({"id": person_id, "property_id": desk.property_id, "name": "慕容" + ("复" if n == 3 else given[n]),
                       "gender": "", "phone": f"1770000{n:04d}", "id_type": "resident", "id_number_enc": "",
                       "id_number_hash": "", "id_number_masked": "", "note": "", "version": 1,
                       "created_at": AT, "updated_at": AT})
        ties.append({"id": new_id(), "property_id": desk.property_id, "unit_id": unit_id, "person_id": person_id,
                     "role": "owner", "relation": "本人", "valid_from": None, "valid_to": None, "ended_at": None,
                     "version": 1, "created_at": AT})
        cars.append({"id": new_id(), "property_id": desk.property_id, "unit_id": unit_id, "person_id": person_id,
                     "plate": f"苏E{n:05d}", "description": "", "removed_at": None, "version": 1, "created_at": AT})
    with transaction(desk.engine) as session:
        connection = session.connection()
        for model, rows in ((Unit, units), (Person, people), (Occupancy, ties), (Vehicle, cars)):
            connection.execute(insert(model.__table__), rows)
    assert len(find(desk, "慕容", limit=100)) == 40
    assert codes(find(desk, "慕容复")) == ["3-5-604"]
    assert codes(find(desk, "3-5-640")) == ["3-5-640"]
    assert codes(find(desk, "17700000017")) == ["3-5-618"]
    assert codes(find(desk, "苏E00021")) == ["3-5-622"]
    assert codes(find(desk, "mrf")) == ["3-5-604"]
    assert search_index_problems(desk.engine) == []


def test_a_units_code_cannot_change_under_the_index(desk, estate):
    with pytest.raises(Exception, match="房号创建后不能修改"), transaction(desk.engine) as session:
        session.get(Unit, estate["units"]["2-1-101"]).code = "2-1-102"
    assert codes(find(desk, "2-1-101")) == ["2-1-101"]


def test_rebuild_gives_the_same_answers_and_repairs_a_damaged_index(desk, estate):
    before = {text: find(desk, text) for text in ("1501", "张", "zs", "5678", "浙A")}
    with transaction(desk.engine) as session:
        session.connection().exec_driver_sql("DROP TRIGGER search_person_au")
        session.connection().exec_driver_sql("UPDATE person SET name = '东方不败' WHERE name = '李小三'")
    assert search_index_problems(desk.engine)
    rebuild_search_index(desk.engine)
    assert codes(find(desk, "东方")) == ["2-1-101"] and find(desk, "李小三") == []
    assert {text: find(desk, text) for text in before} == before
    assert search_index_problems(desk.engine) == []  # the rebuild puts the triggers back too


def test_opening_the_desk_rebuilds_an_index_that_differs_from_this_codes(desk, estate):
    with transaction(desk.engine) as session:  # as a table rebuild in a migration would leave it
        session.connection().exec_driver_sql("DROP TRIGGER search_person_au")
        session.connection().exec_driver_sql("UPDATE person SET name = '东方不败' WHERE name = '李小三'")
    desk.close()
    reopened = open_desk(desk.data_dir)
    try:
        assert codes(search(reopened.engine, "东方不败")) == ["2-1-101"]
        assert search(reopened.engine, "李小三") == []
        assert search_index_problems(reopened.engine) == []
        assert ensure_search_index(reopened.engine) is False  # nothing to do the second time
    finally:
        reopened.close()


def test_the_schema_upgrade_indexes_the_rows_already_there(tmp_path):
    from alembic import command

    from app.store.migrate import alembic_config, upgrade_to_head
    from app.store.models import Property

    engine = sqlite_engine(tmp_path / "old.sqlite")
    try:
        command.upgrade(alembic_config(engine), "0001")  # a database from before the search index
        property_id, building_id, unit_id, person_id = new_id(), new_id(), new_id(), new_id()
        with transaction(engine) as session:
            connection = session.connection()
            connection.execute(insert(Property.__table__), [
                {"id": property_id, "code": "OLD", "name": "老小区", "address": "", "created_at": AT}])
            connection.execute(insert(Building.__table__), [
                {"id": building_id, "property_id": property_id, "code": "7", "name": "7栋", "version": 1}])
            connection.execute(insert(Unit.__table__), [
                {"id": unit_id, "property_id": property_id, "building_id": building_id, "entrance": "1", "floor": 2,
                 "room": "202", "code": "7-1-202", "gross_area_dm2": 0, "indoor_area_dm2": 0, "usage": "住宅",
                 "handover_date": None, "version": 1, "created_at": AT, "updated_at": AT}])
            connection.execute(insert(Person.__table__), [
                {"id": person_id, "property_id": property_id, "name": "诸葛亮", "gender": "", "phone": "13344445555",
                 "id_type": "resident", "id_number_enc": "", "id_number_hash": "", "id_number_masked": "", "note": "",
                 "version": 1, "created_at": AT, "updated_at": AT}])
            connection.execute(insert(Occupancy.__table__), [
                {"id": new_id(), "property_id": property_id, "unit_id": unit_id, "person_id": person_id,
                 "role": "owner", "relation": "本人", "valid_from": None, "valid_to": None, "ended_at": None,
                 "version": 1, "created_at": AT}])
        upgrade_to_head(engine)
    finally:
        engine.dispose()
    engine = sqlite_engine(tmp_path / "old.sqlite")  # new connections, as after a restart
    try:
        for text in ("7-1-202", "202", "诸葛", "亮", "zgl", "4444", "13344445555"):
            assert codes(search(engine, text)) == ["7-1-202"], text
        assert search_index_problems(engine) == []
    finally:
        engine.dispose()


# --- on the generated demo property ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(demo_dir):
    desk = open_desk(demo_dir)
    with reading(desk.engine) as session:
        rows = session.execute(
            select(Unit.id, Unit.code, Person.id, Person.name, Person.phone, Person.id_number_enc)
            .join(Occupancy, Occupancy.unit_id == Unit.id).join(Person, Person.id == Occupancy.person_id)
            .where(Occupancy.ended_at.is_(None))).all()
        plates = session.execute(select(Vehicle.unit_id, Vehicle.plate).where(Vehicle.removed_at.is_(None))).all()
        all_units = session.execute(select(Unit.id, Unit.code)).all()
    yield {"desk": desk, "residents": rows, "plates": plates, "units": all_units}
    desk.close()


def _units_where(demo, test) -> set[uuid.UUID]:
    return {row[0] for row in demo["residents"] if test(row)}


def _everything(demo, text) -> list:
    return search(demo["desk"].engine, text, cipher=demo["desk"].cipher, limit=100_000)


def test_the_demo_index_matches_its_registry(demo):
    assert search_index_problems(demo["desk"].engine) == []


def test_demo_people_are_found_by_every_query_form(demo):
    from app.domain.names import name_initials

    rng = random.Random(11)
    with_phone = [row for row in demo["residents"] if row[4] and row[5]]
    for unit_id, code, person_id, name, phone, id_enc in rng.sample(with_phone, 25):
        number = demo["desk"].cipher.decrypt(id_enc)
        for text in (code, name, name[-1], name[:2], name_initials(name)[0], phone[-4:], phone[3:9], number):
            hits = _everything(demo, text)
            assert unit_id in {hit.unit_id for hit in hits}, (text, code)
            hit = next(hit for hit in hits if hit.unit_id == unit_id)
            if text != code:
                assert any(p.person_id == person_id and p.matched for p in hit.people), (text, code)
    for unit_id, plate in rng.sample(demo["plates"], 10):
        for text in (plate, plate[:3], plate[-4:]):
            assert unit_id in {hit.unit_id for hit in _everything(demo, text)}, text


def test_demo_answers_are_exactly_the_units_a_full_scan_finds(demo):
    """Completeness and precision: the index finds exactly what a scan of every active resident finds."""
    rng = random.Random(5)
    names = [row[3] for row in rng.sample(demo["residents"], 20)]
    for char in {name[0] for name in names} | {name[-1] for name in names}:
        hits = _everything(demo, char)
        assert {hit.unit_id for hit in hits} == _units_where(demo, lambda row, c=char: c in row[3]), char
        tiers = [hit.tier for hit in hits]
        assert tiers == sorted(tiers)
    for phone in [row[4] for row in rng.sample(demo["residents"], 30) if row[4]][:10]:
        digits = phone[4:8]
        hits = _everything(demo, digits)
        expected = _units_where(demo, lambda row, d=digits: d in row[4])
        # A unit whose room is also these digits is listed once, as a room: so compare both ways.
        assert expected <= {hit.unit_id for hit in hits}, digits
        assert {hit.unit_id for hit in hits if hit.why.startswith("电话")} <= expected, digits


def test_demo_rooms_rank_first_and_units_come_in_code_order_within_a_tier(demo):
    code = demo["residents"][0][1]
    room = code.split("-")[2]
    hits = _everything(demo, room)
    rooms = [hit for hit in hits if hit.why == "房号"]
    assert {hit.unit_code for hit in rooms} == {c for _, c in demo["units"] if c.split("-")[2] == room}
    assert hits[:len(rooms)] == rooms
    natural = sorted(rooms, key=lambda hit: [(0, int(part), "") if part.isdigit() else (1, 0, part)
                                             for part in hit.unit_code.split("-")])
    assert codes(rooms) == codes(natural)
