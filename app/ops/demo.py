"""The demo property (``frontdesk demo``, ``frontdesk --demo``): a new desk holding a realistic estate.

The registry is the desk's initial state, like a bootstrap snapshot: the property, its clerks and the first-run
admin are made through ops as on any desk, then the registry (units, people, occupancies, authorizations,
vehicles, notes) is written with SQLAlchemy Core ``executemany`` in batches inside ONE transaction (all or
nothing), with no outbox rows and a single audit entry saying the demo was generated. Then six months at the
cashier run through the real ops as the demo's staff (app.ops.demo_billing: fee items, meter readings,
charges, payments, shifts, voids and refunds, the last month's receipts archived as PDFs).

Deterministic: the same seed gives the same buildings, rooms, areas, names, genders, phones, ID numbers,
plates, relations, dates and notes; dates are reckoned from ``DEMO_AS_OF``, not from today. Not deterministic:
row ids (UUIDv7 carries the creation time), ID-number ciphertexts (random AES-GCM nonces; the keyed hashes
differ too, since each data folder has its own key), password hashes (random salts), and the timestamps of
the first-run ops and of the audit entry. ID numbers are sealed as soon as they are drawn and never written in
plain text.
"""

import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine

from app.core.clock import LOCAL_TZ, now
from app.core.errors import ValidationError
from app.core.ids import new_id
from app.core.paths import DEMO_UNFINISHED_MARKER, database_path
from app.domain.demo_households import Household, HouseholdPlanner
from app.domain.demo_layout import BuildingPlan, max_units, plan_buildings, plan_units
from app.domain.permissions import ROLES
from app.ops.clerks import add_clerk
from app.ops.demo_billing import write_billing
from app.ops.demo_counter import Staff
from app.ops.desk import Desk, open_desk
from app.ops.runner import Actor
from app.ops.sealed import seal_id_number
from app.ops.setup import first_run
from app.store.audit import append_audit
from app.store.billing_models import Charge, DocumentPrint, FeeItem, MeterReading, Payment, Refund, Shift
from app.store.db import transaction
from app.store.models import (
    AuditLog,
    Authorization,
    Building,
    Clerk,
    Occupancy,
    Outbox,
    Person,
    Property,
    Unit,
    UnitNote,
    Vehicle,
)

DEMO_PASSWORD = "demo123"
DEMO_AS_OF = date(2026, 11, 1)
DEFAULT_UNITS = 5000
DEFAULT_SEED = 1
PROPERTY_CODE = "CHHY"
PROPERTY_NAME = "翠湖花园"
PROPERTY_ADDRESS = "浙江省杭州市余杭区翠湖路88号"
VACANT_SHARE = 0.06
UNSOLD_SHARE_OF_VACANT = 0.4
BATCH_UNITS = 5000
# (username, display name, roles); the first-run admin is "admin".
DEMO_CLERKS = (
    ("supervisor", "李静", ["supervisor"]),
    ("clerk", "张敏", ["clerk"]),
    ("cashier", "刘芳", ["cashier"]),
    ("cashier2", "陈洁", ["cashier"]),
    ("guard", "赵强", ["guard"]),
)
NOTE_AUTHORS = ("clerk", "supervisor")
UNFINISHED_MARKER = DEMO_UNFINISHED_MARKER

Progress = Callable[[str], None]


def ensure_demo(data_dir: Path, progress: Progress | None = None) -> None:
    """Generate the default demo when ``data_dir`` holds no database yet; otherwise leave it as it is."""
    if (Path(data_dir) / UNFINISHED_MARKER).exists():
        raise ValidationError(f"{data_dir} 中的示范数据上次没有生成完，请删除该文件夹后重试",
                              f"The demo in {data_dir} was not finished: delete the folder and try again")
    if not database_path(Path(data_dir)).exists():
        generate_demo(Path(data_dir), units=DEFAULT_UNITS, seed=DEFAULT_SEED, progress=progress)


def generate_demo(data_dir: Path, *, units: int = DEFAULT_UNITS, seed: int = DEFAULT_SEED,
                  progress: Progress | None = None, billing: bool = True) -> dict:
    """Create a new desk in ``data_dir`` holding a demo property of ``units`` units (and, with ``billing``, its
    cashier's six months); returns a JSON-ready summary (row counts per table, the demo logins, the time taken)."""
    data_dir = Path(data_dir)
    report = progress or (lambda _text: None)
    if not 1 <= units <= max_units():
        raise ValidationError(f"示范小区的户数应在 1 到 {max_units()} 之间",
                              f"A demo property has 1 to {max_units()} units")
    if database_path(data_dir).exists():
        raise ValidationError(f"{data_dir} 中已有数据库：示范数据只能生成到新的数据目录",
                              f"{data_dir} already holds a database: a demo needs a new data folder")
    started = time.perf_counter()
    desk = open_desk(data_dir)
    marker = data_dir / UNFINISHED_MARKER
    marker.write_text("示范数据正在生成；如果生成中断，请删除整个文件夹后重新生成。\n", encoding="utf-8")
    try:
        report("正在创建小区和操作员账号…")
        admin = first_run(desk, property_code=PROPERTY_CODE, property_name=PROPERTY_NAME, admin_username="admin",
                          admin_display_name="管理员", admin_password=DEMO_PASSWORD, address=PROPERTY_ADDRESS)
        clerk_ids, actors = {"admin": admin.clerk_id}, {}
        for username, display_name, roles in DEMO_CLERKS:
            clerk_ids[username] = add_clerk(desk.engine, admin, username, display_name, DEMO_PASSWORD, roles)
            actors[username] = Actor(clerk_ids[username], username, display_name, tuple(roles))
        _write_registry(desk, admin.clerk_id, clerk_ids, units=units, seed=seed, report=report)
        cashier = None
        if billing:
            staff = Staff(actors["supervisor"], actors["clerk"], (actors["cashier"], actors["cashier2"]))
            cashier = write_billing(desk, staff, as_of=DEMO_AS_OF, seed=seed, report=report)
        counts = table_counts(desk.engine)
    finally:
        desk.close()
    marker.unlink()
    seconds = round(time.perf_counter() - started, 2)
    report(f"示范小区已生成：{counts['unit']} 户，{counts['person']} 人，用时 {seconds} 秒")
    return {
        "data_dir": str(data_dir),
        "property": {"code": PROPERTY_CODE, "name": PROPERTY_NAME, "address": PROPERTY_ADDRESS},
        "seed": seed,
        "as_of": DEMO_AS_OF.isoformat(),
        "counts": counts,
        "cashier": cashier,
        "logins": demo_logins(),
        "seconds": seconds,
    }


def demo_logins() -> list[dict]:
    accounts = [("admin", "管理员", ["admin"]), *DEMO_CLERKS]
    return [{"username": username, "password": DEMO_PASSWORD, "display_name": display_name,
             "roles": [ROLES[r].name_zh for r in roles]} for username, display_name, roles in accounts]


def table_counts(engine: Engine) -> dict[str, int]:
    models = (Property, Building, Unit, Person, Occupancy, Authorization, Vehicle, UnitNote, Clerk, FeeItem, Charge,
              MeterReading, Shift, Payment, Refund, DocumentPrint, Outbox, AuditLog)
    with engine.connect() as conn:
        counts = {m.__tablename__: conn.scalar(select(func.count()).select_from(m)) for m in models}
        counts["occupied_unit"] = conn.scalar(select(func.count(func.distinct(Occupancy.unit_id))))
    return counts


class _RegistryWriter:
    """Turns planned buildings and households into rows and inserts them a batch at a time."""

    def __init__(self, conn: Connection, desk: Desk, property_id, clerk_ids: dict, rng: random.Random):
        self.conn, self.cipher, self.property_id = conn, desk.cipher, property_id
        self.clerk_ids, self.rng = clerk_ids, rng
        self.rows: dict = {}
        self.totals = {"unit": 0, "person": 0, "vehicle": 0, "authorization": 0, "unit_note": 0}
        self._clear()

    def _clear(self) -> None:
        self.rows = {Unit: [], Person: [], Occupancy: [], Vehicle: [], Authorization: [], UnitNote: []}

    def moment(self, day: date) -> datetime:
        """A moment during office hours on ``day`` (local time), as UTC."""
        local = datetime.combine(day, clock_time(9, 0), LOCAL_TZ) + timedelta(minutes=self.rng.randrange(510))
        return local.astimezone(UTC)

    def add_buildings(self, buildings: list[BuildingPlan]) -> dict[str, object]:
        ids = {b.code: new_id() for b in buildings}
        self.conn.execute(insert(Building.__table__), [
            {"id": ids[b.code], "property_id": self.property_id, "code": b.code, "name": f"{b.code}栋", "version": 1}
            for b in buildings])
        return ids

    def add_unit(self, plan, building_id, handover: date | None, household: Household) -> None:
        unit_id = new_id()
        created = self.moment(plan.building.handover - timedelta(days=30))
        self.rows[Unit].append({
            "id": unit_id, "property_id": self.property_id, "building_id": building_id, "entrance": plan.entrance,
            "floor": plan.floor, "room": plan.room, "code": plan.code, "gross_area_dm2": plan.gross_area_dm2,
            "indoor_area_dm2": plan.indoor_area_dm2, "usage": "住宅", "handover_date": handover, "version": 1,
            "created_at": created, "updated_at": created})
        person_ids = [self._add_member(unit_id, member) for member in household.members]
        for vehicle in household.vehicles:
            self.rows[Vehicle].append({
                "id": new_id(), "property_id": self.property_id, "unit_id": unit_id,
                "person_id": person_ids[vehicle.holder], "plate": vehicle.plate, "description": vehicle.description,
                "removed_at": None, "version": 1,
                "created_at": self.moment(household.members[vehicle.holder].valid_from)})
        for grant in household.authorizations:
            self.rows[Authorization].append({
                "id": new_id(), "property_id": self.property_id, "unit_id": unit_id,
                "grantor_id": person_ids[grant.grantor], "grantee_id": person_ids[grant.grantee],
                "scopes": ",".join(sorted(s.value for s in grant.scopes)), "valid_from": grant.valid_from,
                "valid_to": grant.valid_to, "evidence": grant.evidence, "revoked_at": None, "revoke_reason": "",
                "version": 1, "created_at": self.moment(grant.valid_from)})
        for note in household.notes:
            self.rows[UnitNote].append({
                "id": new_id(), "property_id": self.property_id, "unit_id": unit_id, "text": note.text,
                "author_id": self.clerk_ids[self.rng.choice(NOTE_AUTHORS)], "archived_at": None, "version": 1,
                "created_at": self.moment(note.day)})

    def _add_member(self, unit_id, member) -> object:
        person_id = new_id()
        sealed = seal_id_number(self.cipher, member.id_number)
        created = self.moment(member.valid_from)
        self.rows[Person].append({
            "id": person_id, "property_id": self.property_id, "name": member.name, "gender": member.gender,
            "phone": member.phone, "id_type": sealed.id_type.value, "id_number_enc": sealed.enc,
            "id_number_hash": sealed.hash, "id_number_masked": sealed.masked, "note": "", "version": 1,
            "created_at": created, "updated_at": created})
        if member.role is not None:
            self.rows[Occupancy].append({
                "id": new_id(), "property_id": self.property_id, "unit_id": unit_id, "person_id": person_id,
                "role": member.role.value, "relation": member.relation, "valid_from": member.valid_from,
                "valid_to": member.valid_to, "ended_at": None, "version": 1, "created_at": created})
        return person_id

    def flush(self) -> None:
        """Insert the pending rows, parents before children: foreign keys are on, and the search-index triggers
        index an occupant or a car under its unit's entry."""
        for model in (Unit, Person, Occupancy, Vehicle, Authorization, UnitNote):
            rows = self.rows[model]
            if rows:
                self.conn.execute(insert(model.__table__), rows)
                self.totals[model.__tablename__] = self.totals.get(model.__tablename__, 0) + len(rows)
        self._clear()


def _write_registry(desk: Desk, admin_id, clerk_ids: dict, *, units: int, seed: int, report: Progress) -> None:
    # Separate streams, so the layout of a seed stays the same whatever the households draw.
    layout_rng = random.Random(f"frontdesk-demo:{seed}:layout")
    people_rng = random.Random(f"frontdesk-demo:{seed}:people")
    buildings = plan_buildings(layout_rng, units, DEMO_AS_OF)
    planner = HouseholdPlanner(people_rng, DEMO_AS_OF)
    property_id = desk.property_id
    with transaction(desk.engine) as session:
        writer = _RegistryWriter(session.connection(), desk, property_id, clerk_ids, people_rng)
        building_ids = writer.add_buildings(buildings)
        report(f"正在生成 {len(buildings)} 栋楼、{units} 户…")
        for done, plan in enumerate(plan_units(buildings, units), start=1):
            vacant = people_rng.random() < VACANT_SHARE
            handover = plan.building.handover + timedelta(days=people_rng.randint(0, 120))
            if vacant and people_rng.random() < UNSOLD_SHARE_OF_VACANT:
                handover = None
            writer.add_unit(plan, building_ids[plan.building.code], handover, planner.plan(handover, vacant=vacant))
            if done % BATCH_UNITS == 0 or done == units:
                writer.flush()
                report(f"已写入 {done}/{units} 户，{writer.totals['person']} 人")
        append_audit(session, at=now(), action="demo.generate", actor_id=admin_id, detail={
            "summary": f"生成示范小区 {PROPERTY_NAME}：{units} 户", "seed": seed, "as_of": DEMO_AS_OF.isoformat(),
            "buildings": len(buildings), **writer.totals})
