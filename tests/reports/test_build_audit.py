"""A build leaves its status changes in the audit trail, not every progress tick."""

import pytest

from audit.models import AuditEvent
from reports import services
from reports.choices import BuildStatus, ReportKind
from reports.periods import Period
from reports.scopes import build_scope

pytestmark = pytest.mark.django_db


def test_progress_ticks_are_not_audited(q2_data):
    build = services.report_request(
        kind=ReportKind.QUARTERLY,
        period=Period.quarter(2025, 2),
        scope=build_scope("county", q2_data.county.pk),
        user=q2_data.leader,
        enqueue=False,
    )
    build = services.report_build_run(build_id=build.pk)
    assert build.status == BuildStatus.DONE and build.progress == 100
    events = AuditEvent.objects.filter(content_type__model="reportbuild", object_id=str(build.pk))
    assert not [e for e in events if "progress" in e.changes]
    assert any(e.changes.get("status", [None, None])[1] == BuildStatus.DONE for e in events)
    assert events.count() <= 4, [e.changes for e in events]
