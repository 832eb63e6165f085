"""Enumerations of the statistics reports (DOMAIN.md §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", _("统计报表（汇总表及台账，共五张表）")
    SUMMARY = "summary", _("仅汇总表")


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


FINISHED_STATUSES = (BuildStatus.DONE, BuildStatus.FAILED)


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("季度")
    YEAR_TO_DATE = "ytd", _("年初至今")
    RANGE = "range", _("自定义期间")


class ScopeLevel(models.TextChoices):
    COUNTY = "county", _("全县")
    ZONE = "zone", _("协作区")
    TOWNSHIP = "township", _("乡镇")
