from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    LETTER_ISSUED = "letter_issued", _("收到整改文书")
    ITEM_REPORTED = "item_reported", _("整改情况待验收")
    ITEM_REJECTED = "item_rejected", _("整改情况被退回")
    ITEM_REOPENED = "item_reopened", _("回头看重新整改")
    DUE_SOON = "due_soon", _("即将到期")
    DUE_TODAY = "due_today", _("今日到期")
    OVERDUE = "overdue", _("已逾期")
    ESCALATION = "escalation", _("逾期督办")
    CLUE_DEADLINE = "clue_deadline", _("线索办理期限")
    OTHER = "other", _("其他")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("到期前提醒")
    DUE_TODAY = "due_today", _("到期当日提醒")
    OVERDUE = "overdue", _("逾期提醒")
    ESCALATION = "escalation", _("逾期督办（组长）")
