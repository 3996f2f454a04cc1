"""Money: fen parsing and formatting, exact rounding, and amounts in Chinese capitals (大写)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import ValidationError
from app.domain.money import (
    Rounding,
    decimal_text,
    format_yuan,
    parse_decimal,
    round_fraction,
    round_to_fen,
    to_capital,
    yuan_to_fen,
)


@pytest.mark.parametrize(("fen", "capital"), [
    (0, "零元整"),
    (1, "壹分"),
    (10, "壹角整"),
    (11, "壹角壹分"),
    (100, "壹元整"),
    (101, "壹元零壹分"),  # 角 is zero but 分 is not: 零 after 元
    (110, "壹元壹角整"),
    (1000, "壹拾元整"),
    (10001, "壹佰元零壹分"),
    (100100, "壹仟零壹元整"),  # one 零 for the zeros inside the number
    (1000500, "壹万零伍元整"),
    (1001000, "壹万零壹拾元整"),
    (1010000, "壹万零壹佰元整"),
    (1100000, "壹万壹仟元整"),
    (12345, "壹佰贰拾叁元肆角伍分"),
    (1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
    (100000000, "壹佰万元整"),
    (10000000000, "壹亿元整"),
    (10000010000, "壹亿零壹佰元整"),
    (10001000000, "壹亿零壹万元整"),
    (100000010000, "壹拾亿零壹佰元整"),
    (-12345, "负壹佰贰拾叁元肆角伍分"),
    (-1, "负壹分"),
])
def test_amounts_in_capitals(fen, capital):
    assert to_capital(fen) == capital


@given(st.integers(min_value=0, max_value=10**14))
def test_capitals_never_double_a_zero_nor_end_on_one(fen):
    text = to_capital(fen)
    assert "零零" not in text
    assert not text.startswith("零") or fen == 0
    assert text.endswith(("整", "分"))
    assert ("整" in text) == (fen % 10 == 0)


@pytest.mark.parametrize(("text", "fen"), [("12.5", 1250), ("1,234.56", 123456), ("0.01", 1), ("  3 ", 300),
                                           ("1，000", 100000)])
def test_yuan_typed_by_a_clerk_parses_exactly(text, fen):
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize("text", ["1.234", "abc", "", "NaN", "inf"])
def test_bad_yuan_amounts_are_refused_in_chinese(text):
    with pytest.raises(ValidationError, match="金额"):
        yuan_to_fen(text)


def test_format_yuan():
    assert format_yuan(1234567) == "12,345.67"
    assert format_yuan(5, symbol=True) == "¥0.05"
    assert format_yuan(-150) == "-1.50"


@pytest.mark.parametrize(("value", "rounding", "fen"), [
    (Fraction(5, 2), Rounding.HALF_UP, 3),
    (Fraction(249999, 100000), Rounding.HALF_UP, 2),
    (Fraction(5, 2), Rounding.DOWN, 2),
    (Fraction(201, 100), Rounding.UP, 3),
    (Fraction(3), Rounding.UP, 3),
    (Fraction(-5, 2), Rounding.HALF_UP, -3),
])
def test_round_fraction_rules(value, rounding, fen):
    assert round_fraction(value, rounding) == fen


def test_round_to_fen_matches_the_fraction_rounding():
    assert round_to_fen(Decimal("22342.5")) == round_fraction(Fraction(446850, 20)) == 22343


def test_decimals_are_parsed_and_stored_exactly():
    assert parse_decimal("2.50", "单价", "price") == Decimal("2.5")
    assert decimal_text(Decimal("2.50")) == "2.5"
    assert decimal_text(Decimal("1E+3")) == "1000"
    assert decimal_text(Decimal("0.00001")) == "0.00001"
    with pytest.raises(ValidationError, match="单价不能为负数"):
        parse_decimal("-1", "单价", "price")
    with pytest.raises(ValidationError, match="最多6位小数"):
        parse_decimal("0.1234567", "单价", "price")
