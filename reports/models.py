"""A requested statistics workbook and the state of its build."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.tracking import track
from core.scoping import ScopedManager, ScopePaths
from zones.models import County, Township, Zone, ZoneMembership

from .choices import BuildStatus, PeriodKind, ReportKind, ScopeLevel
from .periods import Period
from .scopes import BUILD_ROLES, STATS_ROLES


def _builds_of_townships(ids) -> Q:
    """Township builds of these townships, and zone builds whose every current township is among them."""
    current = ZoneMembership.objects.current()
    touched = current.filter(township_id__in=ids).values("zone_id")
    outside = current.exclude(township_id__in=ids).values("zone_id")
    return Q(scope_level=ScopeLevel.TOWNSHIP, township__in=ids) | (
        Q(scope_level=ScopeLevel.ZONE, zone__in=touched) & ~Q(zone__in=outside)
    )


def report_upload_to(instance, filename):
    return f"reports/{instance.created_at:%Y/%m}/{filename}"


@track(exclude=("progress",))  # progress ticks are not changes worth an audit record
class ReportBuild(models.Model):
    kind = models.CharField(_("报表类型"), max_length=20, choices=ReportKind.choices, default=ReportKind.QUARTERLY)
    period_kind = models.CharField(_("期间类型"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    scope_level = models.CharField(_("统计范围"), max_length=10, choices=ScopeLevel.choices)
    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="report_builds")
    zone = models.ForeignKey(
        Zone, verbose_name=_("协作区"), null=True, blank=True, on_delete=models.PROTECT, related_name="report_builds"
    )
    township = models.ForeignKey(
        Township, verbose_name=_("乡镇"), null=True, blank=True, on_delete=models.PROTECT, related_name="report_builds"
    )
    scope_name = models.CharField(_("范围名称"), max_length=120)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_builds",
        help_text=_("空表示定时任务自动生成"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    file = models.FileField(_("文件"), upload_to=report_upload_to, max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("文件大小（字节）"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ScopedManager()
    scope_roles = {"view": STATS_ROLES, "change": BUILD_ROLES, "manage": BUILD_ROLES}
    scope_paths = ScopePaths(county="county", township=_builds_of_townships)

    class Meta:
        verbose_name = _("统计报表")
        verbose_name_plural = _("统计报表")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["county", "scope_level", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_ordered"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max_100"),
            models.CheckConstraint(
                name="report_scope_consistent",
                condition=(
                    Q(scope_level=ScopeLevel.COUNTY, zone__isnull=True, township__isnull=True)
                    | Q(scope_level=ScopeLevel.ZONE, zone__isnull=False, township__isnull=True)
                    | Q(scope_level=ScopeLevel.TOWNSHIP, zone__isnull=True, township__isnull=False)
                ),
            ),
        ]

    def __str__(self):
        return f"{self.scope_name} · {self.period.label} · {self.get_kind_display()}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("结束日期不能早于开始日期。")})

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end, self.period_kind)

    @property
    def scope_key(self) -> str:
        pk = {ScopeLevel.COUNTY: self.county_id, ScopeLevel.ZONE: self.zone_id, ScopeLevel.TOWNSHIP: self.township_id}
        return f"{self.scope_level}:{pk[self.scope_level]}"

    @property
    def is_finished(self) -> bool:
        return self.status in (BuildStatus.DONE, BuildStatus.FAILED)

    @property
    def download_name(self) -> str:
        return f"{self.scope_name}{self.period.label}纪检监察统计报表.xlsx".replace("/", "-").replace(" ", "")
