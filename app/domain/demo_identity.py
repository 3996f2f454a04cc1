"""Synthetic but realistic identity data for the demo property (a Hangzhou estate): ID numbers with real
county region codes and valid GB 11643 checksums, mobile numbers on real carrier prefixes, vehicle plates
with provincial prefixes weighted like a Hangzhou car park, and car models."""

import random
from datetime import date, timedelta
from itertools import accumulate

from app.domain.idcard import make_id_number


def _weighted(groups: tuple[tuple[float, str], ...]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """(group weight, space-separated items) → items and cumulative weights (a group's weight is shared)."""
    items: list[str] = []
    weights: list[float] = []
    for weight, text in groups:
        members = text.split()
        items.extend(members)
        weights.extend([weight / len(members)] * len(members))
    return tuple(items), tuple(accumulate(weights))


# Birthplace region codes (county level, as printed in ID numbers; some are pre-reform codes still carried by
# older numbers). Residents of a Hangzhou estate: about half from Zhejiang, the rest mostly from the provinces
# that send the most people to Zhejiang.
_REGIONS, _REGION_CUM = _weighted((
    (34.0, "330102 330105 330106 330108 330109 330110 330111 330112 330122 330127 330182"),
    (21.0, "330203 330212 330281 330302 330382 330402 330481 330502 330521 330602 330681 330702 330782 "
           "330802 330902 331002 331081 331102"),
    (9.0, "340102 340104 340202 341202 341222 341602 340822 341125"),
    (6.0, "360102 361002 360721 360481 361121"),
    (5.0, "410102 411302 411623 411324 410322"),
    (5.0, "320102 320106 320506 320583 321302 320382"),
    (2.0, "310101 310104 310115"),
    (3.0, "420102 420106 421182 420881"),
    (3.0, "430102 430524 430682"),
    (3.0, "510104 511302 511321 510722"),
    (2.5, "370102 370202 371302 370883"),
    (2.0, "350102 350203 350583"),
    (1.5, "520102 522401"),
    (3.0, "110105 110108 440104 440305 500101 500103 610103 230102 210102 130102 140105 620102 450102 "
          "530102 220102 120101"),
))

# Carrier number blocks, weighted by market share: China Mobile, China Unicom, China Telecom.
_MOBILE_PREFIXES, _MOBILE_CUM = _weighted((
    (58.0, "134 135 136 137 138 139 147 150 151 152 157 158 159 178 182 183 184 187 188 198"),
    (21.0, "130 131 132 155 156 166 176 185 186"),
    (21.0, "133 153 173 177 180 181 189 191 199"),
))

_PLATE_PREFIXES, _PLATE_CUM = _weighted((
    (68.0, "浙A"),
    (2.0, "浙B"), (1.5, "浙C"), (2.0, "浙D"), (1.5, "浙E"), (1.5, "浙F"), (1.5, "浙G"), (0.5, "浙H"),
    (1.0, "浙J"), (0.5, "浙K"), (0.2, "浙L"),
    (3.0, "沪A 沪B"), (3.0, "苏A 苏E"), (3.0, "皖A 皖K"), (1.0, "赣A"), (2.0, "豫A 豫R"), (1.0, "鄂A"),
    (1.0, "湘A"), (1.0, "川A"), (0.8, "鲁B"), (0.7, "闽D"), (0.6, "京N"), (0.6, "粤B"), (0.5, "贵A"),
    (0.8, "渝A"),
))
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are never used on plates
_DIGITS = "0123456789"

_COLOURS = ("白色", "白色", "黑色", "黑色", "银色", "灰色", "蓝色", "红色")
_FUEL_MODELS = ("大众朗逸", "大众帕萨特", "丰田卡罗拉", "丰田凯美瑞", "本田雅阁", "本田思域", "日产轩逸", "别克英朗",
                "吉利帝豪", "长安CS75", "哈弗H6", "宝马3系", "奔驰C级", "奥迪A4L", "马自达CX-5", "五菱宏光")
_NEW_ENERGY_MODELS = ("比亚迪秦PLUS", "比亚迪宋PLUS", "特斯拉Model 3", "特斯拉Model Y", "理想L7", "蔚来ES6",
                      "小鹏P7", "问界M7", "小米SU7", "埃安Y")
NEW_ENERGY_SHARE = 0.28


def birth_for_age(rng: random.Random, as_of: date, age: int) -> date:
    """A birth date for someone who is ``age`` full years old on ``as_of``."""
    latest = _years_before(as_of, age)
    earliest = _years_before(as_of, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(birth: date, as_of: date) -> int:
    return as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))


def random_id_number(rng: random.Random, *, birth: date, male: bool) -> str:
    """A valid 18-character number; the sequence code's last digit is odd for men, even for women."""
    region = rng.choices(_REGIONS, cum_weights=_REGION_CUM)[0]
    return make_id_number(region, birth, rng.randrange(500) * 2 + (1 if male else 0))


def random_mobile(rng: random.Random) -> str:
    return rng.choices(_MOBILE_PREFIXES, cum_weights=_MOBILE_CUM)[0] + f"{rng.randrange(10**8):08d}"


def _ordinary_plate_body(rng: random.Random) -> str:
    chars = [rng.choice(_DIGITS) for _ in range(5)]
    shape = rng.random()
    if shape < 0.35:
        return "".join(chars)
    positions = [0] if shape < 0.65 else rng.sample(range(5), 1 if shape < 0.85 else 2)
    for position in positions:
        chars[position] = rng.choice(_PLATE_LETTERS)
    return "".join(chars)


def random_vehicle(rng: random.Random) -> tuple[str, str]:
    """(plate, description such as ``白色 大众朗逸``); new-energy cars get the 8-character green plate."""
    prefix = rng.choices(_PLATE_PREFIXES, cum_weights=_PLATE_CUM)[0]
    colour = rng.choice(_COLOURS)
    if rng.random() < NEW_ENERGY_SHARE:
        body = rng.choice("DF") + rng.choice(_PLATE_LETTERS + _DIGITS) + f"{rng.randrange(10**4):04d}"
        return prefix + body, f"{colour} {rng.choice(_NEW_ENERGY_MODELS)}"
    return prefix + _ordinary_plate_body(rng), f"{colour} {rng.choice(_FUEL_MODELS)}"
