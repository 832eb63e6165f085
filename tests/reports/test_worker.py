"""A real Celery worker builds a requested report end to end (Redis when REDIS_URL is set, else the embedded broker)."""

import datetime
import time

import pytest
from django.conf import settings
from openpyxl import load_workbook

from reports import services
from reports.choices import BuildStatus, ReportKind
from reports.models import ReportBuild
from reports.periods import Period
from reports.scopes import build_scope

from . import factories as f


@pytest.fixture
def celery_app(tmp_path):
    """The project's Celery app; on the embedded broker, with folders of its own so no stale message is read."""
    from config.celery import app

    saved = dict(app.conf.broker_transport_options or {})
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for sub in ("out", "processed", "control"):
            (tmp_path / sub).mkdir()
        app.conf.broker_transport_options = {
            **saved,
            "data_folder_in": str(tmp_path / "out"),
            "data_folder_out": str(tmp_path / "out"),
            "processed_folder": str(tmp_path / "processed"),
            "control_folder": str(tmp_path / "control"),
            "store_processed": False,
        }
        _fresh_connections(app)
    else:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(app.conf.task_default_queue)
    yield app
    app.conf.broker_transport_options = saved
    _fresh_connections(app)


def _fresh_connections(app):
    """Drop pooled broker connections: they keep the folders of the test that opened them."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def wait_for(build_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        build = ReportBuild.objects.get(pk=build_id)
        if build.is_finished:
            return build
        time.sleep(0.2)
    raise AssertionError(f"build {build_id} still {build.status} after {timeout}s")


@pytest.mark.django_db(transaction=True)
def test_real_worker_builds_the_workbook_and_the_requester_is_told(_audit_truncatable, world, celery_app):
    from celery.contrib.testing.worker import start_worker

    from notifications.models import Notification

    f.clue(world, township=world.t1, received_on=datetime.date(2025, 5, 1), source="media")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
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
def test_real_worker_runs_the_quarterly_schedule_and_the_officers_are_told(_audit_truncatable, world, celery_app):
    """The beat entry's task, run by a worker: last quarter's county workbooks, then a notice to each officer."""
    from celery.contrib.testing.worker import start_worker

    from notifications.models import Notification
    from reports import tasks

    last_quarter = Period.previous_quarter(datetime.date.today())
    f.clue(world, township=world.t1, received_on=last_quarter.start, source="petition")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
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
