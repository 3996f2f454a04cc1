"""The demo property generator: deterministic per seed, realistic, and never storing a plain ID number."""

import json
import random
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

import app.ops.demo as demo
import app.ops.demo_billing as demo_billing
from app.cli import main
from app.core.errors import ValidationError
from app.domain.demo_identity import age_on
from app.domain.demo_layout import plan_buildings, plan_units
from app.domain.demo_names import COMPOUND_SURNAMES
from app.domain.idcard import mask_id_number, validate_id_number
from app.domain.names import validate_name
from app.domain.phone import validate_phone
from app.domain.plates import validate_plate
from app.domain.rooms import floor_of, parse_unit_code
from app.ops.clerks import authenticate
from app.ops.demo import DEMO_AS_OF, DEMO_PASSWORD, ensure_demo, generate_demo
from app.ops.desk import open_desk
from app.ops.sealed import lookup_hash
from app.store.audit import verify_chain
from app.store.db import reading
from app.store.models import AuditLog, Authorization, Occupancy, Outbox, Person, Unit, UnitNote, Vehicle
from app.store.search_index import search_index_problems
from tests.fresh_process import not_loaded, run_fresh


@pytest.fixture(scope="module")
def demo_desk(demo_dir):
    desk = open_desk(demo_dir)
    yield desk
    desk.close()


def _people(desk) -> list[dict]:
    """Every person with their unit (None for an agent who lives elsewhere) and decrypted ID number."""
    with reading(desk.engine) as session:
        rows = session.execute(
            select(Person, Unit.code, Occupancy.role, Occupancy.relation, Occupancy.valid_from, Occupancy.valid_to)
            .outerjoin(Occupancy, Occupancy.person_id == Person.id).outerjoin(Unit, Unit.id == Occupancy.unit_id)
        ).all()
    return [{"name": p.name, "gender": p.gender, "phone": p.phone, "masked": p.id_number_masked,
             "hash": p.id_number_hash, "id_number": desk.cipher.decrypt(p.id_number_enc), "unit": code,
             "role": role, "relation": relation, "valid_from": valid_from, "valid_to": valid_to}
            for p, code, role, relation, valid_from, valid_to in rows]


def _snapshot(data_dir: Path) -> dict:
    """What a seed must fix, keyed by content: row ids and ciphertexts differ from run to run."""
    desk = open_desk(data_dir)
    try:
        grantor, grantee = aliased(Person), aliased(Person)
        with reading(desk.engine) as session:
            units = session.execute(select(Unit.code, Unit.gross_area_dm2, Unit.indoor_area_dm2,
                                           Unit.handover_date)).all()
            plates = session.execute(select(Unit.code, Vehicle.plate, Vehicle.description, Person.name)
                                     .join(Unit, Unit.id == Vehicle.unit_id)
                                     .join(Person, Person.id == Vehicle.person_id)).all()
            grants = session.execute(
                select(Unit.code, grantor.name, grantee.name, Authorization.scopes, Authorization.valid_from,
                       Authorization.valid_to, Authorization.evidence)
                .join(Unit, Unit.id == Authorization.unit_id)
                .join(grantor, grantor.id == Authorization.grantor_id)
                .join(grantee, grantee.id == Authorization.grantee_id)).all()
            notes = session.execute(select(Unit.code, UnitNote.text).join(Unit, Unit.id == UnitNote.unit_id)).all()
        people = [tuple(sorted((k, str(v)) for k, v in person.items() if k != "hash")) for person in _people(desk)]
    finally:
        desk.close()
    return {"units": sorted(units), "people": sorted(people), "plates": sorted(plates), "grants": sorted(grants),
            "notes": sorted(notes)}


def test_same_seed_gives_the_same_property_and_another_seed_does_not(tmp_path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate_demo(tmp_path / name, units=150, seed=seed, billing=False)  # the cashier: test_demo_billing.py
    first, second, other = (_snapshot(tmp_path / name) for name in "abc")
    assert first["people"] and first["plates"] and first["grants"]
    assert first == second
    for part in ("people", "plates", "units"):
        assert first[part] != other[part], part


def test_id_numbers_are_valid_sealed_and_fit_sex_and_role(demo_desk):
    people = _people(demo_desk)
    owner_birth: dict[str, int] = {}
    for person in people:
        number = person["id_number"]
        assert validate_id_number(number) == number
        assert person["gender"] == ("男" if int(number[16]) % 2 else "女")
        assert person["masked"] == mask_id_number(number)
        assert person["hash"] == lookup_hash(demo_desk.cipher, number)
        if person["relation"] == "本人":
            owner_birth[person["unit"]] = int(number[6:14])

    def age(person) -> int:
        number = person["id_number"]
        return age_on(date(int(number[6:10]), int(number[10:12]), int(number[12:14])), DEMO_AS_OF)

    adults_by_unit: dict[str, int] = defaultdict(int)
    for person in people:
        relation, years = person["relation"], age(person)
        assert 0 <= years <= 100
        if person["role"] in ("owner", "co_owner") or person["role"] is None or relation in ("配偶", "保姆"):
            assert years >= 18, person
        if relation == "子女":  # at least 18 years younger than the owner (a birth date as YYYYMMDD, + 18 years)
            assert int(person["id_number"][6:14]) >= owner_birth[person["unit"]] + 18_0000, person
            assert years <= 60
        if relation == "父母":
            assert int(person["id_number"][6:14]) + 18_0000 <= owner_birth[person["unit"]], person
        if person["role"] == "tenant" and years >= 18:
            adults_by_unit[person["unit"]] += 1
    tenant_units = {p["unit"] for p in people if p["role"] == "tenant"}
    assert tenant_units and all(adults_by_unit[unit] >= 1 for unit in tenant_units)
    assert len({p["id_number"] for p in people}) == len(people)


def test_no_plain_id_number_anywhere_in_the_data_folder(demo_dir, demo_desk):
    numbers = {person["id_number"] for person in _people(demo_desk)}
    assert len(numbers) > 1000
    files = [path for path in demo_dir.rglob("*") if path.is_file()]
    assert any(path.name.endswith(".sqlite") for path in files)
    window = re.compile(rb"(?=(\d{17}[\dX]))")  # every 18-character window, overlapping
    for path in files:
        found = {match.group(1).decode() for match in window.finditer(path.read_bytes())}
        assert not found & numbers, path


def test_counts_layout_and_areas_fit_the_request(demo_desk):
    with reading(demo_desk.engine) as session:
        units = session.scalars(select(Unit)).all()
        residents = session.scalar(select(func.count()).select_from(Occupancy))
        occupied = session.scalar(select(func.count(func.distinct(Occupancy.unit_id))))
        vehicles = session.scalar(select(func.count()).select_from(Vehicle))
        grants = session.scalars(select(Authorization)).all()
        notes = session.scalar(select(func.count()).select_from(UnitNote))
    assert len(units) == 600
    assert 0.85 * 600 <= occupied < 600  # a few vacant units
    assert 2.2 <= residents / occupied <= 2.9
    assert vehicles > 150 and notes > 5
    assert grants and all(g.evidence and g.scopes for g in grants)
    assert len({u.code for u in units}) == 600
    for unit in units:
        parsed = parse_unit_code(unit.code)
        assert (parsed.entrance, parsed.room) == (unit.entrance, unit.room)
        assert unit.floor == floor_of(unit.room)
        assert 0.7 * unit.gross_area_dm2 <= unit.indoor_area_dm2 < unit.gross_area_dm2
        assert 7000 <= unit.gross_area_dm2 <= 17000


def test_every_occupied_unit_has_an_owner(demo_desk):
    with reading(demo_desk.engine) as session:
        occupied = set(session.scalars(select(Occupancy.unit_id).distinct()))
        owned = set(session.scalars(select(Occupancy.unit_id).where(Occupancy.role == "owner")))
    assert occupied and occupied == owned


def test_names_phones_and_plates_look_real(demo_desk):
    people = _people(demo_desk)
    surnames = Counter()
    for person in people:
        assert validate_name(person["name"]) == person["name"]
        surname = person["name"][:2] if person["name"][:2] in COMPOUND_SURNAMES else person["name"][:1]
        surnames[surname] += 1
        assert 1 <= len(person["name"]) - len(surname) <= 2
        if person["phone"]:
            assert validate_phone(person["phone"]) == person["phone"] and len(person["phone"]) == 11
    assert sum(n for s, n in surnames.items() if s in COMPOUND_SURNAMES) >= 5
    assert surnames.most_common(1)[0][0] in "王李张刘陈"
    phones = [p["phone"] for p in people if p["phone"]]
    assert len(phones) == len(set(phones)) and len(phones) > 0.7 * len(people)
    children = [p for p in people if p["relation"] == "子女"]
    assert any(not p["phone"] for p in children)  # small children have no phone of their own
    with reading(demo_desk.engine) as session:
        plates = session.scalars(select(Vehicle.plate)).all()
    assert len(plates) == len(set(plates))
    assert all(validate_plate(plate) == plate for plate in plates)
    assert Counter(plate[:2] for plate in plates).most_common(1)[0][0] == "浙A"
    assert any(len(plate) == 8 for plate in plates)  # new-energy plates


def test_demo_is_one_audit_entry_and_no_outbox_rows(demo_desk):
    with reading(demo_desk.engine) as session:
        actions = session.scalars(select(AuditLog.action)).all()
        outbox = session.scalars(select(Outbox.name)).all()
    assert actions.count("demo.generate") == 1
    assert not [name for name in outbox if not name.startswith(("clerks.", "registry.create_property"))]
    assert verify_chain(demo_desk.engine).ok


def test_cli_generates_and_a_second_run_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(demo_billing, "HISTORY_UNITS", 10)
    data_dir = tmp_path / "cli"
    assert main(["demo", "--data-dir", str(data_dir), "--units", "200"]) == 0
    out = capsys.readouterr().out
    summary = json.loads(out[out.index("{"):])
    assert summary["counts"]["unit"] == 200 and summary["counts"]["person"] > 300
    assert summary["counts"]["payment"] > 0 and summary["cashier"]["history_units"] >= 10
    assert {login["username"] for login in summary["logins"]} == {"admin", "supervisor", "clerk", "cashier",
                                                                   "cashier2", "guard"}
    assert not (data_dir / demo.UNFINISHED_MARKER).exists()
    desk = open_desk(data_dir)
    try:
        assert authenticate(desk.engine, "cashier", DEMO_PASSWORD).roles == ("cashier",)
        assert authenticate(desk.engine, "admin", DEMO_PASSWORD).roles == ("admin",)
        with reading(desk.engine) as session:
            before = session.scalar(select(func.count()).select_from(Person))
    finally:
        desk.close()

    assert main(["demo", "--data-dir", str(data_dir), "--units", "200"]) == 1
    assert "已有数据库" in capsys.readouterr().err
    with pytest.raises(ValidationError):
        generate_demo(data_dir, units=50)
    desk = open_desk(data_dir)
    try:
        with reading(desk.engine) as session:
            assert session.scalar(select(func.count()).select_from(Person)) == before
    finally:
        desk.close()


def test_ensure_demo_generates_once(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "DEFAULT_UNITS", 40)
    monkeypatch.setattr(demo_billing, "HISTORY_UNITS", 10)
    messages: list[str] = []
    ensure_demo(tmp_path / "d", progress=messages.append)
    assert messages and all(re.search(r"[\u4e00-\u9fff]", text) for text in messages)
    ensure_demo(tmp_path / "d", progress=messages.append)  # already there: nothing happens
    desk = open_desk(tmp_path / "d")
    try:
        with reading(desk.engine) as session:
            assert session.scalar(select(func.count()).select_from(Unit)) == 40
            assert session.scalar(select(func.count()).where(AuditLog.action == "demo.generate")) == 1
    finally:
        desk.close()


def test_a_demo_cut_short_is_refused_rather_than_opened(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(demo, "DEFAULT_UNITS", 20)
    monkeypatch.setattr(demo, "write_billing", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ensure_demo(tmp_path / "d")
    with pytest.raises(ValidationError, match="没有生成完"):
        ensure_demo(tmp_path / "d")


@pytest.mark.parametrize("units", [0, -5, 10**7])
def test_unreasonable_sizes_are_refused_in_chinese(tmp_path, units):
    with pytest.raises(ValidationError, match="户数"):
        generate_demo(tmp_path / "x", units=units)
    assert not (tmp_path / "x").exists()


def test_a_benchmark_sized_layout_has_exactly_the_units_asked_for():
    buildings = plan_buildings(random.Random(1), 100_000, DEMO_AS_OF)
    codes = [unit.code for unit in plan_units(buildings, 100_000)]
    assert len(codes) == len(set(codes)) == 100_000
    assert len(buildings) <= 999 and all(int(b.code) <= 999 for b in buildings)


def test_the_search_index_triggers_indexed_every_demo_row(demo_desk):
    assert search_index_problems(demo_desk.engine) == []


def test_a_ready_demo_opens_without_loading_the_store_first(tmp_path, monkeypatch):
    """``frontdesk --demo`` on a demo already made goes straight to the desk program, whose first frame is painted
    before the store loads; one cut short is still refused."""
    monkeypatch.setattr(demo, "DEFAULT_UNITS", 20)
    monkeypatch.setattr(demo_billing, "HISTORY_UNITS", 5)
    ensure_demo(tmp_path / "d")
    start = ("import sys\n"
             "import app.gui.main\n"
             "app.gui.main.run_gui = lambda folder: print(folder) or 0\n"
             "from app import cli\n"
             f"code = cli.main(['--demo', '--data-dir', {str(tmp_path / 'd')!r}])\n")
    opened = run_fresh(start + not_loaded(("sqlalchemy", "sqlmodel"), ("app.ops.demo",)) + "sys.exit(code)\n")
    assert opened.strip() == str(tmp_path / "d")
    (tmp_path / "d" / demo.UNFINISHED_MARKER).touch()
    with pytest.raises(AssertionError, match="没有生成完"):
        run_fresh(start + "sys.exit(code)\n")
