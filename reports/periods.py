"""Statistics periods: a quarter, a year to date, or any date range (DOMAIN.md §6).

A period is a closed date interval ``[start, end]``. Parsing accepts either the kind
with its parts (``period=quarter&year=2026&quarter=3``, ``period=ytd&year=2026``) or
a plain range (``from=2026-07-01&to=2026-09-30``); a range that happens to be a whole
quarter is recognised as that quarter, so links and labels agree.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import PeriodKind

QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
MIN_YEAR = 2000
MAX_SPAN_DAYS = 366 * 10


def today() -> datetime.date:
    return timezone.localdate()


def _replace_year(d: datetime.date, year: int) -> datetime.date:
    """``d`` in ``year``; 29 February becomes the 28th in a common year."""
    last = calendar.monthrange(year, d.month)[1]
    return d.replace(year=year, day=min(d.day, last))


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def quarter_of(d: datetime.date) -> int:
    return (d.month - 1) // 3 + 1


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str = PeriodKind.RANGE

    # Construction ---------------------------------------------------------------
    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start, end = quarter_bounds(year, quarter)
        return cls(start, end, PeriodKind.QUARTER)

    @classmethod
    def quarter_containing(cls, d: datetime.date) -> Period:
        return cls.quarter(d.year, quarter_of(d))

    @classmethod
    def previous_quarter(cls, d: datetime.date) -> Period:
        """The last whole quarter before the one containing ``d``."""
        start, _end = quarter_bounds(d.year, quarter_of(d))
        return cls.quarter_containing(start - datetime.timedelta(days=1))

    @classmethod
    def year_to_date(cls, d: datetime.date) -> Period:
        return cls(datetime.date(d.year, 1, 1), d, PeriodKind.YEAR_TO_DATE)

    @classmethod
    def from_dates(cls, start: datetime.date, end: datetime.date) -> Period:
        """A range, recognised as a quarter or a year to date when it is one."""
        q = quarter_of(start)
        if (start, end) == quarter_bounds(start.year, q):
            return cls(start, end, PeriodKind.QUARTER)
        if start.month == 1 and start.day == 1 and end.year == start.year:
            return cls(start, end, PeriodKind.YEAR_TO_DATE)
        return cls(start, end, PeriodKind.RANGE)

    # Derived ----------------------------------------------------------------------
    def same_period_last_year(self) -> Period:
        return Period(
            _replace_year(self.start, self.start.year - 1), _replace_year(self.end, self.end.year - 1), self.kind
        )

    def as_of(self, on: datetime.date | None = None) -> datetime.date:
        """The day a snapshot figure (overdue items) is taken: the last day, or today while the period runs."""
        return min(self.end, on or today())

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        """``(start, end)`` for a ``__range`` lookup."""
        return (self.start, self.end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return _("%(year)d年第%(q)s季度") % {"year": self.start.year, "q": QUARTER_NAMES[quarter_of(self.start)]}
        if self.kind == PeriodKind.YEAR_TO_DATE:
            last = calendar.monthrange(self.end.year, self.end.month)[1]
            if self.end.day == last:
                if self.end.month == 12:
                    return _("%(year)d年全年") % {"year": self.start.year}
                return _("%(year)d年1—%(month)d月") % {"year": self.start.year, "month": self.end.month}
            return _("%(year)d年1月1日至%(month)d月%(day)d日") % {
                "year": self.start.year,
                "month": self.end.month,
                "day": self.end.day,
            }
        return _("%(start)s至%(end)s") % {"start": _cn_date(self.start), "end": _cn_date(self.end)}

    @property
    def range_label(self) -> str:
        return f"{self.start.isoformat()} — {self.end.isoformat()}"

    def params(self) -> dict[str, str]:
        """Query parameters that parse back to this period."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    def __str__(self) -> str:
        return self.label


def _cn_date(d: datetime.date) -> str:
    return _("%(year)d年%(month)d月%(day)d日") % {"year": d.year, "month": d.month, "day": d.day}


def _parse_date(raw: str, field: str) -> datetime.date:
    try:
        value = datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationError({field: [_("日期格式应为 YYYY-MM-DD，例如 2026-03-31。")]}) from None
    if value.year < MIN_YEAR:
        raise ValidationError({field: [_("日期不能早于 %(year)d 年。") % {"year": MIN_YEAR}]})
    return value


def _parse_int(raw: str, field: str, low: int, high: int, message: str) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: [message]}) from None
    if not low <= value <= high:
        raise ValidationError({field: [message]})
    return value


def _check(period: Period, on: datetime.date) -> Period:
    if period.start > period.end:
        raise ValidationError({"to": [_("结束日期不能早于开始日期。")]})
    if period.start > on:
        raise ValidationError({"from": [_("统计期间尚未开始：开始日期不能晚于今天（%(today)s）。") % {"today": on}]})
    if period.days > MAX_SPAN_DAYS:
        raise ValidationError({"to": [_("统计期间不能超过十年。")]})
    return period


def parse_period(data: Mapping, *, default: Period | None = None, on: datetime.date | None = None) -> Period:
    """Read a period from query or form data; raise ``ValidationError`` with Chinese field errors.

    1. ``period=quarter`` needs ``year`` and ``quarter``; ``period=ytd`` needs ``year``
       (up to ``to`` if given, else today or the year's end); ``period=range`` needs ``from`` and ``to``.
    2. Without ``period``: ``from``/``to`` make a range; nothing at all gives ``default``.
    """
    on = on or today()
    kind = (data.get("period") or "").strip()
    raw_from = (data.get("from") or "").strip()
    raw_to = (data.get("to") or "").strip()
    if not kind:
        if not raw_from and not raw_to:
            if default is not None:
                return default
            raise ValidationError({"period": [_("请选择统计期间。")]})
        kind = PeriodKind.RANGE
    if kind not in PeriodKind.values:
        raise ValidationError({"period": [_("统计期间类型应为季度、年初至今或自定义期间。")]})
    max_year = on.year
    if kind == PeriodKind.QUARTER:
        year = _parse_int(
            data.get("year"),
            "year",
            MIN_YEAR,
            max_year,
            _("请选择 %(low)d—%(high)d 年之间的年份。") % {"low": MIN_YEAR, "high": max_year},
        )
        quarter = _parse_int(data.get("quarter"), "quarter", 1, 4, _("季度应为 1—4。"))
        period = Period.quarter(year, quarter)
        if period.start > on:
            raise ValidationError({"quarter": [_("该季度尚未开始。")]})
        return period
    if kind == PeriodKind.YEAR_TO_DATE:
        year = _parse_int(
            data.get("year"),
            "year",
            MIN_YEAR,
            max_year,
            _("请选择 %(low)d—%(high)d 年之间的年份。") % {"low": MIN_YEAR, "high": max_year},
        )
        if raw_to:
            end = _parse_date(raw_to, "to")
            if end.year != year:
                raise ValidationError({"to": [_("年初至今的截止日期应在所选年份内。")]})
        else:
            end = min(datetime.date(year, 12, 31), on)
        return _check(Period(datetime.date(year, 1, 1), end, PeriodKind.YEAR_TO_DATE), on)
    errors = {}
    if not raw_from:
        errors["from"] = [_("请填写开始日期。")]
    if not raw_to:
        errors["to"] = [_("请填写结束日期。")]
    if errors:
        raise ValidationError(errors)
    start = _parse_date(raw_from, "from")
    end = _parse_date(raw_to, "to")
    if start > end:
        raise ValidationError({"to": [_("结束日期不能早于开始日期。")]})
    return _check(Period.from_dates(start, end), on)
