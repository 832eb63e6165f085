import datetime

import pytest
from django.core.exceptions import ValidationError

from reports.choices import PeriodKind
from reports.periods import Period, parse_period

D = datetime.date
TODAY = D(2026, 11, 22)


def parse(**data):
    return parse_period(data, on=TODAY)


def errors_of(**data) -> dict:
    with pytest.raises(ValidationError) as info:
        parse(**data)
    return info.value.message_dict


def test_quarter_is_parsed_with_its_bounds_and_label():
    p = parse(period="quarter", year="2026", quarter="3")
    assert (p.start, p.end, p.kind) == (D(2026, 7, 1), D(2026, 9, 30), PeriodKind.QUARTER)
    assert p.label == "2026年第三季度"


def test_range_that_is_a_whole_quarter_is_recognised_as_that_quarter():
    p = parse(**{"from": "2026-01-01", "to": "2026-03-31"})
    assert p.kind == PeriodKind.QUARTER
    assert p.label == "2026年第一季度"


def test_year_to_date_runs_to_today_in_the_current_year_and_to_the_year_end_before():
    assert parse(period="ytd", year="2026") == Period(D(2026, 1, 1), TODAY, PeriodKind.YEAR_TO_DATE)
    past = parse(period="ytd", year="2025")
    assert (past.start, past.end) == (D(2025, 1, 1), D(2025, 12, 31))
    assert past.label == "2025年全年"
    assert parse(period="ytd", year="2026", to="2026-09-30").label == "2026年1—9月"


def test_plain_range_label_is_chinese():
    p = parse(**{"from": "2026-02-03", "to": "2026-05-10"})
    assert p.kind == PeriodKind.RANGE
    assert p.label == "2026年2月3日至2026年5月10日"


def test_inverted_range_is_refused_on_the_end_date():
    assert errors_of(**{"from": "2026-05-01", "to": "2026-04-30"}) == {"to": ["结束日期不能早于开始日期。"]}


def test_empty_period_is_refused_and_each_missing_date_named():
    assert "period" in errors_of()
    errors = errors_of(period="range")
    assert set(errors) == {"from", "to"}
    assert errors_of(**{"from": "2026-01-01"}) == {"to": ["请填写结束日期。"]}


def test_malformed_dates_and_numbers_are_refused_in_chinese():
    assert "YYYY-MM-DD" in errors_of(**{"from": "2026/01/01", "to": "2026-02-01"})["from"][0]
    assert errors_of(period="quarter", year="2026", quarter="5") == {"quarter": ["季度应为 1—4。"]}
    assert "year" in errors_of(period="quarter", year="abc", quarter="1")
    assert "period" in errors_of(period="week")


def test_future_periods_are_refused():
    assert "from" in errors_of(**{"from": "2027-01-01", "to": "2027-02-01"})
    assert "year" in errors_of(period="quarter", year="2027", quarter="1")


def test_current_quarter_is_allowed_even_though_it_has_not_ended():
    p = parse(period="quarter", year="2026", quarter="4")
    assert p.end == D(2026, 12, 31)
    assert p.as_of(TODAY) == TODAY


def test_default_is_used_only_when_nothing_is_given():
    default = Period.quarter(2026, 3)
    assert parse_period({}, default=default, on=TODAY) is default
    assert parse_period({"from": "2026-01-01", "to": "2026-01-31"}, default=default, on=TODAY) != default


def test_same_period_last_year_clamps_29_february():
    p = Period(D(2024, 2, 1), D(2024, 2, 29))
    last = p.same_period_last_year()
    assert (last.start, last.end) == (D(2023, 2, 1), D(2023, 2, 28))
    q = Period.quarter(2026, 2).same_period_last_year()
    assert (q.start, q.end, q.kind) == (D(2025, 4, 1), D(2025, 6, 30), PeriodKind.QUARTER)


def test_previous_quarter_wraps_to_last_year():
    p = Period.previous_quarter(D(2026, 1, 1))
    assert (p.start, p.end) == (D(2025, 10, 1), D(2025, 12, 31))
    assert Period.previous_quarter(D(2026, 7, 15)).label == "2026年第二季度"


def test_ranges_longer_than_ten_years_are_refused():
    assert "to" in errors_of(**{"from": "2001-01-01", "to": "2026-01-01"})
