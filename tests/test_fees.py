"""Fee formulas to the fen, periods and proration, late fees, meter usage, receipt numbers, the QR check and
the tender rule — the pure rules of the cashier."""

import uuid
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from app.core.errors import ValidationError
from app.domain.fees import (
    AreaBasis,
    FeeRule,
    Formula,
    LateFeeRule,
    Period,
    Proration,
    first_period,
    meter_usage,
    periods_due,
)
from app.domain.money import Rounding
from app.domain.payments import Tender, TenderMethod, check_tenders
from app.domain.receipts import (
    CounterKind,
    format_receipt_no,
    make_receipt_qr,
    mask_payer_name,
    parse_receipt_no,
    verify_receipt_qr,
)

MONTH = Fraction(1)


def area_rule(price="2.5", rounding=Rounding.HALF_UP, surcharge="0", basis=AreaBasis.GROSS):
    return FeeRule(Formula.AREA, Decimal(price), rounding, Decimal(surcharge), basis)


@pytest.mark.parametrize(("rounding", "fen"), [(Rounding.HALF_UP, 22343), (Rounding.DOWN, 22342),
                                               (Rounding.UP, 22343)])
def test_area_times_price_on_an_exact_half_fen(rounding, fen):
    # 89.37 m² × 2.50 元/㎡·月 = 223.425 元: the tie sits exactly on half a fen
    assert area_rule(rounding=rounding).area_amount(8937, MONTH) == fen


@pytest.mark.parametrize(("rounding", "fen"), [(Rounding.HALF_UP, 19902), (Rounding.DOWN, 19901),
                                               (Rounding.UP, 19902)])
def test_area_times_price_below_and_above_half(rounding, fen):
    assert area_rule("1.99", rounding).area_amount(10001, MONTH) == fen  # 100.01 × 1.99 = 199.0199


def test_rounding_happens_once_per_line_not_per_month():
    quarterly = Period(date(2026, 1, 1), date(2026, 4, 1), Fraction(3))
    amount = area_rule().period_amount(quarterly, gross_area_dm2=8937, indoor_area_dm2=0)
    assert amount == 67028  # 670.275 → 670.28; three monthly lines would be 3 × 223.43 = 670.29


def test_surcharge_and_indoor_area():
    assert area_rule(surcharge="0.3").area_amount(8937, MONTH) == 25024  # 89.37 × 2.80 = 250.236
    indoor = area_rule(basis=AreaBasis.INDOOR)
    period = Period(date(2026, 1, 1), date(2026, 2, 1), MONTH)
    assert indoor.period_amount(period, gross_area_dm2=8937, indoor_area_dm2=7512) == 18780  # 75.12 × 2.5
    assert indoor.period_quantity(gross_area_dm2=8937, indoor_area_dm2=7512) == Decimal("75.12")


def test_fixed_usage_and_meter_amounts():
    fixed = FeeRule(Formula.FIXED, Decimal("30"))
    assert fixed.period_amount(Period(date(2026, 1, 1), date(2026, 4, 1), Fraction(3)),
                               gross_area_dm2=0, indoor_area_dm2=0) == 9000
    water = FeeRule(Formula.METER, Decimal("4.2"))
    assert water.quantity_amount(Decimal("12.5")) == 5250
    electricity = FeeRule(Formula.USAGE, Decimal("0.5683"), Rounding.DOWN)
    assert electricity.quantity_amount(Decimal("123.4")) == 7012  # 70.12822 → 70.12
    with pytest.raises(ValidationError):
        water.period_amount(Period(date(2026, 1, 1), date(2026, 2, 1), MONTH), gross_area_dm2=1, indoor_area_dm2=1)


def test_cutoff_proration_bills_the_whole_month_up_to_the_cutoff_day():
    on_cutoff = first_period(date(2026, 11, 15), 1, Proration.CUTOFF, 15)
    after = first_period(date(2026, 11, 16), 1, Proration.CUTOFF, 15)
    assert (on_cutoff.start, on_cutoff.end, on_cutoff.months) == (date(2026, 11, 1), date(2026, 12, 1), 1)
    assert (after.start, after.end, after.months) == (date(2026, 12, 1), date(2027, 1, 1), 1)
    assert on_cutoff.label == "2026-11"


def test_daily_proration_bills_the_remaining_days_of_the_first_month():
    period = first_period(date(2026, 11, 20), 1, Proration.DAILY, 15)
    assert period.months == Fraction(11, 30)  # 20th..30th of November, start day included
    assert area_rule().period_amount(period, gross_area_dm2=8937, indoor_area_dm2=0) == 8192  # 81.9225
    assert period.label == "2026-11-20至2026-11-30"
    leap = first_period(date(2028, 2, 10), 1, Proration.DAILY, 15)
    assert leap.months == Fraction(20, 29)
    quarter = first_period(date(2026, 11, 20), 3, Proration.DAILY, 15)
    assert (quarter.end, quarter.months) == (date(2027, 2, 1), Fraction(11, 30) + 2)
    assert quarter.label == "2026-11-20至2027-01-31"


def test_periods_run_on_from_the_last_charged_period_without_a_gap():
    first = periods_due(date(2026, 6, 10), None, date(2026, 9, 30), 1, Proration.CUTOFF, 15)
    assert [p.start for p in first] == [date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)]
    later = periods_due(date(2026, 6, 10), first[-1].end, date(2026, 12, 1), 1, Proration.CUTOFF, 15)
    assert [p.start for p in later] == [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
    assert all(a.end == b.start for a, b in zip(first + later, (first + later)[1:], strict=False))
    quarterly = periods_due(date(2026, 1, 1), None, date(2026, 12, 31), 3, Proration.CUTOFF, 15)
    assert [p.label for p in quarterly] == ["2026-01至2026-03", "2026-04至2026-06", "2026-07至2026-09",
                                            "2026-10至2026-12"]
    ended = periods_due(date(2026, 1, 1), None, date(2026, 12, 31), 1, Proration.CUTOFF, 15, date(2026, 3, 15))
    assert [p.start.month for p in ended] == [1, 2, 3]
    assert periods_due(date(2026, 6, 1), None, date(2026, 5, 31), 1, Proration.CUTOFF, 15) == []


def test_late_fee_days_grace_and_cap():
    rule = LateFeeRule(Decimal("0.0005"))
    assert rule.fee(22343, date(2026, 7, 1), date(2026, 7, 31)) == 335  # 30 days: 335.145 fen
    assert rule.fee(22343, date(2026, 7, 1), date(2026, 7, 1)) == 0
    graced = LateFeeRule(Decimal("0.0005"), grace_days=10)
    assert graced.days_overdue(date(2026, 7, 1), date(2026, 7, 11)) == 0
    assert graced.fee(22343, date(2026, 7, 1), date(2026, 7, 31)) == 223  # 20 days: 223.43 fen
    capped = LateFeeRule(Decimal("0.0005"), cap_ratio=Decimal("0.1"))
    assert capped.fee(22343, date(2026, 7, 1), date(2028, 7, 1)) == 2234  # cap 2234.3 rounded down
    assert LateFeeRule(Decimal("0.0005")).fee(22343, date(2026, 7, 1), date(2028, 7, 1)) == 8166  # 731 days: 8166.37


def test_meter_usage_refuses_a_lower_reading_unless_the_meter_was_changed():
    assert meter_usage(Decimal("120.5"), Decimal("133")) == Decimal("12.5")
    with pytest.raises(ValidationError, match="换表"):
        meter_usage(Decimal("120.5"), Decimal("3"))
    assert meter_usage(Decimal("120.5"), Decimal("3"), meter_changed=True) == Decimal("3")
    assert meter_usage(Decimal("120.5"), Decimal("3"), meter_changed=True, old_meter_final=Decimal("125"),
                       new_meter_start=Decimal("1")) == Decimal("6.5")
    with pytest.raises(ValidationError):
        meter_usage(Decimal("120.5"), Decimal("3"), meter_changed=True, old_meter_final=Decimal("100"))


def test_receipt_numbers_format_and_parse():
    assert format_receipt_no("CHHY", "T03", 2026, 42) == "CHHY-T03-2026-000042"
    refund = format_receipt_no("CHHY", "T03", 2026, 7, CounterKind.REFUND)
    assert refund == "CHHY-T03-2026-R000007"
    parsed = parse_receipt_no(refund)
    assert (parsed.terminal_code, parsed.year, parsed.seq, parsed.kind) == ("T03", 2026, 7, CounterKind.REFUND)
    assert parse_receipt_no("CHHY-T03-2026-1000000").seq == 1_000_000
    with pytest.raises(ValidationError):
        parse_receipt_no("CHHY-2026-000042")


KEY = bytes(range(32))


def test_a_genuine_receipt_qr_verifies():
    receipt_id = uuid.uuid4()
    check = verify_receipt_qr(make_receipt_qr(receipt_id, "CHHY-T03-2026-000042", 44686, KEY), KEY)
    assert check.ok and check.receipt_id == receipt_id and check.amount_fen == 44686
    assert check.receipt_no == "CHHY-T03-2026-000042"


@pytest.mark.parametrize("tamper", [
    lambda t: t.replace("|44686|", "|94686|"),  # the amount
    lambda t: t.replace("000042", "000043"),  # the number
    lambda t: t[:10] + ("0" if t[10] != "0" else "1") + t[11:],  # the receipt id
    lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),  # the check value
])
def test_a_tampered_receipt_qr_fails(tamper):
    genuine = make_receipt_qr(uuid.uuid4(), "CHHY-T03-2026-000042", 44686, KEY)
    forged = tamper(genuine)
    assert forged != genuine
    check = verify_receipt_qr(forged, KEY)
    assert not check.ok and check.reason


def test_a_receipt_qr_from_another_key_or_not_ours_fails():
    text = make_receipt_qr(uuid.uuid4(), "CHHY-T03-2026-000042", 100, KEY)
    assert not verify_receipt_qr(text, bytes(32)).ok
    assert verify_receipt_qr("https://example.com", KEY).reason == "不是本系统的收据二维码"
    assert not verify_receipt_qr("FDR1|x|y|z|w", KEY).ok


def test_tenders_add_up_exactly_with_change_from_cash_only():
    assert check_tenders(44686, [Tender(TenderMethod.CASH, 20000, 50000),
                                 Tender(TenderMethod.WECHAT, 24686)]) == 30000
    with pytest.raises(ValidationError, match="不符"):
        check_tenders(44686, [Tender(TenderMethod.WECHAT, 44685)])
    with pytest.raises(ValidationError, match="少于"):
        check_tenders(100, [Tender(TenderMethod.CASH, 100, 50)])
    with pytest.raises(ValidationError, match="不能找零"):
        check_tenders(100, [Tender(TenderMethod.WECHAT, 100, 200)])
    with pytest.raises(ValidationError, match="参考号"):
        check_tenders(100, [Tender(TenderMethod.CARD, 100)])
    with pytest.raises(ValidationError, match="只能有一行"):
        check_tenders(200, [Tender(TenderMethod.CASH, 100), Tender(TenderMethod.CASH, 100)])
    with pytest.raises(ValidationError):
        check_tenders(0, [Tender(TenderMethod.CASH, 0)])


def test_payer_names_are_masked_on_receipts():
    assert [mask_payer_name(n) for n in ("张三", "张三丰", "欧阳修", "司马相如", "李")] == \
        ["张*", "张*丰", "欧*修", "司**如", "李"]
