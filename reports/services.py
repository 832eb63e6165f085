"""Writes on report builds: request one, run it (from the worker), schedule the quarterly ones."""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.tracking import record
from people.roles import Role
from zones.models import County

from .choices import BuildStatus, ReportKind, ScopeLevel
from .models import ReportBuild, report_upload_to
from .periods import Period
from .scopes import BUILD_ROLES, Scope, build_scope, can_read

logger = logging.getLogger(__name__)

# A build is kept off the queue twice: a user asking again for the same report while one is
# still queued or running gets that one back.
ACTIVE_STATUSES = (BuildStatus.QUEUED, BuildStatus.RUNNING)


def _enqueue(build_id: int) -> None:
    def send():
        from .tasks import build_report

        try:
            build_report.delay(build_id)
        except Exception:  # broker down: the build stays queued and can be asked for again
            logger.exception("could not enqueue report build %s", build_id)

    transaction.on_commit(send)


@transaction.atomic
def report_request(*, kind: str, period: Period, scope: Scope, user, enqueue: bool = True) -> ReportBuild:
    """Queue a workbook build for ``period`` and ``scope``; ``user`` None means the scheduler asked.

    ``enqueue=False`` leaves the running to the caller (the demo seeder builds in-process).
    """
    if kind not in ReportKind.values:
        raise ValidationError({"kind": [_("请选择报表类型。")]})
    if user is not None and not can_read(user, scope, BUILD_ROLES):
        raise ValidationError({"scope": [_("统计范围不存在或不在您的管辖范围内。")]})
    existing = (
        ReportBuild.objects.filter(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            scope_level=scope.level,
            county_id=scope.county_id,
            zone_id=scope.pk if scope.level == ScopeLevel.ZONE else None,
            township_id=scope.pk if scope.level == ScopeLevel.TOWNSHIP else None,
            status__in=ACTIVE_STATUSES,
        )
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    build = ReportBuild(
        kind=kind,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        scope_level=scope.level,
        county_id=scope.county_id,
        zone_id=scope.pk if scope.level == ScopeLevel.ZONE else None,
        township_id=scope.pk if scope.level == ScopeLevel.TOWNSHIP else None,
        scope_name=scope.label[:120],
        requested_by=user,
    )
    build.full_clean()
    build.save()
    if enqueue:
        _enqueue(build.pk)
    return build


def scope_of(build: ReportBuild) -> Scope:
    level, _sep, pk = build.scope_key.partition(":")
    return build_scope(level, int(pk))


def _set_progress(build_id: int, pct: int) -> None:
    ReportBuild.objects.filter(pk=build_id, status=BuildStatus.RUNNING, progress__lt=pct).update(progress=pct)


def _claim(build_id: int) -> bool:
    """Mark the build running; False if it is already done (a second delivery of the task)."""
    claimed = (
        ReportBuild.objects.filter(pk=build_id)
        .exclude(status=BuildStatus.DONE)
        .update(status=BuildStatus.RUNNING, progress=0, error="", started_at=timezone.now(), finished_at=None)
    )
    return bool(claimed)


def report_build_run(*, build_id: int) -> ReportBuild | None:
    """Build the workbook of a queued build; safe to run twice.

    1. Claim the row (conditional UPDATE); a build already done is left alone.
    2. Compute the statistics and stream the ledgers into ``<name>.part`` next to the final file.
    3. Rename the part file into place (atomic on one file system), then mark the build done.
    4. On any error: remove the part file, mark the build failed with the error, keep no half file.
    """
    from . import selectors
    from .workbook import write_workbook

    if not _claim(build_id):
        return None
    build = ReportBuild.objects.select_related("county").get(pk=build_id)
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    name = report_upload_to(build, f"{build.pk}-{uuid.uuid4().hex[:12]}.xlsx")
    final = root / name
    # One part file per build: a run cut short by a lost worker is overwritten by the next delivery.
    part = final.with_name(f".build-{build.pk}.xlsx.part")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        part.unlink(missing_ok=True)
        scope = scope_of(build)
        stats = selectors.stats(period=build.period, scope=scope)
        ledgers = [] if build.kind == ReportKind.SUMMARY else selectors.ledgers(period=build.period, scope=scope)
        write_workbook(part, stats=stats, ledgers=ledgers, progress=lambda pct: _set_progress(build_id, pct))
        os.replace(part, final)
    except Exception as exc:
        part.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        logger.exception("report build %s failed", build_id)
        message = _("生成失败：%(error)s") % {"error": str(exc) or exc.__class__.__name__}
        ReportBuild.objects.filter(pk=build_id).update(
            status=BuildStatus.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        build.refresh_from_db()
        _announce(build)
        return build
    old = ReportBuild.objects.filter(pk=build_id).values_list("file", flat=True).first()
    ReportBuild.objects.filter(pk=build_id).update(
        status=BuildStatus.DONE,
        progress=100,
        file=name,
        file_size=final.stat().st_size,
        finished_at=timezone.now(),
        error="",
    )
    if old and old != name:
        (root / old).unlink(missing_ok=True)
    build.refresh_from_db()
    _announce(build)
    return build


def _announce(build: ReportBuild) -> None:
    """Tell whoever asked (the county's leaders and case officers for a scheduled build) that it is ready or failed."""
    from notifications.services import notify

    recipients = [build.requested_by] if build.requested_by else list(_county_officers(build.county))
    url = reverse("reports:build_detail", args=[build.pk])
    name = f"{build.scope_name}{build.period.label}"
    if build.status == BuildStatus.FAILED:
        title = _("统计报表生成失败：%(name)s") % {"name": name}
        body = build.error
    else:
        title = _("统计报表已生成：%(name)s") % {"name": name}
        body = (
            _("可在“统计报表”页面下载。")
            if build.requested_by
            else _("系统已自动生成上一季度全县统计报表，可在“统计报表”页面下载。")
        )
    for user in recipients:
        notify(recipient=user, title=title, body=body, url=url)


def report_download_record(*, build: ReportBuild, user) -> None:
    """Audit a download: the workbook holds case content."""
    record(action="export", obj=build, detail=_("下载统计报表"), user=user)


def _county_officers(county: County):
    from people.models import User

    roles = (Role.LEADER, Role.CASE_OFFICER)
    return User.objects.filter(
        is_active=True, role_assignments__role__in=roles, role_assignments__county=county
    ).distinct()


def build_previous_quarter_reports(*, on=None) -> list[ReportBuild]:
    """Queue last quarter's county report for every active county; its officers hear when it is ready.

    Safe to run twice: a county whose scheduled build is queued, running or done gets no new
    one; a failed one is tried again.
    """
    period = Period.previous_quarter(on or timezone.localdate())
    builds = []
    for county in County.objects.filter(active=True).order_by("code"):
        with transaction.atomic():
            scope = build_scope(ScopeLevel.COUNTY, county.pk)
            already = (
                ReportBuild.objects.filter(
                    kind=ReportKind.QUARTERLY,
                    scope_level=ScopeLevel.COUNTY,
                    county=county,
                    period_start=period.start,
                    period_end=period.end,
                    requested_by__isnull=True,
                )
                .exclude(status=BuildStatus.FAILED)
                .first()
            )
            if already is not None:
                builds.append(already)
                continue
            build = report_request(kind=ReportKind.QUARTERLY, period=period, scope=scope, user=None)
            builds.append(build)
    return builds
