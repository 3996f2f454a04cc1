"""Phone numbers: mainland mobiles (11 digits) and landlines with area code; masking for print."""

import re

from app.core.errors import ValidationError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


def normalize_phone(text: str) -> str:
    digits = re.sub(r"[\s\-()（）]", "", text.strip())
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def validate_phone(text: str) -> str:
    phone = normalize_phone(text)
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return phone
    raise ValidationError(
        "电话号码格式不正确（手机11位，座机需带区号）",
        "Invalid phone number (mobiles have 11 digits; landlines need the area code)",
    )


def mask_phone(phone: str) -> str:
    """``138****5678``: first 3 and last 4 kept."""
    if len(phone) < 8:
        return phone[:1] + "*" * (len(phone) - 1)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
