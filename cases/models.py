"""Cases (立案审查调查), persons under investigation, measures and the four forms (DOMAIN.md §3)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.tracking import track
from core.calendar import add_months
from core.scoping import ScopedManager, ScopePaths
from people.models import Person
from zones.models import County, Department, Township, Zone

from .choices import (
    FORM_OF,
    INFLUENCE_MONTHS,
    MEASURE_TYPE_OF,
    PERMANENT_KINDS,
    SANCTION_TYPES,
    CaseEventKind,
    CaseStatus,
    Form,
    MeasureKind,
    MeasureType,
)

# Who may file and run cases; the auditor and the petition desk only read them.
CASE_WORKERS = ("leader", "zone_leader", "case_officer", "township_officer")
CASE_READERS = (*CASE_WORKERS, "petition_officer", "auditor")
CASE_SCOPE_ROLES = {"view": CASE_READERS, "change": CASE_WORKERS, "manage": CASE_WORKERS}

money_validators = [MinValueValidator(Decimal("0"), message=_("金额不能为负数"))]


def _money(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, default=Decimal("0"), validators=money_validators
    )


def _county_of_townships(ids):
    return Q(county__in=Township.objects.filter(pk__in=ids).values("county_id"))


def _township_or_joint_zone(prefix: str = "", township: str = "township"):
    """Rows of the townships, and of cases their zone handles jointly (协作查办: the zone's bodies take part)."""
    from zones.models import ZoneMembership

    def q(ids):
        zones = ZoneMembership.objects.current().filter(township_id__in=ids).values("zone_id")
        return Q(**{f"{township}__in": ids}) | Q(**{f"{prefix}joint_zone__in": zones})

    return q


@track
class CaseSettings(models.Model):
    """A county's local limits for cases (DOMAIN.md: defaults an administrator may change)."""

    county = models.OneToOneField(
        County, verbose_name=_("区县"), on_delete=models.CASCADE, related_name="case_settings"
    )
    investigation_days = models.PositiveSmallIntegerField(
        _("审查调查期限（天）"), default=90, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    extension_max_days = models.PositiveSmallIntegerField(
        _("延长期限上限（天）"), default=90, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    review_days = models.PositiveSmallIntegerField(
        _("审理期限（天）"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    execution_days = models.PositiveSmallIntegerField(
        _("处分执行期限（天）"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("处分决定作出后应宣布并执行到位的期限"),
    )
    warning_days = models.PositiveSmallIntegerField(
        _("到期提前提醒（天）"), default=7, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    probation_warning_days = models.PositiveSmallIntegerField(
        _("留党察看到期提前提醒（天）"), default=30, validators=[MinValueValidator(0), MaxValueValidator(180)]
    )

    objects = ScopedManager()
    scope_roles = {"view": "content", "change": "admin", "manage": "admin"}
    scope_paths = ScopePaths(county="county", township=_county_of_townships)

    class Meta:
        verbose_name = _("案件期限设置")
        verbose_name_plural = _("案件期限设置")

    def __str__(self):
        return _("%(county)s案件期限设置") % {"county": self.county}

    @classmethod
    def for_county(cls, county) -> CaseSettings:
        """The county's settings, or the defaults (unsaved) when none were entered."""
        county_id = getattr(county, "pk", county)
        found = cls.objects.filter(county_id=county_id).first()
        return found or cls(county_id=county_id)


@track
class Case(models.Model):
    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("案件编号"), max_length=32, unique=True, editable=False)
    clue = models.ForeignKey(
        "clues.Clue",
        verbose_name=_("来源线索"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField(_("案由"), max_length=200, help_text=_("例如：某某涉嫌截留挪用惠农补贴资金问题"))
    summary = models.TextField(_("简要案情"), blank=True, max_length=5000)
    filed_on = models.DateField(_("立案日期"))
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("立案审批人"), on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Township,
        verbose_name=_("所属乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("统计口径所属乡镇；县直单位案件留空"),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("承办部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    joint_handling = models.BooleanField(_("协作查办"), default=False)
    joint_zone = models.ForeignKey(
        Zone, verbose_name=_("协作区"), null=True, blank=True, on_delete=models.PROTECT, related_name="joint_cases"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.FILED, db_index=True
    )
    investigation_days = models.PositiveSmallIntegerField(_("审查调查期限（天）"), default=90)
    investigation_due = models.DateField(_("审查调查期限届满日"), db_index=True)
    investigation_due_provisional = models.BooleanField(_("期限暂按计算"), default=False)
    review_received_on = models.DateField(_("移送审理日期"), null=True, blank=True)
    review_due = models.DateField(_("审理期限届满日"), null=True, blank=True, db_index=True)
    review_concluded_on = models.DateField(_("审理完结日期"), null=True, blank=True)
    decided_on = models.DateField(_("处理决定日期"), null=True, blank=True, db_index=True)
    concluded_on = models.DateField(_("结案日期"), null=True, blank=True, db_index=True)
    violation_amount = _money(_("违纪违法金额（元）"))
    recovered_amount = _money(_("收缴/追缴违纪资金（元）"))
    returned_amount = _money(_("退还群众资金（元）"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager()
    scope_roles = CASE_SCOPE_ROLES
    scope_paths = ScopePaths(county="county", township=_township_or_joint_zone())

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-filed_on", "-id"]
        indexes = [
            models.Index(fields=["county", "filed_on"]),
            models.Index(fields=["township", "filed_on"]),
            models.Index(fields=["county", "concluded_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="case_amounts_not_negative",
                condition=Q(violation_amount__gte=0) & Q(recovered_amount__gte=0) & Q(returned_amount__gte=0),
            ),
            models.CheckConstraint(
                name="case_joint_has_zone",
                condition=Q(joint_handling=False, joint_zone__isnull=True)
                | Q(joint_handling=True, joint_zone__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CONCLUDED

    @property
    def in_investigation(self) -> bool:
        return self.status in (CaseStatus.FILED, CaseStatus.INVESTIGATING)

    @property
    def in_review(self) -> bool:
        return self.status == CaseStatus.REVIEWING

    @property
    def badge_class(self) -> str:
        return {
            CaseStatus.FILED: "text-bg-warning",
            CaseStatus.INVESTIGATING: "text-bg-warning",
            CaseStatus.REVIEWING: "text-bg-primary",
            CaseStatus.DECIDED: "text-bg-success",
        }.get(self.status, "text-bg-secondary")

    def investigation_days_left(self, today: datetime.date) -> int | None:
        if not self.in_investigation:
            return None
        return (self.investigation_due - today).days

    def review_days_left(self, today: datetime.date) -> int | None:
        if self.status != CaseStatus.REVIEWING or self.review_due is None:
            return None
        return (self.review_due - today).days


@track
class CaseExtension(models.Model):
    """The one recorded extension of a case's investigation period."""

    case = models.OneToOneField(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="extension")
    approved_on = models.DateField(_("批准日期"))
    days = models.PositiveSmallIntegerField(_("延长天数"), validators=[MinValueValidator(1)])
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("延长理由"), max_length=300)
    previous_due = models.DateField(_("原期限届满日"))
    new_due = models.DateField(_("延长后期限届满日"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedManager()
    scope_roles = CASE_SCOPE_ROLES
    scope_paths = ScopePaths(county="case__county", township=_township_or_joint_zone("case__", "case__township"))

    class Meta:
        verbose_name = _("审查调查期限延长")
        verbose_name_plural = _("审查调查期限延长")

    def __str__(self):
        return _("%(case)s 延长 %(days)s 天") % {"case": self.case.number, "days": self.days}


@track
class CasePerson(models.Model):
    """A person under investigation in a case; ``form`` is computed from their measures."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(
        Person, verbose_name=_("被审查调查人"), on_delete=models.PROTECT, related_name="case_links"
    )
    form = models.PositiveSmallIntegerField(
        _("四种形态"), choices=Form.choices, null=True, blank=True, editable=False, db_index=True
    )
    form_decided_on = models.DateField(_("形态认定日期"), null=True, blank=True, editable=False)
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    objects = ScopedManager()
    scope_roles = CASE_SCOPE_ROLES
    scope_paths = ScopePaths(county="case__county", township=_township_or_joint_zone("case__", "case__township"))

    class Meta:
        verbose_name = _("被审查调查人")
        verbose_name_plural = _("被审查调查人")
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_person_unique")]

    def __str__(self):
        return f"{self.case.number} · {self.person.name}"


@track
class ClueMeasureSubject(models.Model):
    """A person given measures when a clue concluded without a case (first-form results)."""

    clue = models.ForeignKey(
        "clues.Clue", verbose_name=_("线索"), on_delete=models.CASCADE, related_name="measure_subjects"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("被反映人"), on_delete=models.PROTECT, related_name="clue_measure_links"
    )
    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey(
        Township, verbose_name=_("所属乡镇"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    form = models.PositiveSmallIntegerField(
        _("四种形态"), choices=Form.choices, null=True, blank=True, editable=False, db_index=True
    )
    form_decided_on = models.DateField(_("形态认定日期"), null=True, blank=True, editable=False)

    objects = ScopedManager()
    scope_roles = CASE_SCOPE_ROLES
    scope_paths = ScopePaths(county="county", township="township")

    class Meta:
        verbose_name = _("线索处置对象")
        verbose_name_plural = _("线索处置对象")
        ordering = ["clue", "id"]
        constraints = [models.UniqueConstraint(fields=["clue", "person"], name="case_clue_measure_subject_unique")]

    def __str__(self):
        return f"{self.clue} · {self.person.name}"


@track
class Measure(models.Model):
    """One measure on one person: a sanction, organisational handling, or transfer to judicial organs.

    It belongs to a person in a case (``case_person``) or to a person on a clue concluded
    with first-form measures (``clue_subject``), never both. ``county``/``township`` copy the
    owner's, so scoping and statistics need no joins.
    """

    county = models.ForeignKey(County, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey(
        Township, verbose_name=_("所属乡镇"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="measures")
    case_person = models.ForeignKey(
        CasePerson,
        verbose_name=_("案件被审查调查人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="measures",
    )
    clue_subject = models.ForeignKey(
        ClueMeasureSubject,
        verbose_name=_("线索处置对象"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="measures",
    )
    measure_type = models.CharField(_("措施类别"), max_length=20, choices=MeasureType.choices, editable=False)
    kind = models.CharField(_("措施"), max_length=40, choices=MeasureKind.choices)
    form = models.PositiveSmallIntegerField(_("四种形态"), choices=Form.choices, editable=False)
    decided_on = models.DateField(_("决定日期"), db_index=True)
    document_number = models.CharField(_("决定文号"), max_length=60, blank=True)
    probation_years = models.PositiveSmallIntegerField(
        _("留党察看期限（年）"), null=True, blank=True, choices=[(1, _("一年")), (2, _("二年"))]
    )
    influence_until = models.DateField(_("影响期截止日"), null=True, blank=True, editable=False, db_index=True)
    execution_due = models.DateField(_("执行期限"), null=True, blank=True, editable=False, db_index=True)
    executed_on = models.DateField(_("宣布执行日期"), null=True, blank=True)
    probation_resolved_on = models.DateField(
        _("察看期满处理日期"), null=True, blank=True, help_text=_("留党察看期满恢复党员权利或作出其他处理的日期")
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedManager()
    scope_roles = CASE_SCOPE_ROLES
    scope_paths = ScopePaths(county="county", township=_township_or_joint_zone("case_person__case__"))

    class Meta:
        verbose_name = _("处理措施")
        verbose_name_plural = _("处理措施")
        ordering = ["decided_on", "id"]
        indexes = [
            models.Index(fields=["county", "decided_on"]),
            models.Index(fields=["kind", "influence_until"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="measure_one_owner",
                condition=Q(case_person__isnull=False, clue_subject__isnull=True)
                | Q(case_person__isnull=True, clue_subject__isnull=False),
            ),
            models.CheckConstraint(
                name="measure_probation_years",
                condition=Q(kind=MeasureKind.PARTY_PROBATION, probation_years__in=[1, 2])
                | (~Q(kind=MeasureKind.PARTY_PROBATION) & Q(probation_years__isnull=True)),
            ),
            models.CheckConstraint(name="measure_form_range", condition=Q(form__gte=1, form__lte=4)),
        ]

    def __str__(self):
        return f"{self.person.name} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.measure_type = MEASURE_TYPE_OF[self.kind]
        self.form = FORM_OF[self.kind]
        self.influence_until = self.compute_influence_until()
        super().save(*args, **kwargs)

    @property
    def is_sanction(self) -> bool:
        return MEASURE_TYPE_OF.get(self.kind) in SANCTION_TYPES

    @property
    def is_probation(self) -> bool:
        return self.kind == MeasureKind.PARTY_PROBATION

    @property
    def is_permanent(self) -> bool:
        return self.kind in PERMANENT_KINDS

    @property
    def influence_months(self) -> int | None:
        if self.kind == MeasureKind.PARTY_PROBATION:
            return 12 * self.probation_years if self.probation_years else None
        return INFLUENCE_MONTHS.get(self.kind)

    def compute_influence_until(self) -> datetime.date | None:
        months = self.influence_months
        if months is None or self.decided_on is None:
            return None
        return add_months(self.decided_on, months)

    def in_influence_on(self, day: datetime.date) -> bool:
        """Whether ``day`` falls inside the influence period (the decision day through the last day)."""
        if self.decided_on is None or day < self.decided_on:
            return False
        if self.is_permanent:
            return True
        return self.influence_until is not None and day <= self.influence_until

    @property
    def owner_label(self) -> str:
        if self.case_person_id:
            return self.case_person.case.number
        return str(self.clue_subject.clue)


@track
class CaseEvent(models.Model):
    """One step on a case's timeline: who did what, when."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=32, choices=CaseEventKind.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_date = models.DateField(_("业务日期"), null=True, blank=True)
    from_status = models.CharField(_("原状态"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=CaseStatus.choices, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    objects = ScopedManager()
    scope_roles = CASE_SCOPE_ROLES
    scope_paths = ScopePaths(county="case__county", township=_township_or_joint_zone("case__", "case__township"))

    class Meta:
        verbose_name = _("案件办理记录")
        verbose_name_plural = _("案件办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case.number} {self.get_kind_display()}"
