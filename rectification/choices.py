"""Enumerations of DOMAIN.md §4 (rectification letters and their items)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Domain(models.TextChoices):
    """领域 of DOMAIN.md §2 (the clue desk uses the same list)."""

    RURAL_REVITALIZATION = "rural_revitalization", _("乡村振兴/巩固脱贫")
    SUBSIDIES = "subsidies", _("惠民惠农补贴")
    COLLECTIVE_ASSETS = "collective_assets", _("农村集体“三资”")
    CONSTRUCTION = "construction", _("工程项目建设")
    RELOCATION = "relocation", _("易地扶贫搬迁")
    DRINKING_WATER = "drinking_water", _("饮水安全")
    LIVING_ENVIRONMENT = "living_environment", _("农村人居环境")
    MEDICAL = "medical", _("医疗保障")
    SOCIAL_SECURITY = "social_security", _("社会保障(养老)")
    EDUCATION = "education", _("教育")
    ECOLOGY = "ecology", _("生态环保")
    FARMLAND = "farmland", _("耕地保护")
    BUSINESS = "business", _("营商环境")
    OTHER = "other", _("其他")
