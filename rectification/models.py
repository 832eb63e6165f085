"""Rectification letters (整改督办函 …), their problem items, reports with evidence, and timelines."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import track
from core.scoping import ScopedManager, ScopedQuerySet, ScopePaths
from zones.models import County, Department, Township, Village, Zone

from .choices import Domain, ItemAction, ItemStatus, LetterKind, LetterStatus, UnitKind

LETTER_SCOPE_ROLES = {"view": "content", "change": "working", "manage": "working"}


@track
class Letter(models.Model):
    """One letter to one unit (a township, a village or a county department) listing problem items."""

    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="letters")
    number = models.CharField(_("文号"), max_length=40, unique=True, editable=False)
    kind = models.CharField(_("文书类别"), max_length=20, choices=LetterKind.choices, default=LetterKind.SUPERVISION)
    subject = models.CharField(_("事由"), max_length=200, help_text=_("例如：关于惠民惠农补贴发放问题的整改督办"))
    requirements = models.TextField(_("整改要求"), blank=True)
    issuer_zone = models.ForeignKey(
        Zone,
        verbose_name=_("发文协作区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
        help_text=_("由协作区发出时选择；不选则以县纪委监委名义发出"),
    )
    unit_kind = models.CharField(_("被督办单位类别"), max_length=20, choices=UnitKind.choices, editable=False)
    addressee_township = models.ForeignKey(
        Township, verbose_name=_("被督办乡镇"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    addressee_village = models.ForeignKey(
        Village, verbose_name=_("被督办村（社区）"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    addressee_department = models.ForeignKey(
        Department,
        verbose_name=_("被督办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_letters",
    )
    # The township that decides scope: the addressee itself or the village's township.
    township = models.ForeignKey(
        Township,
        verbose_name=_("所属乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_letters",
        editable=False,
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.PROTECT, related_name="approved_letters"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="issued_letters",
        editable=False,
    )
    issued_on = models.DateField(_("下发日期"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.OPEN, editable=False
    )
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)

    objects = ScopedManager()
    scope_roles = LETTER_SCOPE_ROLES
    scope_paths = ScopePaths(county="county", township="township")

    class Meta:
        verbose_name = _("整改文书")
        verbose_name_plural = _("整改文书")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="letter_exactly_one_addressee",
                condition=(
                    Q(
                        addressee_township__isnull=False,
                        addressee_village__isnull=True,
                        addressee_department__isnull=True,
                    )
                    | Q(
                        addressee_township__isnull=True,
                        addressee_village__isnull=False,
                        addressee_department__isnull=True,
                    )
                    | Q(
                        addressee_township__isnull=True,
                        addressee_village__isnull=True,
                        addressee_department__isnull=False,
                    )
                ),
            ),
        ]
        indexes = [models.Index(fields=["county", "status", "issued_on"], name="letter_county_status")]

    def __str__(self):
        return f"{self.number} {self.subject}"

    def get_absolute_url(self):
        return reverse("rectification:letter_detail", args=[self.pk])

    @property
    def addressee(self):
        return self.addressee_township or self.addressee_village or self.addressee_department

    @property
    def addressee_name(self) -> str:
        if self.addressee_village_id:
            return f"{self.addressee_village.township.name}{self.addressee_village.name}"
        unit = self.addressee
        return unit.name if unit else ""

    @property
    def issuer_name(self) -> str:
        if self.issuer_zone_id:
            return f"{self.county.name}纪委监委{self.issuer_zone.name}"
        return f"{self.county.name}纪委监委"

    def clean(self):
        units = [self.addressee_township_id, self.addressee_village_id, self.addressee_department_id]
        if sum(1 for u in units if u) != 1:
            raise ValidationError(
                {"addressee_township": _("请选择一个被督办单位：乡镇、村（社区）或县直部门，只能选一个。")}
            )
        county_id = self.county_id
        if self.addressee_township_id and self.addressee_township.county_id != county_id:
            raise ValidationError({"addressee_township": _("被督办乡镇不属于本县。")})
        if self.addressee_village_id and self.addressee_village.township.county_id != county_id:
            raise ValidationError({"addressee_village": _("被督办村（社区）不属于本县。")})
        if self.addressee_department_id and self.addressee_department.county_id != county_id:
            raise ValidationError({"addressee_department": _("被督办部门不属于本县。")})
        if self.issuer_zone_id and self.issuer_zone.county_id != county_id:
            raise ValidationError({"issuer_zone": _("发文协作区不属于本县。")})


class ItemQuerySet(ScopedQuerySet):
    def overdue(self, today):
        return self.filter(status__in=[ItemStatus.ISSUED, ItemStatus.RECTIFYING], due_on__lt=today)


@track
class Item(models.Model):
    """A problem item (问题清单的一项) with its own due date and lifecycle."""

    letter = models.ForeignKey(Letter, verbose_name=_("整改文书"), on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveSmallIntegerField(_("序号"))
    description = models.TextField(_("问题描述"), max_length=2000)
    domain = models.CharField(_("领域"), max_length=30, choices=Domain.choices, default=Domain.OTHER)
    clue = models.ForeignKey(
        "clues.Clue",
        verbose_name=_("关联线索"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_items",
    )
    finding = models.CharField(
        _("问题来源"), max_length=300, blank=True, help_text=_("未关联线索时填写，如：2024年第二轮交叉监督发现")
    )
    responsible_person = models.CharField(_("整改责任人"), max_length=100, help_text=_("姓名及职务"))
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联络人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_items",
        help_text=_("负责报送整改情况的单位工作人员，如乡镇纪委书记"),
    )
    due_on = models.DateField(_("整改期限"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.ISSUED, editable=False
    )
    reported_on = models.DateField(_("报送日期"), null=True, blank=True, editable=False)
    verified_on = models.DateField(_("验收日期"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False, db_index=True)
    reopen_count = models.PositiveSmallIntegerField(_("回头看次数"), default=0, editable=False)

    objects = ScopedManager.from_queryset(ItemQuerySet)()
    scope_roles = LETTER_SCOPE_ROLES
    scope_paths = ScopePaths(county="letter__county", township="letter__township")

    class Meta:
        verbose_name = _("整改问题")
        verbose_name_plural = _("整改问题")
        ordering = ["letter", "seq"]
        constraints = [models.UniqueConstraint(fields=["letter", "seq"], name="item_unique_seq")]
        indexes = [models.Index(fields=["status", "due_on"], name="item_status_due")]

    def __str__(self):
        return f"{self.letter.number}-{self.seq}"

    def get_absolute_url(self):
        return reverse("rectification:item_detail", args=[self.pk])

    @property
    def label(self) -> str:
        return f"{self.letter.number} 第{self.seq}项"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status in (ItemStatus.ISSUED, ItemStatus.RECTIFYING) and self.due_on < today

    def clean(self):
        if self.clue_id and self.letter_id and self.clue.county_id != self.letter.county_id:
            raise ValidationError({"clue": _("关联线索不属于本县。")})
        if not self.clue_id and not self.finding.strip():
            raise ValidationError({"finding": _("请关联问题线索，或填写问题来源（如监督检查发现）。")})
        if self.letter_id and self.due_on and self.letter.issued_on and self.due_on < self.letter.issued_on:
            raise ValidationError(
                {"due_on": _("整改期限不能早于下发日期（%(date)s）。") % {"date": self.letter.issued_on}}
            )


def evidence_path(instance, filename):
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"rectification/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{ext}"


@track
class ItemReport(models.Model):
    """What the unit reports it did (整改情况报告), with evidence files."""

    item = models.ForeignKey(Item, verbose_name=_("整改问题"), on_delete=models.CASCADE, related_name="reports")
    measures = models.TextField(_("整改措施及成效"), max_length=5000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now)

    objects = ScopedManager()
    scope_roles = LETTER_SCOPE_ROLES
    scope_paths = ScopePaths(county="item__letter__county", township="item__letter__township")

    class Meta:
        verbose_name = _("整改情况报告")
        verbose_name_plural = _("整改情况报告")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.item} · {self.submitted_at:%Y-%m-%d}"


@track
class Evidence(models.Model):
    """A file attached to a report, stored outside the web root under a random name."""

    report = models.ForeignKey(
        ItemReport, verbose_name=_("整改报告"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = ScopedManager()
    scope_roles = LETTER_SCOPE_ROLES
    scope_paths = ScopePaths(county="report__item__letter__county", township="report__item__letter__township")

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("rectification:evidence_download", args=[self.pk])


@track
class ItemEvent(models.Model):
    """One step on an item's timeline: who did what, when, and why."""

    item = models.ForeignKey(Item, verbose_name=_("整改问题"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=ItemAction.choices)
    from_status = models.CharField(_("原状态"), max_length=20, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=ItemStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = ScopedManager()
    scope_roles = LETTER_SCOPE_ROLES
    scope_paths = ScopePaths(county="item__letter__county", township="item__letter__township")

    class Meta:
        verbose_name = _("整改问题动态")
        verbose_name_plural = _("整改问题动态")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.item} {self.get_action_display()}"
