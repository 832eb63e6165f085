"""The working-day calendar of the People's Republic of China, kept in the database.

Deadlines are counted as DOMAIN §8 says (the day of the event is not counted). A year is
*published* once its State Council holiday notice is entered (:class:`core.models.CalendarYear`);
an unpublished year falls back to weekends plus the fixed-date statutory holidays, and
deadlines in it are provisional (暂按) until the year is entered, when :func:`recompute`
runs the hooks apps registered with :func:`register_recompute`.

Every web and worker process keeps a copy of the (small) table in memory, checked against a
version number in the shared cache, so an entry made in one process reaches all of them.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.cache import cache

VERSION_KEY = "qingfeng:calendar:version"
RECHECK_SECONDS = 2.0

# Statutory holidays on fixed solar dates (《全国年节及纪念日放假办法》, as amended in 2024):
# used for a year whose notice is not entered yet. The lunar holidays cannot be guessed safely.
FIXED_HOLIDAYS: dict[tuple[int, int], str] = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}


@dataclass
class _Table:
    version: object = None
    checked_at: float = 0.0
    years: frozenset[int] = frozenset()
    days: dict[datetime.date, tuple[bool, str]] = field(default_factory=dict)


_local = _Table()
_recompute_hooks: list[Callable[[set[int]], None]] = []


def bump_version() -> None:
    """Tell every process that the calendar changed (call after a commit that changed it)."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    _local.version = None


def _table() -> _Table:
    global _local
    now = time.monotonic()
    if _local.version is not None and now - _local.checked_at < RECHECK_SECONDS:
        return _local
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    if version == _local.version:
        _local.checked_at = now
        return _local
    from .models import CalendarDay, CalendarYear

    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    days = {d: (w, n) for d, w, n in CalendarDay.objects.values_list("date", "is_workday", "name")}
    _local = _Table(version=version, checked_at=now, years=years, days=days)
    return _local


def reset() -> None:
    """Forget this process's copy (tests roll the tables back under it)."""
    _local.version = None


def year_is_published(year: int) -> bool:
    return year in _table().years


def is_provisional(day: datetime.date | None) -> bool:
    """True when ``day`` lies in a year whose official calendar is not entered yet."""
    return day is not None and not year_is_published(day.year)


def holiday_name(day: datetime.date) -> str:
    """The holiday ``day`` belongs to ("" for an ordinary day or a make-up workday)."""
    table = _table()
    if day.year in table.years:
        workday, name = table.days.get(day, (True, ""))
        return "" if workday else name
    return FIXED_HOLIDAYS.get((day.month, day.day), "")


def is_workday(day: datetime.date) -> bool:
    table = _table()
    if day.year in table.years:
        entry = table.days.get(day)
        if entry is not None:
            return entry[0]
    elif (day.month, day.day) in FIXED_HOLIDAYS:
        return False
    return day.weekday() < 5


def next_workday(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_workday(day):
        if day == datetime.date.max:
            return day
        day += datetime.timedelta(days=1)
    return day


def add_workdays(start: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted)."""
    day, step = start, (1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_workday(day):
            remaining -= 1
    return day


def add_days(start: datetime.date, n: int) -> datetime.date:
    """``n`` calendar days after ``start``; a deadline on a rest day moves to the next working day."""
    return next_workday(start + datetime.timedelta(days=n))


def add_months(start: datetime.date, n: int) -> datetime.date:
    """The same-numbered day ``n`` months later, or that month's last day (2024-08-31 + 6 → 2025-02-28)."""
    index = start.month - 1 + n
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, stdlib_calendar.monthrange(year, month)[1]))


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end == start:
        return 0
    sign, low, high = (1, start, end) if end > start else (-1, end, start)
    count, day = 0, low
    while day < high:
        day += datetime.timedelta(days=1)
        count += is_workday(day)
    return sign * count


def register_recompute(hook: Callable[[set[int]], None]) -> Callable[[set[int]], None]:
    """Register ``hook(years)``, called to recompute open deadlines when those years' calendar changes."""
    if hook not in _recompute_hooks:
        _recompute_hooks.append(hook)
    return hook


def recompute(years: Iterable[int]) -> None:
    years = set(years)
    reset()
    for hook in _recompute_hooks:
        hook(years)
