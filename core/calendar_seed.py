"""Official holiday calendars from the ``chinesecalendar`` package (the State Council notices it has followed)."""

from __future__ import annotations

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def library_calendar() -> dict[int, list[tuple]]:
    """``{year: [(date, is_workday, name), ...]}`` for every year the package knows."""
    from chinese_calendar import constants

    years: dict[int, list[tuple]] = {}
    for day, holiday in constants.holidays.items():
        years.setdefault(day.year, []).append((day, False, HOLIDAY_NAMES.get(holiday, holiday)))
    for day, holiday in constants.workdays.items():
        years.setdefault(day.year, []).append((day, True, HOLIDAY_NAMES.get(holiday, holiday)))
    return years


def load_from_library(year_model, day_model, *, years: set[int] | None = None) -> list[int]:
    """Enter every year the package knows (or ``years``) that is not entered yet; returns the years added."""
    existing = set(year_model.objects.values_list("year", flat=True))
    added = []
    for year, days in sorted(library_calendar().items()):
        if year in existing or (years is not None and year not in years):
            continue
        year_model.objects.create(year=year, source="chinesecalendar", notice="国务院办公厅关于部分节假日安排的通知")
        day_model.objects.bulk_create(
            [day_model(date=d, is_workday=w, name=n) for d, w, n in sorted(days)], ignore_conflicts=True
        )
        added.append(year)
    return added
