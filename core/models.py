from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.tracking import AuditedQuerySet, track


class Sequence(models.Model):
    """Gapless counters for document numbers (XS, LA, ZG) per county per year."""

    key = models.CharField(_("编号类别"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("当前序号"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="sequence_unique_key_year")]

    def __str__(self):
        return f"{self.key}/{self.year}: {self.last_value}"


@track
class CalendarYear(models.Model):
    """A year whose official holiday notice (国务院办公厅通知) is entered."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    notice = models.CharField(_("通知文号"), max_length=100, blank=True)
    source = models.CharField(
        _("来源"),
        max_length=20,
        default="manual",
        choices=[("chinesecalendar", _("节假日数据包（国务院通知）")), ("manual", _("管理员录入"))],
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("法定节假日年度")
        verbose_name_plural = _("法定节假日年度")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


@track
class CalendarDay(models.Model):
    """An exception to the weekday/weekend rule: a holiday, or a make-up workday (调休上班)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), help_text=_("勾选为调休上班日，不勾选为放假日"))
    name = models.CharField(_("节日"), max_length=30, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name} {'上班' if self.is_workday else '放假'}"
