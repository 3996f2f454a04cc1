"""Household roster files (住户名册): the columns, and the rules one row must satisfy on its own.

One row per person in a unit. A row without a person (no name, gender, role, relation, phone or ID) is the
unit alone: it registers the unit, and its plates are vehicles of the unit rather than of a person.
Areas are written in ㎡ with at most two decimals and kept as integer dm² (0.01 ㎡). The ID column holds a
resident ID number (GB 11643) as is, or another document's number after its kind: ``护照 E12345678``.
Rules that need other rows or the database (duplicates, areas of a unit agreeing) live in app.ops.roster.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core.errors import ValidationError
from app.domain.idcard import mask_id_number, normalize_id_number
from app.domain.names import validate_name
from app.domain.phone import validate_phone
from app.domain.plates import validate_plate
from app.domain.registry import OCCUPANCY_ROLE_BY_ZH, OCCUPANCY_ROLE_ZH, IdType, OccupancyRole
from app.domain.rooms import parse_unit_code

COLUMNS = ("房号", "建筑面积(㎡)", "套内面积(㎡)", "姓名", "性别", "身份", "与业主关系", "手机", "证件号码", "车牌")
MAX_AREA_DM2 = 10_000_00  # 10,000 ㎡, the limit registry.create_unit accepts
MAX_RELATION = 16
ROLE_ORDER = (OccupancyRole.OWNER, OccupancyRole.CO_OWNER, OccupancyRole.FAMILY, OccupancyRole.TENANT)

ID_KIND_LABELS = {
    IdType.PASSPORT: "护照",
    IdType.HK_MACAO: "港澳通行证",
    IdType.TAIWAN: "台胞证",
    IdType.OTHER: "其他证件",
}
_ID_KIND_BY_LABEL = {label: kind for kind, label in ID_KIND_LABELS.items()}
_ID_WITH_KIND = re.compile(rf"^({'|'.join(_ID_KIND_BY_LABEL)})\s*[:：]?\s*(.*)$")
_PLATE_SEPARATORS = re.compile(r"[；;,，、]+")  # not spaces: "沪A 12345" is one plate
_UNIT_SUFFIX = re.compile(r"\s*[（(]\s*(㎡|m²|m2|平方米)\s*[)）]\s*$", re.IGNORECASE)


def header_key(text: str) -> str:
    """A header cell compared loosely: ``建筑面积（㎡）`` and ``建筑面积`` both name the gross-area column."""
    return _UNIT_SUFFIX.sub("", str(text or "").strip()).replace(" ", "")


COLUMN_KEYS = tuple(header_key(column) for column in COLUMNS)


@dataclass(frozen=True)
class RosterRow:
    """One data row as read from the file: the text of each cell and the file line it came from."""

    line: int
    room: str = ""
    gross_area: str = ""
    indoor_area: str = ""
    name: str = ""
    gender: str = ""
    role: str = ""
    relation: str = ""
    phone: str = ""
    id_number: str = ""
    plates: str = ""

    @classmethod
    def from_cells(cls, line: int, cells: list[str]) -> "RosterRow":
        names = [f.name for f in fields(cls)][1:]
        padded = [str(c).strip() for c in cells[: len(names)]] + [""] * (len(names) - len(cells))
        return cls(line, *padded)

    def cells(self) -> list[str]:
        return [getattr(self, f.name) for f in fields(self)][1:]

    def is_blank(self) -> bool:
        return not any(self.cells())


@dataclass(frozen=True)
class RosterEntry:
    """A row that passed every rule of its own. ``sealed`` is whatever the caller's sealing function made
    of the ID number (the plain number is not kept); ``masked_id`` is for showing it."""

    line: int
    building: str
    entrance: str
    room: str
    gross_area_dm2: int | None  # None: the cell was empty
    indoor_area_dm2: int | None
    name: str = ""  # empty: a unit-only row
    gender: str = ""
    role: OccupancyRole | None = None
    relation: str = ""
    phone: str = ""
    id_kind: IdType | None = None
    masked_id: str = ""
    sealed: Any = None
    plates: tuple[str, ...] = ()

    @property
    def unit_code(self) -> str:
        return f"{self.building}-{self.entrance}-{self.room}"

    @property
    def has_person(self) -> bool:
        return bool(self.name)

    @property
    def role_label(self) -> str:
        return OCCUPANCY_ROLE_ZH[self.role] if self.role else ""


def parse_area(text: str) -> int | None:
    """``89.37`` → 8937 dm²; empty → None. Raises ValidationError for anything else."""
    text = _UNIT_SUFFIX.sub("", text.strip()).removesuffix("㎡").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"不是数字：{text}", f"Not a number: {text}") from None
    if not value.is_finite() or value < 0:
        raise ValidationError(f"面积不能为负数或非数字：{text}", f"Invalid area: {text}")
    hundredths = value * 100
    if hundredths != hundredths.to_integral_value():
        raise ValidationError(f"最多保留两位小数：{text}", f"At most two decimals: {text}")
    if hundredths > MAX_AREA_DM2:
        raise ValidationError(f"面积过大：{text}", f"Area too large: {text}")
    return int(hundredths)


def format_area(dm2: int) -> str:
    """8937 → ``89.37``; 0 (no area registered) → empty."""
    return f"{Decimal(dm2) / 100:.2f}" if dm2 else ""


def split_plates(text: str) -> list[str]:
    return [part.strip() for part in _PLATE_SEPARATORS.split(text) if part.strip()]


def join_plates(plates: list[str] | tuple[str, ...]) -> str:
    return "；".join(plates)


def parse_id_cell(text: str) -> tuple[IdType, str] | None:
    """The document kind and number in an ID cell, or None when it is empty. A masked number (as an
    export without unmasking writes it) cannot be imported and says so."""
    text = text.strip()
    if not text:
        return None
    if "*" in text:
        raise ValidationError("已脱敏（含*），无法导入；请填写完整号码或留空",
                              "is a masked number (contains *): fill in the full number or leave it empty")
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text):
        raise ValidationError("Excel 把号码存成了数字，后几位已丢失；请把该列设为“文本”后重新填写",
                              "was stored by Excel as a number and lost digits; format the column as text")
    match = _ID_WITH_KIND.match(text)
    if match:
        return _ID_KIND_BY_LABEL[match.group(1)], normalize_id_number(match.group(2))
    return IdType.RESIDENT, normalize_id_number(text)


def format_id_cell(kind: IdType, number: str) -> str:
    """The ID cell for a number (plain or masked) of the given document kind."""
    if not number:
        return ""
    return number if kind == IdType.RESIDENT else f"{ID_KIND_LABELS[kind]} {number}"


def _role(text: str) -> OccupancyRole:
    role = OCCUPANCY_ROLE_BY_ZH.get(text)
    if role is None:
        allowed = "、".join(OCCUPANCY_ROLE_ZH.values())
        raise ValidationError(f"无法识别“{text}”，应为{allowed}之一", f"Unknown role {text}")
    return role


Sealer = Callable[[IdType, str], Any]


def validate_row(row: RosterRow, seal: Sealer) -> tuple[RosterEntry | None, list[str]]:
    """Check one row on its own. Returns the entry, or None and every reason (each naming its column).
    ``seal(kind, number)`` validates the ID number (GB 11643 for resident IDs) and seals it."""
    reasons: list[str] = []
    values: dict[str, Any] = {}

    def check(column: str, key: str, parse: Callable[[], Any]) -> None:
        try:
            values[key] = parse()
        except ValidationError as err:
            reasons.append(err.zh if err.zh.startswith(column) else f"{column}：{err.zh}")

    check("房号", "room", lambda: parse_unit_code(row.room) if row.room else _missing("房号"))
    check("建筑面积", "gross", lambda: parse_area(row.gross_area))
    check("套内面积", "indoor", lambda: parse_area(row.indoor_area))
    gross, indoor = values.get("gross"), values.get("indoor")
    if gross is not None and indoor is not None and indoor > gross:
        reasons.append("套内面积：不能大于建筑面积")
    if row.name or any((row.gender, row.role, row.relation, row.phone, row.id_number)):
        check("姓名", "name", lambda: validate_name(row.name) if row.name else _missing("姓名"))
        check("性别", "gender", lambda: _gender(row.gender))
        check("身份", "role", lambda: _role(row.role) if row.role else _missing("身份"))
        check("与业主关系", "relation", lambda: _relation(row.relation))
        check("手机", "phone", lambda: validate_phone(row.phone) if row.phone else "")
        check("证件号码", "id", lambda: _sealed_id(row.id_number, seal))
    check("车牌", "plates", lambda: _plates(row.plates))
    if reasons:
        return None, reasons
    room = values["room"]
    person: dict[str, Any] = {}
    if "name" in values:
        kind, masked, sealed = values["id"]
        person = {"name": values["name"], "gender": values["gender"], "role": values["role"],
                  "relation": values["relation"], "phone": values["phone"], "id_kind": kind, "masked_id": masked,
                  "sealed": sealed}
    return RosterEntry(row.line, room.building, room.entrance, room.room, values["gross"], values["indoor"],
                       plates=values["plates"], **person), []


def _missing(column: str):
    raise ValidationError("不能为空", f"{column} is required")


def _gender(text: str) -> str:
    if text not in ("", "男", "女"):
        raise ValidationError(f"应为“男”“女”或留空，不是“{text}”", "Gender must be 男, 女 or empty")
    return text


def _relation(text: str) -> str:
    if len(text) > MAX_RELATION:
        raise ValidationError(f"不能超过{MAX_RELATION}个字", f"At most {MAX_RELATION} characters")
    return text


def _sealed_id(text: str, seal: Sealer) -> tuple[IdType | None, str, Any]:
    parsed = parse_id_cell(text)
    if parsed is None:
        return None, "", None
    kind, number = parsed
    return kind, mask_id_number(number), seal(kind, number)


def _plates(text: str) -> tuple[str, ...]:
    plates: list[str] = []
    for part in split_plates(text):
        try:
            plate = validate_plate(part)
        except ValidationError as err:
            raise ValidationError(f"“{part}”{err.zh}", err.en) from None
        if plate in plates:
            raise ValidationError(f"“{plate}”重复填写", f"Plate {plate} given twice") from None
        plates.append(plate)
    return tuple(plates)
