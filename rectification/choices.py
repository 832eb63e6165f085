"""Enumerations of DOMAIN.md §4 (rectification letters and their items)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clues.choices import ClueDomain


class LetterKind(models.TextChoices):
    SUPERVISION = "supervision", _("整改督办函")
    NOTICE = "notice", _("整改通知书")
    PROPOSAL = "proposal", _("纪检监察建议书")


class LetterStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    CLOSED = "closed", _("已销号")


class UnitKind(models.TextChoices):
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")
    DEPARTMENT = "department", _("县直部门")


class ItemStatus(models.TextChoices):
    ISSUED = "issued", _("已下发")
    RECTIFYING = "rectifying", _("整改中")
    REPORTED = "reported", _("已报整改")
    VERIFIED = "verified", _("已验收")
    CLOSED = "closed", _("已销号")


OPEN_ITEM_STATUSES = (ItemStatus.ISSUED, ItemStatus.RECTIFYING)
UNFINISHED_ITEM_STATUSES = (ItemStatus.ISSUED, ItemStatus.RECTIFYING, ItemStatus.REPORTED, ItemStatus.VERIFIED)


class ItemAction(models.TextChoices):
    ISSUE = "issue", _("下发")
    START = "start", _("开始整改")
    REPORT = "report", _("报送整改情况")
    VERIFY = "verify", _("验收通过")
    REJECT = "reject", _("退回重改")
    CLOSE_OFF = "close_off", _("销号")
    REOPEN = "reopen", _("回头看重新整改")
    REMIND = "remind", _("到期提醒")
    ESCALATE = "escalate", _("逾期督办")


# 领域: the clue desk's list (DOMAIN.md §2), one list for clues and rectification items.
Domain = ClueDomain
