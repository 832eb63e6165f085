"""In-app notifications (the bell) and the exactly-once record of every reminder sent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import track
from core.scoping import ScopedManager, ScopePaths

from .choices import DeliveryState, NotificationKind

# Notifications are personal: users read their own through ``recipient=user``; the
# scoped manager is for administrators (admin site), who see their county's users.
PERSONAL_SCOPE_ROLES = {"view": "admin", "change": "admin", "manage": "admin"}


def _recipients_in_counties(ids):
    from people.models import RoleAssignment

    return Q(recipient__in=RoleAssignment.objects.filter(county__in=ids).values("user_id"))


@track
class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类别"), max_length=30, choices=NotificationKind.choices, default=NotificationKind.OTHER)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # E-mail delivery: pending until sent (or until known that there is no address).
    delivery = models.CharField(
        _("邮件发送"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    claimed_at = models.DateTimeField(_("发送开始时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    objects = ScopedManager()
    scope_roles = PERSONAL_SCOPE_ROLES
    scope_paths = ScopePaths(county=_recipients_in_counties)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "claimed_at"], name="notification_delivery"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


@track
class Reminder(models.Model):
    """One reminder about one object, for one due date and interval, to one recipient — at most once.

    The unique constraint is the arbiter: whoever inserts the row sends; everyone else
    finds it there and sends nothing.
    """

    source = models.CharField(_("来源"), max_length=40)
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("提醒类别"), max_length=30)
    due_on = models.DateField(_("期限"))
    interval = models.PositiveSmallIntegerField(_("逾期提醒次序"), default=0)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="reminders"
    )
    notification = models.OneToOneField(
        Notification, verbose_name=_("消息"), null=True, blank=True, on_delete=models.SET_NULL, related_name="reminder"
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    objects = ScopedManager()
    scope_roles = PERSONAL_SCOPE_ROLES
    scope_paths = ScopePaths(county=_recipients_in_counties)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "due_on", "interval", "recipient"],
                name="reminder_once",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="reminder_target")]

    def __str__(self):
        return f"{self.kind} {self.due_on} #{self.interval} → {self.recipient_id}"
