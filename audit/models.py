from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    VIEW_IDENTITY = "view_identity", _("查看举报人身份")
    INTEGRITY_LOOKUP = "integrity_lookup", _("廉洁意见查询")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载附件")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")


class AuditEvent(models.Model):
    """One append-only audit record; database triggers refuse UPDATE and DELETE."""

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    source = models.CharField(_("来源"), max_length=16, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    path = models.CharField(_("请求路径"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"
