"""Problem clues (问题线索, DOMAIN.md §2): the clue, its persons, reporter, attachments and timeline."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import track
from core.scoping import ScopedManager, ScopedQuerySet, ScopePaths
from people.choices import CadreLevel, PoliticalStatus
from people.models import Person
from zones.models import County, Department, Township, Village, Zone, phone_validator

from .choices import (
    CloseReason,
    ClueCategory,
    ClueChannel,
    ClueDomain,
    ClueResult,
    ClueSource,
    ClueStatus,
    DisposalMethod,
    EventKind,
    HandlingMode,
    InquiryForm,
    ProblemTypeCode,
)


def _clue_township(ids):
    """Township officers reach clues in their township and clues handed to their township."""
    return Q(township__in=ids) | Q(receiving_township__in=ids)


def _child_paths(prefix: str, owner: str | None = None) -> ScopePaths:
    return ScopePaths(
        county=f"{prefix}county",
        township=lambda ids: Q(**{f"{prefix}township__in": ids}) | Q(**{f"{prefix}receiving_township__in": ids}),
        village=f"{prefix}village",
        owner=owner,
    )


class ClueSettings(models.Model):
    """Local limits of one county (DOMAIN.md §2 defaults); a county without a row uses the defaults."""

    county = models.OneToOneField(
        County, verbose_name=_("区县"), on_delete=models.CASCADE, related_name="clue_settings"
    )
    assign_workdays = models.PositiveSmallIntegerField(_("分办时限（工作日）"), default=1)
    sign_workdays = models.PositiveSmallIntegerField(_("签收时限（工作日）"), default=2)
    forward_workdays = models.PositiveSmallIntegerField(_("转办时限（工作日）"), default=5)
    conclusion_workdays = models.PositiveSmallIntegerField(
        _("信访件办结时限（工作日）"), default=15, help_text=_("自受理之日起；部分区县定为 5 个工作日")
    )
    inquiry_reply_workdays = models.PositiveSmallIntegerField(_("函询回复时限（工作日）"), default=15)
    inquiry_conclusion_days = models.PositiveSmallIntegerField(_("谈话函询办结时限（日）"), default=30)
    verification_workdays = models.PositiveSmallIntegerField(_("初步核实时限（工作日）"), default=30)
    reporter_accept_workdays = models.PositiveSmallIntegerField(_("实名举报受理告知时限（工作日）"), default=15)
    reporter_result_workdays = models.PositiveSmallIntegerField(_("实名举报结果告知时限（工作日）"), default=15)

    objects = ScopedManager()
    scope_roles = {"view": "content", "change": "admin", "manage": "admin"}
    scope_paths = ScopePaths(county="county")

    class Meta:
        verbose_name = _("线索办理时限设置")
        verbose_name_plural = _("线索办理时限设置")

    def __str__(self):
        return str(_("%(county)s线索办理时限") % {"county": self.county})

    @classmethod
    def for_county(cls, county: County) -> ClueSettings:
        """The county's settings row, or an unsaved row with the defaults."""
        return cls.objects.filter(county=county).first() or cls(county=county)


class ProblemType(models.Model):
    """问题类型: reference rows, one per :class:`ProblemTypeCode`."""

    code = models.CharField(_("代码"), max_length=32, unique=True, choices=ProblemTypeCode.choices)
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ScopedManager()
    scope_roles = {"view": "any", "change": "admin", "manage": "admin"}
    scope_paths = ScopePaths()

    class Meta:
        verbose_name = _("问题类型")
        verbose_name_plural = _("问题类型")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class ClueQuerySet(ScopedQuerySet):
    def counted(self):
        """Clues that count in statistics: duplicates are kept but not counted twice."""
        return self.filter(is_duplicate=False)


class ClueManager(models.Manager.from_queryset(ClueQuerySet)):
    pass


@track
class Clue(models.Model):
    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="clues")
    number = models.CharField(_("线索编号"), max_length=40, unique=True, editable=False)
    received_on = models.DateField(_("受理日期"))
    category = models.CharField(
        _("信访举报分类"), max_length=20, choices=ClueCategory.choices, default=ClueCategory.ACCUSATION
    )
    source = models.CharField(_("线索来源"), max_length=32, choices=ClueSource.choices)
    channel = models.CharField(_("举报方式"), max_length=20, choices=ClueChannel.choices, blank=True)
    is_anonymous = models.BooleanField(_("匿名"), default=True)
    township = models.ForeignKey(
        Township,
        verbose_name=_("乡镇（街道）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
        help_text=_("问题发生地所在乡镇；反映县直单位的留空"),
    )
    village = models.ForeignKey(
        Village, verbose_name=_("村（社区）"), null=True, blank=True, on_delete=models.PROTECT, related_name="clues"
    )
    domain = models.CharField(_("领域"), max_length=32, choices=ClueDomain.choices)
    problem_types = models.ManyToManyField(
        ProblemType, verbose_name=_("问题类型"), related_name="clues", through="clues.ClueProblemType"
    )
    amount = models.DecimalField(
        _("涉及金额（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("涉及金额不能为负数"))],
    )
    summary = models.CharField(_("内容摘要"), max_length=200)
    description = models.TextField(_("详细情况"), max_length=20000, blank=True)
    persons = models.ManyToManyField(
        Person, verbose_name=_("被反映人"), through="clues.ClueSubject", related_name="clues", blank=True
    )

    status = models.CharField(
        _("状态"), max_length=20, choices=ClueStatus.choices, default=ClueStatus.REGISTERED, db_index=True
    )
    is_duplicate = models.BooleanField(_("重复件"), default=False, db_index=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("原件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )

    # Registration
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="registered_clues",
    )

    # Assignment (分办) and signing (签收)
    handling_mode = models.CharField(_("办理方式"), max_length=20, choices=HandlingMode.choices, blank=True)
    receiving_department = models.ForeignKey(
        Department,
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_clues",
    )
    receiving_township = models.ForeignKey(
        Township,
        verbose_name=_("承办乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_clues",
    )
    receiving_zone = models.ForeignKey(
        Zone, verbose_name=_("承办协作区"), null=True, blank=True, on_delete=models.PROTECT, related_name="clues"
    )
    receiving_body = models.CharField(
        _("外单位名称"), max_length=100, blank=True, help_text=_("转办、督办至本机关以外单位时填写")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_clues",
    )
    assigned_on = models.DateField(_("分办日期"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_back_due = models.DateField(_("报结时限"), null=True, blank=True, help_text=_("交办件要求报告结果的日期"))
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Disposal (处置)
    disposal_method = models.CharField(
        _("处置方式"), max_length=20, choices=DisposalMethod.choices, blank=True, db_index=True
    )
    decided_on = models.DateField(_("处置决定日期"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inquiry_form = models.CharField(_("谈话函询形式"), max_length=10, choices=InquiryForm.choices, blank=True)
    inquiry_on = models.DateField(_("谈话/发函日期"), null=True, blank=True)
    reply_on = models.DateField(_("书面说明收到日期"), null=True, blank=True)
    plan_approved_on = models.DateField(_("初核方案审批日期"), null=True, blank=True)
    report_on = models.DateField(_("初核情况报告日期"), null=True, blank=True)
    hold_reason = models.CharField(_("暂存原因"), max_length=200, blank=True)
    close_reason = models.CharField(_("了结原因"), max_length=30, choices=CloseReason.choices, blank=True)

    # Conclusion (办结) and close-off (销号)
    result = models.CharField(_("办理结果"), max_length=30, choices=ClueResult.choices, blank=True)
    result_note = models.TextField(_("办理结果说明"), max_length=2000, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Deadlines (computed on the working-day calendar by clues.deadlines)
    assign_due = models.DateField(_("分办期限"), null=True, blank=True)
    sign_due = models.DateField(_("签收期限"), null=True, blank=True)
    conclusion_due = models.DateField(_("信访办结期限"), null=True, blank=True)
    reply_due = models.DateField(_("书面说明期限"), null=True, blank=True)
    inquiry_conclusion_due = models.DateField(_("谈话函询办结期限"), null=True, blank=True)
    verification_due = models.DateField(_("初步核实期限"), null=True, blank=True)
    hold_review_on = models.DateField(_("暂存复查日期"), null=True, blank=True)
    reporter_accept_due = models.DateField(_("受理告知期限"), null=True, blank=True)
    reporter_result_due = models.DateField(_("结果告知期限"), null=True, blank=True)

    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ClueManager()
    scope_roles = {"view": "content", "change": "working", "manage": "working"}
    scope_paths = ScopePaths(county="county", township=_clue_township, village="village", owner="registered_by")

    class Meta:
        verbose_name = _("问题线索")
        verbose_name_plural = _("问题线索")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["county", "received_on"]),
            models.Index(fields=["township", "received_on"]),
            models.Index(fields=["status", "disposal_method"]),
            models.Index(fields=["village", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="clue_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(is_duplicate=False) | Q(duplicate_of__isnull=False), name="clue_duplicate_has_original"
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("pk")), name="clue_not_duplicate_of_itself"),
        ]

    def __str__(self):
        return self.number or str(_("（未编号线索）"))

    @property
    def receiving_unit(self):
        """The department, township, zone or outside body that handles the clue (or ``None``)."""
        unit = self.receiving_department or self.receiving_township or self.receiving_zone
        return unit or self.receiving_body or None

    @property
    def is_open(self) -> bool:
        return self.status in (ClueStatus.REGISTERED, ClueStatus.ASSIGNED, ClueStatus.DISPOSING)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def clean(self):
        errors = {}
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = _("受理日期不能晚于今天")
        if self.registered_at and self.received_on and self.received_on > timezone.localdate(self.registered_at):
            errors.setdefault("received_on", _("受理日期不能晚于登记日期"))
        if self.village_id and self.township_id and self.village.township_id != self.township_id:
            errors["village"] = _("所选村（社区）不属于所选乡镇")
        if self.village_id and not self.township_id:
            errors["township"] = _("选择了村（社区）时必须选择其所属乡镇")
        if self.township_id and self.county_id and self.township.county_id != self.county_id:
            errors["township"] = _("所选乡镇不属于本区县")
        if self.is_duplicate and self.duplicate_of_id and self.duplicate_of_id == self.pk:
            errors["duplicate_of"] = _("线索不能是自身的重复件")
        receivers = [self.receiving_department_id, self.receiving_township_id, self.receiving_zone_id]
        if sum(1 for r in receivers if r) > 1:
            errors["receiving_department"] = _("承办单位只能选择一个（部门、乡镇或协作区）")
        if errors:
            raise ValidationError(errors)


@track
class ClueProblemType(models.Model):
    clue = models.ForeignKey(Clue, verbose_name=_("问题线索"), on_delete=models.CASCADE)
    problem_type = models.ForeignKey(ProblemType, verbose_name=_("问题类型"), on_delete=models.PROTECT)

    objects = ScopedManager()
    scope_roles = Clue.scope_roles
    scope_paths = _child_paths("clue__", owner="clue__registered_by")

    class Meta:
        verbose_name = _("线索问题类型")
        verbose_name_plural = _("线索问题类型")
        constraints = [models.UniqueConstraint(fields=["clue", "problem_type"], name="clue_problem_type_unique")]

    def __str__(self):
        return f"{self.clue_id} · {self.problem_type_id}"


@track
class ClueSubject(models.Model):
    """A person reported in a clue, with their unit and position at the time."""

    clue = models.ForeignKey(Clue, verbose_name=_("问题线索"), on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, verbose_name=_("被反映人"), on_delete=models.PROTECT, related_name="clue_links")
    unit = models.CharField(_("时任单位"), max_length=100, blank=True)
    position = models.CharField(_("时任职务"), max_length=100, blank=True)
    cadre_level = models.CharField(_("干部层级"), max_length=20, choices=CadreLevel.choices, db_index=True)
    political_status = models.CharField(_("政治面貌"), max_length=20, choices=PoliticalStatus.choices)
    is_public_official = models.BooleanField(_("公职人员"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ScopedManager()
    scope_roles = Clue.scope_roles
    scope_paths = _child_paths("clue__", owner="clue__registered_by")

    class Meta:
        verbose_name = _("被反映人（线索）")
        verbose_name_plural = _("被反映人（线索）")
        ordering = ["clue", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["clue", "person"], name="clue_subject_unique")]

    def __str__(self):
        return f"{self.person.name}（{self.position or self.unit}）"


# The reporter's identity: never copied into the audit trail, which auditors read (the services record
# which of these fields changed, with the values left out).
REPORTER_IDENTITY_FIELDS = ("name", "phone", "id_number", "address")


@track(exclude=REPORTER_IDENTITY_FIELDS)
class Reporter(models.Model):
    """A named reporter's identity, kept apart from the clue; read only through ``reporter_for``."""

    clue = models.OneToOneField(Clue, verbose_name=_("问题线索"), on_delete=models.CASCADE, related_name="reporter")
    name = models.CharField(_("举报人姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[phone_validator])
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    notified_accept_on = models.DateField(_("受理告知日期"), null=True, blank=True)
    notified_result_on = models.DateField(_("结果告知日期"), null=True, blank=True)

    objects = ScopedManager()
    scope_roles = {"view": "identity", "change": "identity", "manage": "identity"}
    scope_paths = _child_paths("clue__")

    class Meta:
        verbose_name = _("实名举报人")
        verbose_name_plural = _("实名举报人")

    def __str__(self):
        return str(_("%(number)s 的举报人") % {"number": self.clue.number})

    def clean(self):
        value = (self.id_number or "").strip().upper()
        if value and not (len(value) == 18 and value[:17].isdigit() and (value[17].isdigit() or value[17] == "X")):
            raise ValidationError({"id_number": _("身份证号应为 18 位（最后一位可为 X）")})
        self.id_number = value


def attachment_path(instance, filename):
    """A random name under clues/<year>/: the uploaded name is kept only in the database."""
    ext = (instance.kind or "bin").lower()
    return f"clues/{timezone.localdate().year}/{uuid.uuid4().hex}.{ext}"


@track
class ClueAttachment(models.Model):
    clue = models.ForeignKey(Clue, verbose_name=_("问题线索"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("文件类型"), max_length=10)
    content_type = models.CharField(_("MIME 类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = ScopedManager()
    scope_roles = Clue.scope_roles
    scope_paths = _child_paths("clue__", owner="clue__registered_by")

    class Meta:
        verbose_name = _("线索附件")
        verbose_name_plural = _("线索附件")
        ordering = ["clue", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


@track
class ClueDisposal(models.Model):
    """One disposal decision: a clue switched from 谈话函询 to 初步核实 has two rows."""

    clue = models.ForeignKey(Clue, verbose_name=_("问题线索"), on_delete=models.CASCADE, related_name="disposals")
    method = models.CharField(_("处置方式"), max_length=20, choices=DisposalMethod.choices)
    decided_on = models.DateField(_("处置决定日期"), db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.CharField(_("结果"), max_length=30, choices=ClueResult.choices, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager()
    scope_roles = Clue.scope_roles
    scope_paths = _child_paths("clue__", owner="clue__registered_by")

    class Meta:
        verbose_name = _("处置记录")
        verbose_name_plural = _("处置记录")
        ordering = ["clue", "decided_on", "id"]

    def __str__(self):
        return f"{self.clue_id} · {self.get_method_display()}"


@track
class ClueEvent(models.Model):
    """One line of a clue's timeline: who did what, when, from which status to which."""

    clue = models.ForeignKey(Clue, verbose_name=_("问题线索"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    from_status = models.CharField(_("原状态"), max_length=20, choices=ClueStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=ClueStatus.choices, blank=True)
    note = models.TextField(_("说明"), max_length=2000, blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = ScopedManager()
    scope_roles = Clue.scope_roles
    scope_paths = _child_paths("clue__", owner="clue__registered_by")

    class Meta:
        verbose_name = _("线索办理记录")
        verbose_name_plural = _("线索办理记录")
        ordering = ["clue", "at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
