"""Entering a year reaches the worker: the recompute task runs there after the commit."""

import datetime

import pytest

from core import calendar
from core.models import Sequence
from core.services import calendar_year_enter
from tests.support import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_entering_a_year_recomputes_deadlines_on_a_real_worker(celery_worker_app, monkeypatch):
    def hook(years):
        for year in years:  # what a deadline hook would do: read the new calendar and write
            Sequence.objects.create(key=f"recompute-{calendar.is_workday(datetime.date(year, 10, 4))}", year=year)

    monkeypatch.setattr(calendar, "_recompute_hooks", [hook])
    calendar_year_enter(
        year=2033,
        holidays=[(datetime.date(2033, 10, d), "国庆节") for d in range(1, 8)],
        workdays=[(datetime.date(2033, 10, 8), "国庆节")],
        notice="国办发明电〔2032〕9号",
    )
    done = wait_for(lambda: Sequence.objects.filter(year=2033).first(), timeout=30)
    assert done.key == "recompute-False"  # the worker saw 4 Oct 2033 as a holiday
