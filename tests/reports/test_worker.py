"""A real Celery worker builds a requested report end to end (Redis when REDIS_URL is set, else the embedded broker)."""

import datetime
import time

import pytest
from openpyxl import load_workbook

from reports import services
from reports.choices import BuildStatus, ReportKind
from reports.models import ReportBuild
from reports.periods import Period
from reports.scopes import build_scope

from . import factories as f


def wait_for(build_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        build = ReportBuild.objects.get(pk=build_id)
        if build.is_finished:
            return build
        time.sleep(0.2)
    raise AssertionError(f"build {build_id} still {build.status} after {timeout}s")


@pytest.mark.django_db(transaction=True)
def test_real_worker_builds_the_workbook_and_the_requester_is_told(world, reports_worker):
    from notifications.models import Notification

    f.clue(world, township=world.t1, received_on=datetime.date(2025, 5, 1), source="media")
    build = services.report_request(
        kind=ReportKind.QUARTERLY,
        period=Period.quarter(2025, 2),
        scope=build_scope("zone", world.zone1.pk),
        user=world.zone1_leader,
    )
    build = wait_for(build.pk)
    assert build.status == BuildStatus.DONE, build.error
    assert build.progress == 100 and build.started_at and build.finished_at
    wb = load_workbook(build.file.path)
    assert wb.sheetnames == ["汇总表", "线索台账", "案件台账", "整改台账", "四种形态"]
    assert wb["线索台账"].cell(4, 3).value == "媒体/舆情"
    notice = Notification.objects.get(recipient=world.zone1_leader)
    assert "统计报表已生成" in notice.title and notice.url.endswith(f"/reports/builds/{build.pk}/")


@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_quarterly_schedule_and_the_officers_are_told(world, reports_worker):
    """The beat entry's task, run by a worker: last quarter's county workbooks, then a notice to each officer."""
    from notifications.models import Notification
    from reports import tasks

    last_quarter = Period.previous_quarter(datetime.date.today())
    f.clue(world, township=world.t1, received_on=last_quarter.start, source="petition")
    tasks.build_previous_quarter_reports.delay()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and ReportBuild.objects.filter(requested_by__isnull=True).count() < 2:
        time.sleep(0.2)
    builds = [wait_for(pk) for pk in ReportBuild.objects.values_list("pk", flat=True)]
    assert len(builds) == 2  # one per county
    assert all(b.status == BuildStatus.DONE and b.scope_level == "county" for b in builds)
    assert {(b.period_start, b.period_end) for b in builds} == {(last_quarter.start, last_quarter.end)}
    mine = next(b for b in builds if b.county_id == world.county.pk)
    assert load_workbook(mine.file.path)["汇总表"]["A1"].value.startswith("甲县")
    told = Notification.objects.filter(title__startswith="统计报表已生成", title__contains="甲县")
    assert set(told.values_list("recipient__username", flat=True)) == {"leader", "officer"}
    assert all(n.url.endswith(f"/reports/builds/{mine.pk}/") for n in told)
