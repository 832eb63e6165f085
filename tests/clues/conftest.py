import datetime
import sys
import types

import pytest
from django.urls import NoReverseMatch, reverse

from people import context_processors


def _library_calendar() -> types.ModuleType:
    """Stand-in for ``core.calendar`` from ``chinesecalendar`` (official 2004–2026 calendars).

    Used only while the database-backed calendar is not on main; the expected dates in these
    tests are the official ones, so they hold for both.
    """
    import chinese_calendar

    shim = types.ModuleType("core.calendar")

    def is_provisional(day):
        return day is not None and day.year > 2026

    def is_workday(day):
        if is_provisional(day):
            return day.weekday() < 5
        return chinese_calendar.is_workday(day)

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

    def add_months(start, n):
        import calendar as stdlib_calendar

        month_index = start.month - 1 + n
        year, month = start.year + month_index // 12, month_index % 12 + 1
        return start.replace(year=year, month=month, day=min(start.day, stdlib_calendar.monthrange(year, month)[1]))

    shim.add_months = add_months
    shim.is_provisional = is_provisional
    shim.is_workday = is_workday
    shim.next_workday = next_workday
    shim.add_workdays = add_workdays
    shim.add_days = lambda start, n: next_workday(start + datetime.timedelta(days=n))
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


@pytest.fixture
def api(client):
    """A Django test client speaking JSON to the API, logged in with ``api.as_(user)``."""

    class Api:
        def as_(self, user):
            client.force_login(user)
            return self

        def get(self, url, **params):
            return client.get(url, params)

        def post(self, url, data=None):
            return client.post(url, data or {}, content_type="application/json")

        def patch(self, url, data=None):
            return client.patch(url, data or {}, content_type="application/json")

        def upload(self, url, files):
            return client.post(url, {"files": files})

    return Api()
