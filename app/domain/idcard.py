"""Resident ID numbers (居民身份证号码) per GB 11643-1999, and masking per the privacy rules."""

import re
from datetime import date

from app.core.errors import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalize_id_number(text: str) -> str:
    return text.strip().replace(" ", "").upper()


def validate_id_number(text: str) -> str:
    """Return the normalized 18-character number or raise ValidationError saying what is wrong."""
    number = normalize_id_number(text)
    if not _SHAPE.match(number):
        raise ValidationError("身份证号应为18位（最后一位可为X）", "An ID number has 18 characters (the last may be X)")
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效", "The birth date inside the ID number is invalid") from None
    if number[:2] == "00":
        raise ValidationError("身份证号的地区码无效", "The region code of the ID number is invalid")
    if check_char(number[:17]) != number[17]:
        raise ValidationError("身份证号校验位不正确", "The ID number's check character is wrong")
    return number


def looks_like_id_number(text: str) -> bool:
    return bool(_SHAPE.match(normalize_id_number(text)))


def make_id_number(region: str, birth: date, sequence: int) -> str:
    """A well-formed number (valid checksum) for demo data; ``sequence`` is 0..999."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def mask_id_number(number: str) -> str:
    """First 3 and last 4 shown: ``110***********1234``."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
