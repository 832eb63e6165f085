import datetime
import sys
import types

import pytest
from django.urls import NoReverseMatch, reverse

from people import context_processors
from tests.rectification.factories import issue_letter


def _library_calendar() -> types.ModuleType:
    """Stand-in for ``core.calendar`` from ``chinesecalendar`` (official calendars) until the real one lands."""
    import chinese_calendar

    shim = types.ModuleType("core.calendar")

    def is_workday(day):
        return day.weekday() < 5 if day.year > 2026 else chinese_calendar.is_workday(day)

    def next_workday(day):
        while not is_workday(day):
            day += datetime.timedelta(days=1)
        return day

    def add_workdays(start, n):
        day = start
        while n > 0:
            day += datetime.timedelta(days=1)
            if is_workday(day):
                n -= 1
        return day

    def workdays_between(start, end):
        return sum(1 for i in range(1, (end - start).days + 1) if is_workday(start + datetime.timedelta(days=i)))

    shim.is_workday = is_workday
    shim.next_workday = next_workday
    shim.add_workdays = add_workdays
    shim.workdays_between = workdays_between
    shim.add_days = lambda start, n: next_workday(start + datetime.timedelta(days=n))
    shim.is_provisional = lambda day: day.year > 2026
    shim.register_recompute = lambda fn: fn
    return shim


@pytest.fixture(autouse=True)
def _calendar(monkeypatch):
    """The real working-day calendar when it exists, else the library stand-in for this test."""
    try:
        import core.calendar
    except ImportError:
        import core

        shim = _library_calendar()
        monkeypatch.setitem(sys.modules, "core.calendar", shim)
        monkeypatch.setattr(core, "calendar", shim, raising=False)


@pytest.fixture(autouse=True)
def _navigation_without_unbuilt_pages(monkeypatch):
    """Leave out navigation entries whose pages another app has not wired up yet."""

    def resolvable(name):
        try:
            reverse(name)
        except NoReverseMatch:
            return False
        return True

    entries = [entry for entry in context_processors.NAVIGATION if resolvable(entry.url_name)]
    monkeypatch.setattr(context_processors, "NAVIGATION", entries)


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks enqueued by services run in-process (the worker test starts a real worker instead)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def letter(world):
    """A letter from the office to 庆坪镇 with two items, contact tw-qingping."""
    return issue_letter(world, n_items=2)


@pytest.fixture
def item(letter):
    """The letter's first item, issued."""
    return letter.items.order_by("seq").first()
