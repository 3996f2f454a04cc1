"""Room codes. The canonical code is ``building-entrance-room`` (``3-2-1501``); clerks type it many ways.

Accepted: ``3-2-1501``, ``03-02-1501``, ``3/2/1501``, ``3栋2单元1501``, ``3号楼2单元1501室``, ``3幢2单元1501``,
``A座2单元1501``, ``3-1501`` (building and room), ``1501`` (room only), ``3栋`` (a building).
"""

import re
from dataclasses import dataclass

from app.core.errors import ValidationError

_BUILDING = r"(?P<b>[0-9]{1,3}|[A-Za-z][0-9]{0,2})"
_ENTRANCE = r"(?P<e>[0-9]{1,2})"
_ROOM = r"(?P<r>[0-9]{3,5})"
_SEP = r"\s*[-—–/\\#]\s*"

_PATTERNS = (
    re.compile(rf"^{_BUILDING}{_SEP}{_ENTRANCE}{_SEP}{_ROOM}$"),
    re.compile(rf"^{_BUILDING}\s*(?:栋|幢|号楼|座|楼|#)\s*{_ENTRANCE}\s*(?:单元|门|-)\s*{_ROOM}\s*(?:室|号)?$"),
    re.compile(rf"^{_BUILDING}{_SEP}{_ROOM}$"),
    re.compile(rf"^{_BUILDING}\s*(?:栋|幢|号楼|座|楼|#)\s*{_ROOM}\s*(?:室|号)?$"),
    re.compile(rf"^{_ROOM}\s*(?:室|号)?$"),
    re.compile(rf"^{_BUILDING}\s*(?:栋|幢|号楼|座)$"),
)


@dataclass(frozen=True)
class RoomQuery:
    """A possibly partial room reference; ``None`` parts match anything."""

    building: str | None = None
    entrance: str | None = None
    room: str | None = None

    @property
    def is_complete(self) -> bool:
        return None not in (self.building, self.entrance, self.room)

    @property
    def code(self) -> str:
        return unit_code(self.building or "", self.entrance or "", self.room or "")


def _norm_part(part: str | None) -> str | None:
    if part is None:
        return None
    part = part.upper()
    if part.isdigit():
        return str(int(part))
    return part[0] + (str(int(part[1:])) if part[1:] else "")


def parse_room(text: str) -> RoomQuery | None:
    """The room the text names, or None when it does not look like a room at all."""
    text = text.strip()
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            return RoomQuery(_norm_part(groups.get("b")), _norm_part(groups.get("e")), _norm_part(groups.get("r")))
    return None


def unit_code(building: str, entrance: str, room: str) -> str:
    return f"{building}-{entrance}-{room}"


def parse_unit_code(text: str) -> RoomQuery:
    """A full code (all three parts) as needed by imports; raises ValidationError otherwise."""
    query = parse_room(text)
    if query is None or not query.is_complete:
        raise ValidationError(
            f"房号格式无法识别：{text}（应为 楼栋-单元-房号，如 3-2-1501）",
            f"Unknown room format: {text} (expected building-entrance-room, e.g. 3-2-1501)",
        )
    return query


def floor_of(room: str) -> int:
    """Floor from the room number: ``1501`` → 15, ``302`` → 3."""
    digits = int(room)
    return digits // 100 if digits >= 100 else digits
