"""Money: integer fen (分) end to end; rates are Decimal; rounding is explicit.

``to_capital`` writes an amount in Chinese capital numerals (大写) following the conventions of the People's
Bank of China payment-settlement rules: one 零 for a run of zeros inside the number, 零 after 元 when 角 is zero but
分 is not, and 整 after 元 or 角 when nothing smaller follows.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

from app.core.errors import ValidationError

FEN_PER_YUAN = 100
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")


class Rounding(StrEnum):
    """How a computed amount becomes whole fen; stated per fee formula."""

    HALF_UP = "half_up"  # 四舍五入到分
    DOWN = "down"  # 舍去分以下
    UP = "up"  # 进位到分

    @property
    def decimal_mode(self) -> str:
        return {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_UP}[self.value]

    @property
    def label_zh(self) -> str:
        return ROUNDING_ZH[self]


ROUNDING_ZH = {Rounding.HALF_UP: "四舍五入到分", Rounding.DOWN: "舍去分以下", Rounding.UP: "分以下进位"}


def round_to_fen(amount_fen: Decimal, rounding: Rounding = Rounding.HALF_UP) -> int:
    """A Decimal amount in fen → whole fen."""
    return int(amount_fen.quantize(Decimal(1), rounding=rounding.decimal_mode))


def round_fraction(amount_fen: Fraction, rounding: Rounding = Rounding.HALF_UP) -> int:
    """An exact rational amount in fen → whole fen. Amounts here are never negative except refunds, which are
    computed as positive amounts and stored with their kind, so HALF_UP means "ties away from zero"."""
    sign = -1 if amount_fen < 0 else 1
    magnitude = abs(amount_fen)
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if rest == 0:
        return sign * whole
    if rounding is Rounding.DOWN:
        return sign * whole
    if rounding is Rounding.UP:
        return sign * (whole + 1)
    return sign * (whole + 1 if 2 * rest >= magnitude.denominator else whole)


def parse_decimal(text: str | Decimal | int, what_zh: str, what_en: str, *, max_places: int = 6,
                  allow_negative: bool = False) -> Decimal:
    """A rate, unit price or meter reading typed by a clerk, exactly (stored as TEXT, never as a float)."""
    try:
        value = Decimal(str(text).replace(",", "").replace("，", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{what_zh}格式不正确：{text}", f"Invalid {what_en}: {text}") from None
    if not value.is_finite():
        raise ValidationError(f"{what_zh}格式不正确：{text}", f"Invalid {what_en}: {text}")
    if value.as_tuple().exponent < -max_places:
        raise ValidationError(f"{what_zh}最多{max_places}位小数：{text}",
                              f"{what_en} has at most {max_places} decimals: {text}")
    if value < 0 and not allow_negative:
        raise ValidationError(f"{what_zh}不能为负数：{text}", f"{what_en} cannot be negative: {text}")
    return value.normalize() if value != 0 else Decimal(0)


def decimal_text(value: Decimal) -> str:
    """The TEXT form stored for a Decimal: plain notation, no exponent ("0.00001", "1200")."""
    return format(value.normalize(), "f") if value != 0 else "0"


def yuan_to_fen(text: str | Decimal | int) -> int:
    """Parse a yuan amount typed by a clerk ("12.5", "1,234.56") exactly; more than 2 decimals is an error."""
    try:
        value = Decimal(str(text).replace(",", "").replace("，", "").strip() or "x")
    except (ArithmeticError, ValueError):
        raise ValidationError(f"金额格式不正确：{text}", f"Invalid amount: {text}") from None
    if not value.is_finite() or value.as_tuple().exponent < -2:
        raise ValidationError(f"金额最多两位小数：{text}", f"Amounts have at most 2 decimals: {text}")
    return int(value * FEN_PER_YUAN)


def format_yuan(fen: int, *, symbol: bool = False) -> str:
    """12345 → "123.45" (with thousands separators: 1234567 → "12,345.67")."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{cents:02d}"


def _group_to_capital(group: int) -> str:
    """0 < group < 10000 → e.g. 1005 → 壹仟零伍, 1010 → 壹仟零壹拾."""
    text, zero_pending = "", False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def _yuan_to_capital(yuan: int) -> str:
    groups = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    if len(groups) > len(_GROUP_UNITS):
        raise ValidationError("金额过大", "Amount too large")
    text, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _group_to_capital(group) + _GROUP_UNITS[index]
        zero_pending = False
    return text


def to_capital(fen: int) -> str:
    """Amount in 大写: 12345 → 壹佰贰拾叁元肆角伍分; 1000 → 壹拾元整; 0 → 零元整; negative → 负…."""
    if fen < 0:
        return "负" + to_capital(-fen)
    yuan, rest = divmod(fen, FEN_PER_YUAN)
    jiao, fen_digit = divmod(rest, 10)
    text = _yuan_to_capital(yuan) + "元" if yuan else ""
    if jiao == 0 and fen_digit == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen_digit:
        return text + _DIGITS[fen_digit] + "分"
    return text + "整"
