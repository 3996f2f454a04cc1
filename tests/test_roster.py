"""Household roster import and export: every bad row reported with its reason, good rows in one op,
nothing half-written, round trip into an empty data folder, masking and audited unmasking, the CLI."""

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.cli import main
from app.core.errors import PermissionDenied, ValidationError
from app.core.ids import new_id
from app.core.paths import database_path, resources_dir
from app.domain.idcard import make_id_number
from app.domain.registry import IdType
from app.domain.roster import (
    COLUMNS,
    RosterRow,
    format_area,
    parse_area,
    parse_id_cell,
    split_plates,
    validate_row,
)
from app.ops import runner
from app.ops.clerks import actor_of, add_clerk
from app.ops.desk import open_desk
from app.ops.roster import build_import, check_roster, export_roster, import_roster, read_roster
from app.ops.roster_files import write_template
from app.ops.runner import run_op
from app.ops.sealed import seal_id_number
from app.ops.setup import first_run
from app.store.audit import verify_chain
from app.store.db import reading
from app.store.models import AuditLog, Building, Clerk, Occupancy, Outbox, Person, Unit, Vehicle
from tests.conftest import ADMIN_PASSWORD, AT, add_person, make_unit


def idn(sequence: int, birth=date(1980, 5, 17), region="310104") -> str:
    return make_id_number(region, birth, sequence)


def bad_checksum(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def write_csv(path: Path, rows, *, encoding="utf-8-sig", header=COLUMNS) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def counts(desk) -> dict[str, int]:
    with reading(desk.engine) as s:
        return {model.__name__: s.scalar(select(func.count()).select_from(model))
                for model in (Building, Unit, Person, Occupancy, Vehicle, Outbox, AuditLog)}


def clerk_actor(desk, username: str, roles: list[str]):
    add_clerk(desk.engine, desk.admin, username, username, "pass1234", roles)
    with reading(desk.engine) as s:
        return actor_of(s.scalar(select(Clerk).where(Clerk.username == username)))


def registry_snapshot(desk) -> dict:
    """Unit code → areas, and the people with everything the roster carries (ID numbers decrypted)."""
    snapshot: dict[str, dict] = {}
    with reading(desk.engine) as s:
        units = {u.id: u for u in s.scalars(select(Unit))}
        people = {p.id: p for p in s.scalars(select(Person))}
        vehicles = list(s.scalars(select(Vehicle).where(Vehicle.removed_at.is_(None))))
        occupancies = list(s.scalars(select(Occupancy).where(Occupancy.ended_at.is_(None))))
    for unit in units.values():
        snapshot[unit.code] = {"areas": (unit.gross_area_dm2, unit.indoor_area_dm2), "people": set(),
                               "unit_plates": sorted(v.plate for v in vehicles
                                                     if v.unit_id == unit.id and v.person_id is None)}
    for occ in occupancies:
        person = people[occ.person_id]
        plates = tuple(sorted(v.plate for v in vehicles if v.unit_id == occ.unit_id and v.person_id == person.id))
        id_number = desk.cipher.decrypt(person.id_number_enc) if person.id_number_enc else ""
        snapshot[units[occ.unit_id].code]["people"].add(
            (person.name, person.gender, occ.role, occ.relation, person.phone, person.id_type, id_number, plates))
    return snapshot


# --- import: checking every row ----------------------------------------------------------------------------

def test_cell_rules_for_areas_plates_and_id_cells():
    assert [parse_area(t) for t in ("89.37", "89.3", "90", "1,089.50", "75.12㎡", "")] == \
        [8937, 8930, 9000, 108950, 7512, None]
    for text in ("89.375", "-1", "abc", "10000.01"):
        with pytest.raises(ValidationError):
            parse_area(text)
    assert format_area(8937) == "89.37" and format_area(9000) == "90.00" and format_area(0) == ""
    assert split_plates("沪A12345；沪B 67890,粤BD12345，") == ["沪A12345", "沪B 67890", "粤BD12345"]
    assert parse_id_cell("护照：E12345678") == (IdType.PASSPORT, "E12345678")
    assert parse_id_cell(" 11010519491231002x ") == (IdType.RESIDENT, "11010519491231002X")
    assert parse_id_cell("") is None
    with pytest.raises(ValidationError, match="脱敏"):
        parse_id_cell("110***********002X")


def test_a_row_reports_every_bad_cell_naming_its_column():
    row = RosterRow(7, "3-2-1501", "80", "90", "张伟", "不详", "业主", "", "12345", "", "沪A12345,沪A12345")
    entry, reasons = validate_row(row, seal=lambda kind, number: number)
    assert entry is None
    assert [r.split("：")[0] for r in reasons] == ["套内面积", "性别", "手机", "车牌"]
    unit_only = RosterRow(8, "3栋2单元1501", "80", "70", plates="沪A12345")
    entry, reasons = validate_row(unit_only, seal=lambda kind, number: number)
    assert reasons == [] and entry.unit_code == "3-2-1501" and not entry.has_person and entry.plates == ("沪A12345",)


def test_a_file_mixing_good_and_bad_rows_reports_exactly_the_bad_lines_and_imports_the_rest(desk, admin, tmp_path):
    existing_unit = make_unit(desk, admin, "5", "1", "101", gross_dm2=9000, indoor_dm2=8000)
    add_person(desk, admin, existing_unit, name="周强", phone="13700001111")
    before = counts(desk)
    owner_id = idn(11)
    rows = [
        ["3-2-1501", "89.37", "75.12", "王建国", "男", "业主", "本人", "13812345678", owner_id, "沪A12345"],  # 2 good
        ["3-2-1501", "89.37", "75.12", "李梅", "女", "家庭成员", "配偶", "", "", ""],  # 3 good
        ["3-2-1502", "90", "80", "赵六", "男", "业主", "本人", "", bad_checksum(idn(12)), ""],  # 4 checksum
        ["3-2-1503", "90", "80", "钱七", "", "业主", "本人", "1381234567", "", ""],  # 5 phone
        ["三栋二单元", "90", "80", "孙八", "", "业主", "本人", "", "", ""],  # 6 room format
        ["3-2-1504", "90", "80", "吴九", "", "房东", "本人", "", "", ""],  # 7 role
        ["3-2-1505", "90", "80", "郑十", "", "业主", "本人", "", "", "沪12345"],  # 8 plate
        ["3-2-1506", "90.375", "80", "冯一", "", "业主", "本人", "", "", ""],  # 9 area
        ["3-2-1501", "89.37", "75.12", "王建国", "男", "业主", "本人", "13812345678", owner_id, ""],  # 10 dup in file
        ["5-1-101", "90", "80", "周强", "", "家庭成员", "", "13700001111", "", ""],  # 11 already registered
        ["6-1-601", "100", "80", "陈二", "", "业主", "本人", "", "", ""],  # 12 areas disagree
        ["6-1-601", "101", "80", "褚三", "", "租户", "租户", "", "", ""],  # 13 areas disagree
        ["3-2-1507", "90", "80", "卫四", "", "业主", "本人", "", "310***********1234", ""],  # 14 masked ID
        ["7-1-701", "120.5", "100", "", "", "", "", "", "", ""],  # 15 good: the unit alone
        ["5-1-101", "", "", "蒋五", "女", "租户", "租户", "13900002222", "", "沪B67890"],  # 16 good, existing unit
    ]
    report = import_roster(desk, admin, write_csv(tmp_path / "mixed.csv", rows))

    reasons = {p.line: p.reason for p in report.problems}
    assert sorted(reasons) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert "证件号码" in reasons[4] and "校验位" in reasons[4]
    assert reasons[5].startswith("手机")
    assert reasons[6].startswith("房号") and "三栋二单元" in reasons[6]
    assert reasons[7].startswith("身份") and "房东" in reasons[7]
    assert reasons[8].startswith("车牌") and "沪12345" in reasons[8]
    assert reasons[9].startswith("建筑面积") and "两位小数" in reasons[9]
    assert "重复" in reasons[10] and "第2行" in reasons[10]
    assert "重复" in reasons[11] and "5-1-101" in reasons[11]
    assert "面积不一致" in reasons[12] and reasons[12] == reasons[13]
    assert reasons[14].startswith("证件号码") and "脱敏" in reasons[14]
    assert report.imported == 4

    after = counts(desk)
    assert after["Person"] - before["Person"] == 3
    assert after["Unit"] - before["Unit"] == 2  # 3-2-1501 and 7-1-701
    assert after["Building"] - before["Building"] == 2  # 3 and 7 (5 existed)
    assert after["Vehicle"] - before["Vehicle"] == 2
    assert after["Outbox"] - before["Outbox"] == 1 and after["AuditLog"] - before["AuditLog"] == 1
    snapshot = registry_snapshot(desk)
    assert snapshot["7-1-701"] == {"areas": (12050, 10000), "people": set(), "unit_plates": []}
    assert snapshot["3-2-1501"]["areas"] == (8937, 7512)
    assert ("王建国", "男", "owner", "本人", "13812345678", "resident", owner_id, ("沪A12345",)) \
        in snapshot["3-2-1501"]["people"]
    assert {p[0] for p in snapshot["5-1-101"]["people"]} == {"周强", "蒋五"}
    with reading(desk.engine) as s:
        op = s.scalars(select(Outbox).order_by(Outbox.device_seq.desc())).first()
    assert (op.name, op.version) == ("registry.import_roster", 1)


def test_check_alone_writes_nothing_and_a_clerk_may_not_import(desk, admin, tmp_path):
    path = write_csv(tmp_path / "r.csv", [["1-1-101", "80", "70", "张伟", "男", "业主", "本人", "", idn(1), ""]])
    before = counts(desk)
    check = check_roster(desk, read_roster(path))
    assert [e.name for e in check.good] == ["张伟"] and check.problems == []
    assert check.good[0].masked_id == idn(1)[:3] + "*" * 11 + idn(1)[-4:]
    assert counts(desk) == before
    clerk = clerk_actor(desk, "kefu", ["clerk"])
    with pytest.raises(PermissionDenied):
        import_roster(desk, clerk, path)
    assert counts(desk)["Person"] == before["Person"]


def test_the_same_id_number_in_two_units_is_one_person_and_a_clash_is_reported(desk, admin, tmp_path):
    shared = idn(21)
    rows = [["1-1-101", "", "", "欧阳修", "男", "业主", "本人", "13811112222", shared, ""],
            ["2-1-201", "", "", "欧阳修", "男", "业主", "本人", "13811112222", shared, ""],
            ["2-1-202", "", "", "欧阳秀", "男", "业主", "本人", "13811112222", shared, ""]]
    report = import_roster(desk, admin, write_csv(tmp_path / "r.csv", rows))
    assert [(p.line, "第2行" in p.reason) for p in report.problems] == [(4, True)]
    with reading(desk.engine) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1
        assert s.scalar(select(func.count()).select_from(Occupancy)) == 2
    # A later roster naming the registered person in a third unit adds an occupancy, not a second person.
    again = import_roster(desk, admin, write_csv(tmp_path / "r2.csv", [
        ["3-1-301", "", "", "欧阳修", "男", "业主", "本人", "13811112222", shared, ""]]))
    assert again.problems == [] and again.imported == 1
    with reading(desk.engine) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


def test_a_failure_inside_the_import_transaction_leaves_nothing(desk, admin, tmp_path, monkeypatch):
    rows = [["3-2-1501", "89.37", "75.12", "王建国", "男", "业主", "本人", "13812345678", idn(3), "沪A12345"],
            ["3-2-1502", "89.37", "75.12", "李梅", "女", "业主", "本人", "", "", ""]]
    path = write_csv(tmp_path / "r.csv", rows)
    before = counts(desk)

    def failing_audit(*args, **kwargs):
        raise RuntimeError("disk full while writing the audit entry")

    monkeypatch.setattr(runner, "append_audit", failing_audit)
    with pytest.raises(RuntimeError):
        import_roster(desk, admin, path)
    assert counts(desk) == before
    monkeypatch.undo()
    assert import_roster(desk, admin, path).imported == 2


def test_the_outbox_payload_carries_sealed_id_numbers_and_every_id_it_writes(desk, admin, tmp_path):
    numbers = [idn(31), idn(32)]
    rows = [["8-1-801", "100", "90", "韩梅梅", "女", "业主", "本人", "", numbers[0], "浙A11111"],
            ["8-1-801", "100", "90", "李雷", "男", "共有人", "配偶", "", numbers[1], ""]]
    import_roster(desk, admin, write_csv(tmp_path / "r.csv", rows))
    with reading(desk.engine) as s:
        op = s.scalar(select(Outbox).where(Outbox.name == "registry.import_roster"))
        person_ids = {str(p) for p in s.scalars(select(Person.id))}
        occupancy_ids = {str(o) for o in s.scalars(select(Occupancy.id))}
        unit_ids = {str(u) for u in s.scalars(select(Unit.id).where(Unit.code == "8-1-801"))}
    for number in numbers:
        assert number not in op.payload and number[6:14] not in op.payload
    payload = json.loads(op.payload)
    assert {p["person_id"] for p in payload["people"]} == person_ids
    assert {o["occupancy_id"] for o in payload["occupancies"]} == occupancy_ids
    assert {u["unit_id"] for u in payload["units"]} == unit_ids
    assert all(p["id_number"]["masked"].count("*") == 11 for p in payload["people"])
    raw = database_path(desk.data_dir).read_bytes()
    wal = database_path(desk.data_dir).with_name("frontdesk.sqlite-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert not any(number.encode() in raw for number in numbers)


def test_the_rows_the_import_writes_are_marked_for_sync(desk, admin, tmp_path):
    rows = [["9-1-901", "100", "90", "韩梅梅", "女", "业主", "本人", "", idn(61), "浙A22222"],
            ["9-1-901", "100", "90", "李雷", "男", "家庭成员", "配偶", "", "", ""]]
    check = check_roster(desk, read_roster(write_csv(tmp_path / "r.csv", rows)))
    payload = build_import(check, desk.property_id, source="r.csv")
    result = run_op(desk.engine, "registry.import_roster", payload, admin)
    expected = {("building", b.building_id) for b in payload.buildings} | {("unit", u.unit_id) for u in payload.units} \
        | {("person", p.person_id) for p in payload.people} \
        | {("occupancy", o.occupancy_id) for o in payload.occupancies} \
        | {("vehicle", v.vehicle_id) for v in payload.vehicles}
    assert len(expected) == 7 and result.touched == expected


def test_gb18030_csv_as_excel_in_china_saves_it(desk, admin, tmp_path):
    rows = [["12-3-1802", "95.5", "80.25", "司马光", "男", "业主", "本人", "021-64381234", "", "沪C88888"]]
    path = write_csv(tmp_path / "gbk.csv", rows, encoding="gb18030")
    assert "司马光".encode("gb18030") in path.read_bytes()
    report = import_roster(desk, admin, path)
    assert report.problems == [] and report.imported == 1
    people = registry_snapshot(desk)["12-3-1802"]["people"]
    assert people == {("司马光", "男", "owner", "本人", "02164381234", "resident", "", ("沪C88888",))}


def test_files_the_importer_cannot_take_are_refused_in_chinese(tmp_path):
    with pytest.raises(ValidationError, match="不支持"):
        read_roster(tmp_path / "roster.xls")
    with pytest.raises(ValidationError, match="找不到文件"):
        read_roster(tmp_path / "missing.csv")
    wrong = write_csv(tmp_path / "wrong.csv", [], header=["房间", "面积"])
    with pytest.raises(ValidationError, match="第1列应为“房号”"):
        read_roster(wrong)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ValidationError, match="无法读取"):
        read_roster(broken)


def test_an_xlsx_id_number_excel_turned_into_a_number_is_explained(desk, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(["1-1-101", 80, 70.5, "张伟", "男", "业主", "本人", 13812345678, 1.10105194912310e17, ""])
    workbook.save(tmp_path / "numbers.xlsx")
    rows = read_roster(tmp_path / "numbers.xlsx")
    assert (rows[0].gross_area, rows[0].indoor_area, rows[0].phone) == ("80", "70.5", "13812345678")
    check = check_roster(desk, rows)
    assert [p.line for p in check.problems] == [2] and "文本" in check.problems[0].reason


# --- export ------------------------------------------------------------------------------------------------

def build_registry(desk, admin) -> None:
    """Units and people covering what a roster carries: several roles, a passport, a person in two units,
    an empty unit, a unit-level vehicle, a person with no ID or phone, a unit without indoor area."""
    a = make_unit(desk, admin, "3", "2", "1501", gross_dm2=8937, indoor_dm2=7512)
    b = make_unit(desk, admin, "3", "2", "1502", gross_dm2=10000, indoor_dm2=0)
    make_unit(desk, admin, "A", "1", "101", gross_dm2=6000, indoor_dm2=5000)
    c = make_unit(desk, admin, "10", "1", "201", gross_dm2=12345, indoor_dm2=11111)
    owner = add_person(desk, admin, a, name="欧阳修", phone="13812345678", id_number=idn(41))
    add_person(desk, admin, a, name="李梅", role="family", phone="", id_number=None)
    tenant = new_id()
    run_op(desk.engine, "registry.add_person",
           {"person_id": tenant, "property_id": desk.property_id, "name": "John Smith", "gender": "男",
            "phone": "02164381234", "at": AT,
            "id_number": seal_id_number(desk.cipher, "E12345678", IdType.PASSPORT).model_dump(),
            "occupancy": {"occupancy_id": new_id(), "unit_id": b, "role": "tenant", "relation": "租户"}}, admin)
    run_op(desk.engine, "registry.add_occupancy",
           {"person_id": owner, "at": AT, "occupancy": {"occupancy_id": new_id(), "unit_id": c, "role": "co_owner",
                                                        "relation": "本人"}}, admin)
    for unit_id, person_id, plate in ((a, owner, "沪A12345"), (a, owner, "沪AD12345"), (c, None, "苏E55555")):
        run_op(desk.engine, "registry.add_vehicle", {"vehicle_id": new_id(), "unit_id": unit_id,
                                                     "person_id": person_id, "plate": plate, "at": AT}, admin)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_unmasked_export_imported_into_an_empty_data_folder_gives_the_same_registry(desk, admin, tmp_path,
                                                                                        suffix):
    build_registry(desk, admin)
    path = tmp_path / f"roster{suffix}"
    assert export_roster(desk, admin, path, unmask=True) == 6

    fresh = open_desk(tmp_path / "empty")
    try:
        fresh_admin = first_run(fresh, property_code="XQ", property_name="新小区", admin_username="admin",
                                admin_display_name="管理员", admin_password=ADMIN_PASSWORD)
        report = import_roster(fresh, fresh_admin, path)
        assert report.problems == [] and report.imported == 6
        assert registry_snapshot(fresh) == registry_snapshot(desk)
        with reading(fresh.engine) as s:
            assert s.scalar(select(func.count()).select_from(Person)) == 3  # 欧阳修 once, in two units
            assert s.scalar(select(Building.name).where(Building.code == "A")) == "A栋"
        # A second export from the new desk is the same file content: nothing was lost on the way.
        assert read_roster(path) == read_roster(_export(fresh, fresh_admin, tmp_path / f"again{suffix}"))
        # Importing the same file again finds everyone already registered and writes nothing, not even an op.
        before = counts(fresh)
        again = import_roster(fresh, fresh_admin, path)
        assert (again.imported, again.unchanged, again.op_id, len(again.problems)) == (0, 1, None, 5)
        assert counts(fresh)["Outbox"] == before["Outbox"] and counts(fresh)["Person"] == before["Person"]
    finally:
        fresh.close()


def _export(desk, actor, path: Path) -> Path:
    export_roster(desk, actor, path, unmask=True)
    return path


def test_export_masks_id_numbers_by_default_and_masked_cells_do_not_import(desk, admin, tmp_path):
    build_registry(desk, admin)
    path = tmp_path / "masked.csv"
    export_roster(desk, admin, path)
    text = path.read_text(encoding="utf-8-sig")
    assert idn(41) not in text and "E12345678" not in text
    rows = read_roster(path)
    assert rows[0].room == "3-2-1501" and rows[0].id_number == idn(41)[:3] + "*" * 11 + idn(41)[-4:]
    assert any(r.id_number.startswith("护照 E1") and "*" in r.id_number for r in rows)

    fresh = open_desk(tmp_path / "empty")
    try:
        first_run(fresh, property_code="XQ", property_name="新小区", admin_username="admin",
                  admin_display_name="管理员", admin_password=ADMIN_PASSWORD)
        check = check_roster(fresh, rows)
    finally:
        fresh.close()
    masked_lines = [r.line for r in rows if "*" in r.id_number]
    assert [p.line for p in check.problems] == masked_lines and len(masked_lines) == 3
    assert all("脱敏" in p.reason for p in check.problems)


def test_unmasking_is_refused_for_a_clerk_and_audited_for_an_admin(desk, admin, tmp_path):
    build_registry(desk, admin)
    clerk = clerk_actor(desk, "kefu", ["clerk"])
    refused = tmp_path / "clerk.xlsx"
    with pytest.raises(PermissionDenied, match="完整证件号"):
        export_roster(desk, clerk, refused, unmask=True)
    assert not refused.exists()
    assert export_roster(desk, clerk, tmp_path / "clerk-masked.xlsx") == 6
    with reading(desk.engine) as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)
                        .where(AuditLog.action == "registry.export_unmasked")) == 0

    export_roster(desk, admin, tmp_path / "admin.xlsx", unmask=True)
    with reading(desk.engine) as s:
        entry = s.scalar(select(AuditLog).where(AuditLog.action == "registry.export_unmasked"))
    detail = json.loads(entry.detail)
    assert entry.actor_id == admin.clerk_id
    assert detail == {"file": "admin.xlsx", "rows": 6, "unmasked_ids": 3}  # 欧阳修 on two rows
    assert verify_chain(desk.engine).ok
    assert not list(tmp_path.glob(".*"))  # no staged file left behind


# --- the template ------------------------------------------------------------------------------------------

def _sheets(path: Path) -> dict[str, list[tuple]]:
    workbook = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def test_the_shipped_templates_are_what_write_template_makes_and_import_cleanly(desk, admin, tmp_path):
    shipped_csv, shipped_xlsx = resources_dir() / "roster-template.csv", resources_dir() / "roster-template.xlsx"
    write_template(tmp_path / "t.csv")
    write_template(tmp_path / "t.xlsx")
    assert shipped_csv.read_bytes() == (tmp_path / "t.csv").read_bytes()
    assert _sheets(shipped_xlsx) == _sheets(tmp_path / "t.xlsx")
    assert list(_sheets(shipped_xlsx)) == ["住户名册", "填写说明"]
    assert read_roster(shipped_csv) == read_roster(shipped_xlsx)
    report = import_roster(desk, admin, shipped_xlsx)
    assert report.problems == [] and report.imported == 2


# --- the command line --------------------------------------------------------------------------------------

def test_the_cli_checks_imports_and_exports(desk, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FRONTDESK_PASSWORD", ADMIN_PASSWORD)
    data_dir = str(desk.data_dir)
    rows = [["3-2-1501", "89.37", "75.12", "王建国", "男", "业主", "本人", "13812345678", idn(51), ""],
            ["3-2-1502", "89.37", "75.12", "赵六", "男", "业主", "本人", "", bad_checksum(idn(52)), ""]]
    path = write_csv(tmp_path / "r.csv", rows)
    before = counts(desk)

    assert main(["import", str(path), "--check", "--data-dir", data_dir]) == 1
    err = capsys.readouterr().err
    assert "第3行：证件号码" in err
    assert counts(desk)["Person"] == before["Person"]

    assert main(["import", str(path), "--data-dir", data_dir]) == 1
    assert "其余 1 行已导入" in capsys.readouterr().err
    assert counts(desk)["Person"] == before["Person"] + 1

    out = tmp_path / "out.csv"
    assert main(["export", str(out), "--data-dir", data_dir]) == 0
    assert "已导出 1 行" in capsys.readouterr().out
    assert idn(51) not in out.read_text(encoding="utf-8-sig")
    assert main(["export", str(out), "--unmask-ids", "--data-dir", data_dir]) == 0
    assert idn(51) in out.read_text(encoding="utf-8-sig")

    monkeypatch.setenv("FRONTDESK_PASSWORD", "wrong-password")
    assert main(["import", str(path), "--data-dir", data_dir]) == 1
    assert "密码错误" in capsys.readouterr().err


def test_the_demo_property_survives_an_unmasked_export_and_an_import_into_an_empty_folder(demo_dir, tmp_path):
    copy = tmp_path / "demo"
    shutil.copytree(demo_dir, copy)  # the session's demo folder stays untouched (the export is audited)
    demo = open_desk(copy)
    fresh = open_desk(tmp_path / "empty")
    try:
        with reading(demo.engine) as s:
            demo_admin = actor_of(s.scalar(select(Clerk).where(Clerk.username == "admin")))
        path = tmp_path / "demo.xlsx"
        written = export_roster(demo, demo_admin, path, unmask=True)
        fresh_admin = first_run(fresh, property_code="XQ", property_name="新小区", admin_username="admin",
                                admin_display_name="管理员", admin_password=ADMIN_PASSWORD)
        report = import_roster(fresh, fresh_admin, path)
        assert report.problems == [] and report.imported == written
        assert registry_snapshot(fresh) == registry_snapshot(demo)
    finally:
        demo.close()
        fresh.close()
