"""Forms of the case pages; they collect input, the services decide."""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.choices import CadreLevel, PoliticalStatus
from people.models import RoleAssignment, User
from people.roles import Role
from people.scopes import scope_for
from zones.models import County, Department, Township, Zone

from .choices import MEASURE_TYPE_OF, MeasureKind, MeasureType
from .models import CASE_WORKERS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {
    "max_digits": 14,
    "decimal_places": 2,
    "min_value": 0,
    "error_messages": {"min_value": _("金额不能为负数。"), "invalid": _("请输入金额（元），如 1200.50。")},
}


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def leaders_of(county_ids) -> forms.models.QuerySet:
    """Commission leaders who may approve a filing or an extension in these counties."""
    return (
        User.objects.filter(is_active=True, role_assignments__role=Role.LEADER, role_assignments__county__in=county_ids)
        .distinct()
        .order_by("real_name", "username")
    )


def workers_of(county_ids) -> forms.models.QuerySet:
    """Staff who may handle a case in these counties."""
    reach = (
        Q(role_assignments__county__in=county_ids)
        | Q(role_assignments__zone__county__in=county_ids)
        | Q(role_assignments__township__county__in=county_ids)
    )
    assignments = RoleAssignment.objects.filter(role__in=CASE_WORKERS).select_related("county", "zone", "township")
    return (
        User.objects.filter(reach, is_active=True, role_assignments__role__in=CASE_WORKERS)
        .distinct()
        .order_by("real_name", "username")
        .prefetch_related(Prefetch("role_assignments", queryset=assignments, to_attr="case_roles"))
    )


def worker_label(user) -> str:
    """「姓名（角色·范围）」, so a handler outside the case's township is not picked by mistake."""
    roles = "、".join(
        f"{a.get_role_display()}·{a.township or a.zone or a.county}" for a in getattr(user, "case_roles", [])
    )
    name = user.real_name or user.username
    return f"{name}（{roles}）" if roles else name


class CaseInfoForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("案由"), max_length=200, help_text=_("例如：某某涉嫌截留挪用惠农补贴资金问题"))
    summary = forms.CharField(
        label=_("简要案情"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    township = forms.ModelChoiceField(
        label=_("所属乡镇"), queryset=Township.objects.none(), required=False, help_text=_("县直单位案件留空")
    )
    department = forms.ModelChoiceField(label=_("承办部门"), queryset=Department.objects.none(), required=False)
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none(), required=False)
    joint_handling = forms.BooleanField(label=_("协作区协作查办"), required=False)
    joint_zone = forms.ModelChoiceField(label=_("协作区"), queryset=Zone.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        reach = scope_for(user).reach(CASE_WORKERS)
        self.county_ids = list(County.objects.restrict(user).values_list("pk", flat=True))
        self.township_required = not reach.everything and not reach.counties
        townships = Township.objects.restrict(user).filter(active=True).select_related("county")
        if self.township_required:
            townships = townships.filter(pk__in=reach.townships)
            self.fields["township"].required = True
            self.fields["township"].help_text = ""
        self.fields["township"].queryset = townships
        self.fields["department"].queryset = Department.objects.filter(county__in=self.county_ids, active=True)
        self.fields["handler"].queryset = workers_of(self.county_ids)
        self.fields["handler"].label_from_instance = worker_label
        self.fields["joint_zone"].queryset = Zone.objects.filter(county__in=self.county_ids, active=True)

    def clean(self):
        data = super().clean()
        if data.get("joint_handling") and not data.get("joint_zone"):
            self.add_error("joint_zone", _("协作查办的案件请选择协作区。"))
        if not data.get("joint_handling"):
            data["joint_zone"] = None
        return data


class CaseFileForm(CaseInfoForm):
    county = forms.ModelChoiceField(label=_("区县"), queryset=County.objects.none())
    clue = forms.ModelChoiceField(
        label=_("来源线索"),
        queryset=None,
        required=False,
        help_text=_("由线索初步核实后立案的，选择该线索：线索随之以“立案审查调查”办结，其被反映人自动列为被审查调查人"),
    )
    filed_on = forms.DateField(label=_("立案日期"), widget=DATE)
    approver = forms.ModelChoiceField(label=_("立案审批人"), queryset=User.objects.none())

    field_order = ["county", "clue", "title", "summary", "filed_on", "approver", "township", "department", "handler"]

    def __init__(self, *args, user, **kwargs):
        from clues.models import Clue

        super().__init__(*args, user=user, **kwargs)
        counties = County.objects.filter(pk__in=self.county_ids)
        self.fields["county"].queryset = counties
        if len(self.county_ids) == 1:
            self.fields["county"].initial = self.county_ids[0]
            self.fields["county"].widget = forms.HiddenInput()
        # Clues under 初步核实 without a case yet; a 立案 result files its case through the clue itself.
        self.fields["clue"].queryset = (
            Clue.objects.restrict(user, "change")
            .filter(cases__isnull=True, status="disposing", disposal_method="verification", is_duplicate=False)
            .order_by("-received_on", "-id")
        )
        self.fields["clue"].label_from_instance = lambda c: f"{c.number} {c.summary[:30]}"
        self.fields["approver"].queryset = leaders_of(self.county_ids)
        self.fields["approver"].label_from_instance = lambda u: u.real_name or u.username
        leaders = list(self.fields["approver"].queryset[:2])
        if len(leaders) == 1:
            self.fields["approver"].initial = leaders[0].pk
        self.fields["filed_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        county, township, clue = data.get("county"), data.get("township"), data.get("clue")
        if county and township and township.county_id != county.pk:
            self.add_error("township", _("所选乡镇不属于所选区县。"))
        if county and clue and clue.county_id != county.pk:
            self.add_error("clue", _("所选线索不属于所选区县。"))
        if clue and not township and clue.township_id and not self.township_required:
            data["township"] = clue.township
        return data


class StartForm(BootstrapMixin, forms.Form):
    on_date = forms.DateField(label=_("开始日期"), widget=DATE, required=False)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class SendToReviewForm(BootstrapMixin, forms.Form):
    received_on = forms.DateField(label=_("移送审理日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class ReturnForm(BootstrapMixin, forms.Form):
    on_date = forms.DateField(label=_("退回日期"), widget=DATE)
    note = forms.CharField(label=_("退回原因"), max_length=300)


class DecideForm(BootstrapMixin, forms.Form):
    review_concluded_on = forms.DateField(label=_("审理完结日期"), widget=DATE)
    decided_on = forms.DateField(label=_("处理决定日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class ConcludeForm(BootstrapMixin, forms.Form):
    concluded_on = forms.DateField(label=_("结案日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class ExtensionForm(BootstrapMixin, forms.Form):
    approved_on = forms.DateField(label=_("批准日期"), widget=DATE)
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=365)
    approver = forms.ModelChoiceField(label=_("批准人"), queryset=User.objects.none())
    reason = forms.CharField(label=_("延长理由"), max_length=300)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = leaders_of([case.county_id])
        self.fields["approver"].label_from_instance = lambda u: u.real_name or u.username


class AmountsForm(BootstrapMixin, forms.Form):
    violation_amount = forms.DecimalField(label=_("违纪违法金额（元）"), **MONEY)
    recovered_amount = forms.DecimalField(label=_("收缴/追缴违纪资金（元）"), **MONEY)
    returned_amount = forms.DecimalField(label=_("退还群众资金（元）"), **MONEY)


class PersonCreateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    unit = forms.CharField(label=_("工作单位"), max_length=100)
    position = forms.CharField(label=_("职务"), max_length=100, required=False)
    cadre_level = forms.ChoiceField(label=_("干部层级"), choices=CadreLevel.choices)
    political_status = forms.ChoiceField(label=_("政治面貌"), choices=PoliticalStatus.choices)
    is_public_official = forms.BooleanField(label=_("公职人员"), required=False)


def _grouped_kinds(kinds=None):
    groups = []
    for measure_type in MeasureType:
        options = [
            (k, MeasureKind(k).label)
            for k, t in MEASURE_TYPE_OF.items()
            if t == measure_type and (kinds is None or k in kinds)
        ]
        if options:
            groups.append((measure_type.label, options))
    return [("", "---------"), *groups]


class MeasureForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("处理措施"), choices=_grouped_kinds)
    decided_on = forms.DateField(label=_("决定日期"), widget=DATE)
    document_number = forms.CharField(
        label=_("决定文号"), max_length=60, required=False, help_text=_("例如：渭纪处〔2025〕12号")
    )
    probation_years = forms.TypedChoiceField(
        label=_("留党察看期限"),
        choices=[("", _("（仅留党察看填写）")), (1, _("一年")), (2, _("二年"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    executed_on = forms.DateField(
        label=_("宣布执行日期"), widget=DATE, required=False, help_text=_("处分已宣布执行的填写")
    )
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class ExecuteForm(BootstrapMixin, forms.Form):
    executed_on = forms.DateField(label=_("宣布执行日期"), widget=DATE)


class ProbationForm(BootstrapMixin, forms.Form):
    resolved_on = forms.DateField(label=_("期满处理日期"), widget=DATE)


class MeasureDeleteForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200)


class IntegritySearchForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip() and not (data.get("unit") or "").strip():
            raise forms.ValidationError(_("请输入姓名或工作单位。"))
        return data


class IntegrityDateForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("截至日期"), widget=DATE, required=False)
