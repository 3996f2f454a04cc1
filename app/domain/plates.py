"""Mainland vehicle plates: 7 characters, or 8 for new-energy plates."""

import re

from app.core.errors import ValidationError

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PLATE = re.compile(rf"^[{_PROVINCES}][A-Z][A-Z0-9]{{4,5}}[A-Z0-9挂学警港澳]$")


def normalize_plate(text: str) -> str:
    return re.sub(r"[\s·•\-.]", "", text.strip()).upper()


def validate_plate(text: str) -> str:
    plate = normalize_plate(text)
    if not _PLATE.match(plate):
        raise ValidationError("车牌号格式不正确（如 京A12345 或 京AD12345）", "Invalid plate number (e.g. 京A12345)")
    return plate
