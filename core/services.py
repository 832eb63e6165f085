"""Entering a year's official holiday calendar (国务院办公厅关于部分节假日安排的通知)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import calendar
from .models import CalendarDay, CalendarYear

Day = tuple[datetime.date, str]


def calendar_year_errors(*, year: int, holidays: list[Day], workdays: list[Day]) -> dict[str, list[str]]:
    """Field errors for a year's entry ({} when it is consistent)."""
    errors: dict[str, list[str]] = {}
    if not 2000 <= year <= 2100:
        errors.setdefault("year", []).append(_("年度应在2000年至2100年之间。"))
        return errors
    for field, days in (("holidays", holidays), ("workdays", workdays)):
        for day, _name in days:
            if day.year != year:
                errors.setdefault(field, []).append(_("%(day)s 不在 %(year)s 年内。") % {"day": day, "year": year})
    for day, _name in workdays:
        if day.weekday() < 5:
            errors.setdefault("workdays", []).append(
                _("%(day)s 是工作日（周一至周五），调休上班日应为周六或周日。") % {"day": day}
            )
    both = {d for d, _n in holidays} & {d for d, _n in workdays}
    for day in sorted(both):
        errors.setdefault("workdays", []).append(_("%(day)s 不能既放假又上班。") % {"day": day})
    if not holidays and "holidays" not in errors:
        errors.setdefault("holidays", []).append(_("请至少录入一个放假日期。"))
    return errors


@transaction.atomic
def calendar_year_enter(*, year: int, holidays: list[Day], workdays: list[Day], notice: str = "", user=None):
    """Enter (or correct) ``year``; every process picks it up and open deadlines are recomputed after commit."""
    errors = calendar_year_errors(year=year, holidays=holidays, workdays=workdays)
    if errors:
        raise ValidationError(errors)
    entry, _created = CalendarYear.objects.update_or_create(year=year, defaults={"notice": notice, "source": "manual"})
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_workday=False, name=n) for d, n in sorted(set(holidays))]
        + [CalendarDay(date=d, is_workday=True, name=n) for d, n in sorted(set(workdays))]
    )

    def after_commit():
        from .tasks import recompute_deadlines

        calendar.bump_version()
        recompute_deadlines.delay([year])

    transaction.on_commit(after_commit)
    return entry
