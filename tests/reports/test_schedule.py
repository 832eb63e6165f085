import datetime
from unittest import mock

import pytest
from django.conf import settings

from notifications.models import Notification
from reports import services, tasks
from reports.choices import BuildStatus
from reports.models import ReportBuild
from zones.models import County


@pytest.fixture
def no_worker():
    with mock.patch("reports.tasks.build_report.delay") as delay:
        yield delay


def test_beat_schedule_names_the_task():
    entry = settings.CELERY_BEAT_SCHEDULE["quarterly-report"]
    assert entry["task"] == tasks.build_previous_quarter_reports.name == "reports.tasks.build_previous_quarter_reports"


def test_start_of_quarter_queues_last_quarters_county_report_for_every_county(
    world, no_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        builds = services.build_previous_quarter_reports(on=datetime.date(2026, 1, 1))
    assert {(b.county_id, b.period_start, b.period_end, b.scope_level) for b in builds} == {
        (c.pk, datetime.date(2025, 10, 1), datetime.date(2025, 12, 31), "county") for c in County.objects.all()
    }
    assert all(b.requested_by is None for b in builds)
    assert no_worker.call_count == 2
    # Running the schedule twice queues nothing new.
    again = services.build_previous_quarter_reports(on=datetime.date(2026, 1, 2))
    assert {b.pk for b in again} == {b.pk for b in builds}
    assert ReportBuild.objects.count() == 2


def test_scheduled_report_when_done_notifies_the_countys_leaders_and_officers(world, no_worker):
    build = services.build_previous_quarter_reports(on=datetime.date(2026, 1, 1))[0]
    services.report_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"leader", "officer"}
    assert Notification.objects.filter(title__contains="2025年第四季度").count() == 2
