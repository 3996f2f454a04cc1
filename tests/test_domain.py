"""Pure rules: ID numbers (GB 11643), phones, plates, room codes, masking, pinyin initials."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import ValidationError
from app.domain.idcard import make_id_number, mask_id_number, validate_id_number
from app.domain.names import name_initials, validate_name
from app.domain.phone import mask_phone, validate_phone
from app.domain.plates import validate_plate
from app.domain.rooms import RoomQuery, parse_room, parse_unit_code


def test_the_standards_example_id_number_passes():
    # The sample number printed in GB 11643-1999 (check character X).
    assert validate_id_number("11010519491231002X") == "11010519491231002X"


def test_lowercase_x_and_spaces_are_normalised():
    assert validate_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize("bad, reason", [
    ("110105194912310021", "校验位"),          # wrong check character
    ("11010519491331002X", "出生日期"),        # month 13
    ("1101051949123100", "18位"),             # too short
    ("00010519491231002X", "地区码"),
    ("11010519491231002Y", "18位"),
])
def test_bad_id_numbers_are_refused_with_their_reason(bad, reason):
    with pytest.raises(ValidationError) as err:
        validate_id_number(bad)
    assert reason in str(err.value)


@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)), st.integers(0, 999))
def test_generated_id_numbers_always_validate(birth, seq):
    number = make_id_number("330106", birth, seq)
    assert validate_id_number(number) == number


@given(st.integers(0, 16))
def test_changing_any_digit_breaks_the_checksum(position):
    number = "11010519491231002X"
    digit = number[position]
    altered = number[:position] + str((int(digit) + 1) % 10) + number[position + 1:]
    with pytest.raises(ValidationError):
        validate_id_number(altered)


def test_masking_keeps_first_three_and_last_four():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize("raw, expected", [
    ("138 1234 5678", "13812345678"), ("+86 13812345678", "13812345678"), ("010-62345678", "01062345678"),
    ("0755-1234567", "07551234567"),
])
def test_phones_normalise(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize("bad", ["12812345678", "1381234567", "138123456789", "62345678", "abc"])
def test_bad_phones_are_refused(bad):
    with pytest.raises(ValidationError, match="电话号码格式不正确"):
        validate_phone(bad)


@pytest.mark.parametrize("raw, expected", [("京a·12345", "京A12345"), ("粤B D12345", "粤BD12345")])
def test_plates_normalise(raw, expected):
    assert validate_plate(raw) == expected


@pytest.mark.parametrize("bad", ["A12345", "京12345", "京A1234", "京A1234567"])
def test_bad_plates_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_plate(bad)


@pytest.mark.parametrize("text", ["3-2-1501", "3栋2单元1501", "03-02-1501", "3号楼2单元1501室", "3幢2单元1501",
                                  "3/2/1501", " 3 - 2 - 1501 ", "3#2-1501"])
def test_room_forms_parse_to_one_code(text):
    query = parse_room(text)
    assert query == RoomQuery("3", "2", "1501")
    assert query.code == "3-2-1501"


@pytest.mark.parametrize("text, expected", [
    ("1501", RoomQuery(None, None, "1501")),
    ("3-1501", RoomQuery("3", None, "1501")),
    ("3栋", RoomQuery("3", None, None)),
    ("A座2单元0801", RoomQuery("A", "2", "801")),
])
def test_partial_rooms(text, expected):
    assert parse_room(text) == expected


@pytest.mark.parametrize("text", ["张三", "zs", "13812345678", "3-2", "", "3-2-15"])
def test_non_rooms_are_not_rooms(text):
    assert parse_room(text) is None


def test_import_needs_a_full_room_code():
    with pytest.raises(ValidationError, match="房号格式无法识别"):
        parse_unit_code("1501")


@pytest.mark.parametrize("name, initials", [("张三", "zs"), ("欧阳修", "oyx"), ("司马懿", "smy"), ("单雄信", "sxx"),
                                            ("曾国藩", "zgf")])
def test_initials_put_the_likely_reading_first(name, initials):
    assert name_initials(name)[0] == initials


def test_polyphones_give_every_reading():
    assert {"ll", "ly"} <= set(name_initials("李乐"))


@pytest.mark.parametrize("bad", ["", "   ", "张3", "x" * 31])
def test_bad_names_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_name(bad)


def test_names_may_hold_a_middle_dot():
    assert validate_name(" 买买提·艾力 ") == "买买提·艾力"
