"""Who lives in each unit of the demo property: owner-occupied families and rented units, with the
authorizations, cars and front-desk notes such households have. Pure planning on a seeded ``random.Random``:
no ids, no database, no encryption (app.ops.demo does those). Everything is relative to ``as_of``.

Each household's relations are stated from the owner's side (本人, 配偶, 子女, 父母, 保姆, 租户).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.domain.demo_identity import age_on, birth_for_age, random_id_number, random_mobile, random_vehicle
from app.domain.demo_names import COMPOUND_SURNAMES, random_name, random_surname
from app.domain.registry import AuthorizationScope, OccupancyRole

RENTED_SHARE = 0.17
PHONE_FROM_AGE = 14
NOTE_SHARE = 0.05

NOTE_TEXTS = (
    "业主长期在外地工作，有事请先电话联系，短信亦可。",
    "家中有行动不便的老人，停水停电请提前电话告知。",
    "业主反映卫生间顶部渗水，已派工程部维修，待回访。",
    "业主对公共区域绿化修剪有意见，已转环境部跟进。",
    "租户更换时请核对业主书面授权。",
    "已登记宠物犬一只（小型犬），已提醒文明养犬、出门牵绳。",
    "业主要求快递放前台代收，已告知保管期限为7天。",
    "装修押金已退还，收据原件已收回。",
    "业主申请安装充电桩，材料已交工程部审核。",
    "物业费按年缴纳，业主希望到期前一个月电话提醒。",
    "业主为听障人士，沟通请用短信或书面方式。",
    "门禁卡遗失一张已挂失，新卡已补办。",
    "业主反映楼上夜间噪音，已上门沟通，后续回访。",
    "房屋出售中，中介看房需业主电话确认后方可放行。",
    "业主提出车位租赁续约，已转停车场管理员。",
)


@dataclass(frozen=True)
class Member:
    """A person tied to the unit. ``role`` is None for an agent (代办人) who does not live there."""

    name: str
    male: bool
    birth: date
    id_number: str
    phone: str
    role: OccupancyRole | None
    relation: str
    valid_from: date
    valid_to: date | None = None

    @property
    def gender(self) -> str:
        return "男" if self.male else "女"


@dataclass(frozen=True)
class PlannedAuthorization:
    grantor: int  # index into Household.members
    grantee: int
    scopes: tuple[AuthorizationScope, ...]
    valid_from: date
    valid_to: date | None
    evidence: str


@dataclass(frozen=True)
class PlannedVehicle:
    holder: int
    plate: str
    description: str


@dataclass(frozen=True)
class PlannedNote:
    text: str
    day: date


@dataclass
class Household:
    members: list[Member] = field(default_factory=list)
    vehicles: list[PlannedVehicle] = field(default_factory=list)
    authorizations: list[PlannedAuthorization] = field(default_factory=list)
    notes: list[PlannedNote] = field(default_factory=list)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class HouseholdPlanner:
    """Plans households one unit at a time; ID numbers, phones and plates never repeat within a property."""

    def __init__(self, rng: random.Random, as_of: date):
        self.rng = rng
        self.as_of = as_of
        self._id_numbers: set[str] = set()
        self._phones: set[str] = set()
        self._plates: set[str] = set()

    # --- people ------------------------------------------------------------------------------------------

    def _unique(self, seen: set[str], draw) -> str:
        value = draw()
        while value in seen:
            value = draw()
        seen.add(value)
        return value

    def _member(self, *, male: bool, age: int, role: OccupancyRole | None, relation: str, valid_from: date,
                valid_to: date | None = None, surname: str | None = None) -> Member:
        rng = self.rng
        birth = birth_for_age(rng, self.as_of, age)
        name = random_name(rng, male=male, birth_year=birth.year, surname=surname)
        id_number = self._unique(self._id_numbers, lambda: random_id_number(rng, birth=birth, male=male))
        has_phone = age >= PHONE_FROM_AGE and rng.random() < 0.97
        phone = self._unique(self._phones, lambda: random_mobile(rng)) if has_phone else ""
        # Nobody's tie to a unit starts before they were born.
        return Member(name, male, birth, id_number, phone, role, relation, max(valid_from, birth), valid_to)

    def _days_ago(self, low: int, high: int) -> date:
        return self.as_of - timedelta(days=self.rng.randint(low, high))

    # --- households --------------------------------------------------------------------------------------

    def plan(self, handover: date | None, *, vacant: bool) -> Household:
        if vacant:
            return Household()
        if handover is None:
            raise ValueError("an occupied unit needs a handover date")
        household = self._rented(handover) if self.rng.random() < RENTED_SHARE else self._owner_occupied(handover)
        if self.rng.random() < NOTE_SHARE:
            household.notes.append(PlannedNote(self.rng.choice(NOTE_TEXTS), self._days_ago(1, 700)))
        return household

    def _ownership_start(self, handover: date) -> date:
        if self.rng.random() < 0.15:  # bought second-hand after the handover
            span = (self.as_of - handover).days
            if span > 60:
                return handover + timedelta(days=self.rng.randint(30, span - 30))
        return handover

    def _owner_occupied(self, handover: date) -> Household:
        rng, household = self.rng, Household()
        since = self._ownership_start(handover)
        owner_male = rng.random() < 0.6
        owner_age = int(rng.triangular(26, 82, 40))
        owner_surname = random_surname(rng)
        members = household.members
        members.append(self._member(male=owner_male, age=owner_age, role=OccupancyRole.OWNER, relation="本人",
                                    valid_from=since, surname=owner_surname))
        spouse_age = None
        if rng.random() < (0.62 if owner_age < 65 else 0.5):
            gap = rng.randint(0, 4)
            spouse_age = max(22, owner_age - gap if owner_male else owner_age + gap)
            role = OccupancyRole.CO_OWNER if rng.random() < 0.75 else OccupancyRole.FAMILY
            members.append(self._member(male=not owner_male, age=spouse_age, role=role, relation="配偶",
                                        valid_from=since))
        husband = members[0] if owner_male else (members[1] if spouse_age is not None else None)
        family_surname = _surname_of(husband.name) if husband is not None else owner_surname
        mother_age = spouse_age if owner_male and spouse_age is not None else owner_age
        self._add_children(household, mother_age, family_surname, since)
        if rng.random() < (0.2 if owner_age <= 50 else 0.06):
            self._add_parents(household, owner_age, owner_surname, since)
        young_child = any(m.relation == "子女" and self._age(m) < 6 for m in members)
        frail_parent = any(m.relation == "父母" and self._age(m) >= 78 for m in members)
        if (young_child or frail_parent) and rng.random() < 0.15:
            members.append(self._member(male=False, age=rng.randint(40, 58), role=OccupancyRole.FAMILY,
                                        relation="保姆", valid_from=max(since, self._days_ago(30, 900))))
        self._add_cars(household, [0, 1] if spouse_age is not None else [0], weights=(0.45, 0.42, 0.13))
        self._owner_occupied_authorizations(household, since)
        return household

    def _age(self, member: Member) -> int:
        return age_on(member.birth, self.as_of)

    def _add_children(self, household: Household, mother_age: int, family_surname: str, since: date) -> None:
        rng = self.rng
        if mother_age < 26:
            weights = (0.7, 0.3, 0.0)
        elif mother_age <= 45:
            weights = (0.22, 0.5, 0.28)
        elif mother_age <= 60:
            weights = (0.5, 0.42, 0.08)
        else:
            weights = (0.78, 0.22, 0.0)
        count = rng.choices((0, 1, 2), weights=weights)[0]
        age = mother_age - rng.randint(23, 33)
        for _ in range(count):
            if age < 0:
                break
            surname = family_surname if rng.random() < 0.95 else None
            household.members.append(self._member(male=rng.random() < 0.52, age=age, role=OccupancyRole.FAMILY,
                                                  relation="子女", valid_from=since, surname=surname))
            age -= rng.randint(2, 8)

    def _add_parents(self, household: Household, owner_age: int, owner_surname: str, since: date) -> None:
        rng = self.rng
        father_age = owner_age + rng.randint(24, 34)
        mother_age = father_age - rng.randint(0, 4)
        both = rng.random() < 0.5
        if both or rng.random() < 0.4:
            if father_age <= 95:
                household.members.append(self._member(male=True, age=father_age, role=OccupancyRole.FAMILY,
                                                      relation="父母", valid_from=since, surname=owner_surname))
            if not both:
                return
        if mother_age <= 95:
            household.members.append(self._member(male=False, age=mother_age, role=OccupancyRole.FAMILY,
                                                  relation="父母", valid_from=since))

    def _add_cars(self, household: Household, holders: list[int], weights: tuple[float, ...]) -> None:
        count = self.rng.choices(range(len(weights)), weights=weights)[0]
        for index in range(count):
            plate, description = self._unique_vehicle()
            household.vehicles.append(PlannedVehicle(holders[index % len(holders)], plate, description))

    def _unique_vehicle(self) -> tuple[str, str]:
        plate, description = random_vehicle(self.rng)
        while plate in self._plates:
            plate, description = random_vehicle(self.rng)
        self._plates.add(plate)
        return plate, description

    def _owner_occupied_authorizations(self, household: Household, since: date) -> None:
        rng, members = self.rng, household.members
        if rng.random() < 0.03:
            adults = [i for i, m in enumerate(members)
                      if m.role == OccupancyRole.FAMILY and m.relation in ("配偶", "子女") and self._age(m) >= 18]
            if adults:
                start = max(since, self._days_ago(10, 500))
                household.authorizations.append(PlannedAuthorization(
                    0, rng.choice(adults), (AuthorizationScope.DECORATION, AuthorizationScope.RELEASE), start,
                    _add_years(start, 1), f"业主书面授权家属代办装修及放行手续（{start:%Y年%m月%d日}签署）"))
        if rng.random() < 0.015:
            self._add_agent(household, since)

    def _add_agent(self, household: Household, since: date) -> None:
        """An agent (代办人, e.g. a relative living elsewhere) the owner authorised with a signed letter."""
        rng = self.rng
        start = max(since, self._days_ago(10, 330))
        household.members.append(self._member(male=rng.random() < 0.5, age=rng.randint(28, 65), role=None,
                                              relation="", valid_from=start))
        scopes = (AuthorizationScope.FEES,) if rng.random() < 0.5 else (AuthorizationScope.FEES,
                                                                         AuthorizationScope.DECORATION)
        household.authorizations.append(PlannedAuthorization(
            0, len(household.members) - 1, scopes, start, _add_years(start, 1),
            f"授权委托书（业主签字，{start:%Y年%m月%d日}），已核对代办人身份证原件"))

    def _rented(self, handover: date) -> Household:
        rng, household = self.rng, Household()
        members = household.members
        since = self._ownership_start(handover)
        owner_male = rng.random() < 0.55
        owner_age = int(rng.triangular(30, 75, 48))
        members.append(self._member(male=owner_male, age=owner_age, role=OccupancyRole.OWNER, relation="本人",
                                    valid_from=since))
        if rng.random() < 0.25:
            gap = rng.randint(0, 4)
            members.append(self._member(male=not owner_male, age=owner_age - gap if owner_male else owner_age + gap,
                                        role=OccupancyRole.CO_OWNER, relation="配偶", valid_from=since))
        lease_years = 1 if rng.random() < 0.7 else 2
        lease_start = max(since, self._days_ago(0, 365 * lease_years - 15))
        lease_end = _add_years(lease_start, lease_years) - timedelta(days=1)
        tenant_index = len(members)
        tenant_male = rng.random() < 0.55
        tenant_age = rng.randint(22, 50)

        def tenant(male: bool, age: int, surname: str | None = None) -> None:
            members.append(self._member(male=male, age=age, role=OccupancyRole.TENANT, relation="租户",
                                        valid_from=lease_start, valid_to=lease_end, surname=surname))

        tenant(tenant_male, tenant_age)
        partner = rng.random() < 0.4
        if partner:
            tenant(not tenant_male, max(20, tenant_age + rng.randint(-3, 3)))
            if tenant_age >= 28 and rng.random() < 0.45:
                father = members[tenant_index] if tenant_male else members[tenant_index + 1]
                tenant(rng.random() < 0.52, rng.randint(0, tenant_age - 26), surname=_surname_of(father.name))
        elif rng.random() < 0.15:  # flat-share (合租)
            tenant(tenant_male, rng.randint(22, 35))
        self._add_cars(household, [tenant_index], weights=(0.7, 0.3))
        if rng.random() < 0.75:
            scopes = [AuthorizationScope.RELEASE, AuthorizationScope.CARD, AuthorizationScope.FEES]
            if rng.random() < 0.05:
                scopes.append(AuthorizationScope.DECORATION)
            household.authorizations.append(PlannedAuthorization(
                0, tenant_index, tuple(scopes), lease_start, lease_end,
                f"业主签字的租户授权书（{lease_start:%Y年%m月%d日}），已核对租赁合同及租户身份证"))
        if rng.random() < 0.2:
            self._add_agent(household, since)
        return household


def _surname_of(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
