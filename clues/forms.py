"""Browser forms of the clue desk: registration (with its persons formset) and the workflow steps."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.choices import CadreLevel, PoliticalStatus
from people.forms import BootstrapMixin
from people.models import Person, User
from zones.models import Township, Village

from .choices import (
    CloseReason,
    ClueCategory,
    ClueChannel,
    ClueDomain,
    ClueResult,
    ClueSource,
    ClueStep,
    DisposalMethod,
    HandlingMode,
    InquiryForm,
)
from .models import ProblemType

SUMMARY_MAX = 200
DESCRIPTION_MAX = 20000
CHANNEL_SOURCES = {ClueSource.PETITION}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the content checks are the service's (type by content, sizes)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def assignee_label(user) -> str:
    """「姓名（角色·范围）」 when the candidates were loaded with their roles (see ``views.assignee_choices``)."""
    name = user.real_name or user.username
    roles = [
        f"{ra.get_role_display()}·{ra.township or ra.zone or ra.county}"
        for ra in getattr(user, "handling_roles", ())
        if ra.township or ra.zone or ra.county
    ]
    return f"{name}（{'；'.join(roles)}）" if roles else name


def _choices(enum, blank=True):
    return [("", "---------"), *enum.choices] if blank else list(enum.choices)


class ClueRegisterForm(BootstrapMixin, forms.Form):
    """Every field of DOMAIN.md §2 except the persons reported (a formset beside it)."""

    received_on = forms.DateField(
        label=_("受理日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请输入有效的日期，例如 2025-03-18")},
    )
    category = forms.ChoiceField(
        label=_("信访举报分类"),
        choices=ClueCategory.choices,
        initial=ClueCategory.ACCUSATION,
        help_text=_("只有检举控告类作为问题线索处置；申诉、批评建议登记后答复"),
    )
    source = forms.ChoiceField(label=_("线索来源"), choices=_choices(ClueSource))
    channel = forms.ChoiceField(
        label=_("举报方式"), choices=_choices(ClueChannel), required=False, help_text=_("信访举报必填")
    )
    is_anonymous = forms.TypedChoiceField(
        label=_("举报人"),
        choices=[("1", _("匿名")), ("0", _("实名"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label=_("举报人姓名"), max_length=50, required=False)
    reporter_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    reporter_id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    reporter_address = forms.CharField(label=_("联系地址"), max_length=200, required=False)
    township = forms.ModelChoiceField(
        label=_("乡镇（街道）"),
        queryset=Township.objects.none(),
        required=False,
        help_text=_("问题发生地所在乡镇；反映县直单位的留空"),
        error_messages={"invalid_choice": _("所选乡镇不存在或不在您的管辖范围内")},
    )
    village = forms.ModelChoiceField(
        label=_("村（社区）"),
        queryset=Village.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选村（社区）不存在或不在您的管辖范围内")},
    )
    domain = forms.ChoiceField(label=_("领域"), choices=_choices(ClueDomain))
    problem_types = forms.ModelMultipleChoiceField(
        label=_("问题类型"),
        queryset=ProblemType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一种问题类型")},
    )
    amount = forms.DecimalField(
        label=_("涉及金额（元）"),
        required=False,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), message=_("涉及金额不能为负数"))],
        error_messages={
            "invalid": _("请输入数字金额，例如 12800.50"),
            "max_decimal_places": _("金额最多保留两位小数"),
            "max_digits": _("金额过大，请核对"),
            "max_whole_digits": _("金额过大，请核对"),
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )
    summary = forms.CharField(
        label=_("内容摘要"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": SUMMARY_MAX}),
        help_text=_("不超过 200 字，用于台账和统计"),
    )
    description = forms.CharField(
        label=_("详细情况"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("可多选；支持 PDF、JPG、PNG、DOCX、XLSX、TXT"),
    )

    def __init__(self, *args, user=None, townships=None, fixed_township=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fixed_township = fixed_township
        self.fields["township"].queryset = townships if townships is not None else Township.objects.none()
        self.fields["village"].queryset = Village.objects.restrict(user).filter(
            township__in=self.fields["township"].queryset, active=True
        )
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt"
        self.fields["received_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["summary"].error_messages["max_length"] = _("内容摘要不能超过 200 字（现有 %(show_value)d 字）")
        self.fields["description"].error_messages["max_length"] = _(
            "详细情况不能超过 %(limit_value)d 字（现有 %(show_value)d 字）"
        )
        for name in ("reporter_name", "reporter_phone", "reporter_id_number", "reporter_address"):
            self.fields[name].widget.attrs["data-qf-reporter"] = "1"
        if fixed_township is not None:
            self.fields["township"].initial = fixed_township.pk
            self.fields["township"].disabled = True
            self.fields["township"].required = True
            self.fields["township"].help_text = _("乡镇纪委只能登记本乡镇的线索")
        for name in ("is_anonymous", "problem_types"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def selected_township(self):
        """The township whose villages the village select should offer (bound or initial)."""
        if self.fixed_township is not None:
            return self.fixed_township
        raw = self["township"].value()
        if not raw:
            return None
        return self.fields["township"].queryset.filter(pk=raw).first() if str(raw).isdigit() else None

    def village_choices(self):
        township = self.selected_township()
        if township is None:
            return Village.objects.none()
        return self.fields["village"].queryset.filter(township=township)

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("受理日期不能晚于今天"))
        return value

    def clean_reporter_id_number(self):
        value = self.cleaned_data["reporter_id_number"].strip().upper()
        if value and not (len(value) == 18 and value[:17].isdigit() and (value[17].isdigit() or value[17] == "X")):
            raise forms.ValidationError(_("身份证号应为 18 位（最后一位可为 X）"))
        return value

    def clean(self):
        cleaned = super().clean()
        anonymous = cleaned.get("is_anonymous")
        if anonymous is False and not cleaned.get("reporter_name", "").strip():
            self.add_error("reporter_name", _("实名举报请填写举报人姓名；不愿留名的请选择“匿名”"))
        if cleaned.get("source") in CHANNEL_SOURCES and not cleaned.get("channel"):
            self.add_error("channel", _("信访举报请选择举报方式（来信、来访、电话、网络等）"))
        township, village = cleaned.get("township"), cleaned.get("village")
        if village is not None:
            if township is None:
                self.add_error("township", _("选择了村（社区）时必须选择其所属乡镇"))
            elif village.township_id != township.pk:
                self.add_error(
                    "village",
                    _("“%(village)s”不属于%(township)s，请重新选择") % {"village": village, "township": township},
                )
        return cleaned

    def reporter(self) -> dict | None:
        """The reporter's identity, or ``None`` for an anonymous report."""
        data = self.cleaned_data
        if data["is_anonymous"]:
            return None
        return {
            "name": data["reporter_name"].strip(),
            "phone": data["reporter_phone"].strip(),
            "id_number": data["reporter_id_number"],
            "address": data["reporter_address"].strip(),
        }


class PersonRowForm(BootstrapMixin, forms.Form):
    """One person reported: an existing person (``person``) or the details of a new one."""

    person = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("所选人员编号无效，请重新选择或按新人员填写")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    position = forms.CharField(label=_("职务"), max_length=100, required=False)
    cadre_level = forms.ChoiceField(label=_("干部层级"), choices=_choices(CadreLevel), required=False)
    political_status = forms.ChoiceField(label=_("政治面貌"), choices=_choices(PoliticalStatus), required=False)
    is_public_official = forms.BooleanField(label=_("公职人员"), required=False)

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = persons if persons is not None else Person.objects.none()
        self.fields["name"].widget.attrs.update({"data-qf-dup": "1", "autocomplete": "off"})
        self.fields["unit"].widget.attrs["data-qf-dup"] = "1"

    def picked_person(self):
        """The existing person this row points at (to show it again after an error), or ``None``."""
        if not hasattr(self, "_picked"):
            raw = self["person"].value()
            self._picked = self.persons.filter(pk=raw).first() if raw and str(raw).isdigit() else None
        return self._picked

    def has_changed(self):
        # A row left at its defaults is an empty row, not an invalid one.
        return any(self[name].value() for name in ("person", "name", "unit", "position"))

    def clean_person(self):
        pk = self.cleaned_data.get("person")
        if pk is None:
            return None
        person = self.persons.filter(pk=pk).first()
        if person is None:
            raise forms.ValidationError(_("所选人员不存在或不在您的管辖范围内，请重新选择"))
        return person

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") or "person" in self.errors:
            return cleaned
        required = {
            "name": _("请填写被反映人姓名"),
            "unit": _("请填写被反映人的工作单位（村干部填所在村委会）"),
            "cadre_level": _("请选择干部层级"),
            "political_status": _("请选择政治面貌"),
        }
        for name, message in required.items():
            if not str(cleaned.get(name) or "").strip():
                self.add_error(name, message)
        return cleaned

    def entry(self) -> dict:
        """What the service needs: ``{"person": Person}`` or the new person's details."""
        data = self.cleaned_data
        if data.get("person"):
            return {"person": data["person"], "position": data.get("position", "").strip()}
        return {
            "name": data["name"].strip(),
            "unit": data["unit"].strip(),
            "position": data["position"].strip(),
            "cadre_level": data["cadre_level"],
            "political_status": data["political_status"],
            "is_public_official": data["is_public_official"],
        }


class BasePersonFormSet(forms.BaseFormSet):
    def __init__(self, *args, persons=None, **kwargs):
        self.persons = persons
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "persons": self.persons}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), persons=self.persons)
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        entries = self.entries()
        if not entries:
            raise forms.ValidationError(_("请至少填写一名被反映人（姓名不详的可填“某某”并注明单位）"))
        seen = set()
        for form in self.live_forms():
            person = form.cleaned_data.get("person")
            key = ("p", person.pk) if person else ("n", form.cleaned_data.get("name"), form.cleaned_data.get("unit"))
            if key in seen:
                raise forms.ValidationError(_("同一被反映人填写了两次，请删除重复的一行"))
            seen.add(key)

    def live_forms(self):
        return [
            f
            for f in self.forms
            if f.has_changed() and not (self.can_delete and self._should_delete_form(f)) and f.is_valid()
        ]

    def entries(self) -> list[dict]:
        return [f.entry() for f in self.live_forms()]


def person_formset(data=None, *, persons):
    """The persons formset; a fresh form starts with one blank row."""
    formset_class = forms.formset_factory(
        PersonRowForm,
        formset=BasePersonFormSet,
        extra=0 if data is not None else 1,
        can_delete=True,
        max_num=30,
        validate_max=True,
    )
    return formset_class(data, prefix="persons", persons=persons)


# Workflow steps -------------------------------------------------------------------------

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DATE_ERRORS = {"invalid": _("请输入有效的日期")}


def _date(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, error_messages=DATE_ERRORS, **DATE_WIDGET, **kwargs)


def _note(label=None):
    label = label or _("说明")
    return forms.CharField(label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(BootstrapMixin, forms.Form):
    """A workflow step's form; ``service_kwargs`` turns it into the service's arguments."""

    action = ""
    # Service error keys that belong to another field of this form.
    error_fields: dict[str, str] = {}

    def __init__(self, *args, clue=None, user=None, **kwargs):
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.clue = clue
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget.attrs["max"] = timezone.localdate().isoformat()

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class AssignForm(ActionForm):
    action = "assign"
    error_fields = {
        "receiving_department": "receiver",
        "receiving_township": "receiver",
        "receiving_zone": "receiver",
    }

    handling_mode = forms.ChoiceField(label=_("办理方式"), choices=[("", "---------"), *HandlingMode.choices])
    receiver = forms.ChoiceField(label=_("承办单位"), required=False)
    receiving_body = forms.CharField(
        label=_("外单位名称"), max_length=100, required=False, help_text=_("转办、督办、协办至本机关以外单位时填写")
    )
    assignee = forms.ModelChoiceField(
        label=_("承办人"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选承办人不存在或不能承办本线索")},
    )
    assigned_on = _date(_("分办日期"))
    report_back_due = forms.DateField(
        label=_("报结时限"),
        required=False,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("交办件必填"),
    )
    note = _note()

    def __init__(self, *args, departments=None, townships=None, zones=None, assignees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {}
        groups = []
        for kind, label, queryset in (
            ("department", _("县纪委监委部门"), departments),
            ("township", _("乡镇纪委"), townships),
            ("zone", _("协作区"), zones),
        ):
            options = []
            for obj in queryset if queryset is not None else ():
                key = f"{kind}:{obj.pk}"
                self.units[key] = (kind, obj)
                options.append((key, obj.name))
            if options:
                groups.append((label, options))
        self.fields["receiver"].choices = [("", _("（选择本机关承办单位）")), *groups]
        self.fields["assignee"].queryset = assignees if assignees is not None else User.objects.none()
        self.fields["assignee"].label_from_instance = assignee_label
        self.fields["assigned_on"].initial = timezone.localdate()
        self.fields["report_back_due"].widget.attrs.pop("max", None)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "handling_mode": data["handling_mode"],
            "assignee": data["assignee"],
            "receiving_body": data["receiving_body"],
            "assigned_on": data["assigned_on"],
            "report_back_due": data["report_back_due"],
            "note": data["note"],
        }
        unit = self.units.get(data.get("receiver") or "")
        if unit is not None:
            kind, obj = unit
            kwargs[f"receiving_{kind}"] = obj
        return kwargs


class SignForm(ActionForm):
    action = "sign"
    note = _note(_("签收意见"))


class DisposeForm(ActionForm):
    action = "dispose"

    method = forms.ChoiceField(label=_("处置方式"), choices=[("", "---------"), *DisposalMethod.choices])
    decided_on = _date(_("处置决定日期"))
    decided_by = forms.ModelChoiceField(
        label=_("审批人"), queryset=User.objects.none(), required=False, help_text=_("批准处置方式的委领导")
    )
    inquiry_form = forms.ChoiceField(
        label=_("谈话函询形式"), choices=[("", "---------"), *InquiryForm.choices], required=False
    )
    hold_reason = forms.CharField(label=_("暂存原因"), max_length=200, required=False)
    hold_review_on = forms.DateField(
        label=_("复查日期"),
        required=False,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    close_reason = forms.ChoiceField(
        label=_("了结原因"), choices=[("", "---------"), *CloseReason.choices], required=False
    )
    note = _note()

    def __init__(self, *args, approvers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = approvers if approvers is not None else User.objects.none()
        self.fields["decided_by"].label_from_instance = lambda u: u.real_name or u.username
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["hold_review_on"].widget.attrs.pop("max", None)
        for name, method in (
            ("inquiry_form", DisposalMethod.INQUIRY),
            ("hold_reason", DisposalMethod.HOLD),
            ("hold_review_on", DisposalMethod.HOLD),
            ("close_reason", DisposalMethod.CLOSE),
        ):
            self.fields[name].widget.attrs["data-qf-for-method"] = method


class StepForm(ActionForm):
    action = "record_step"

    step = forms.ChoiceField(label=_("办理步骤"))
    on = _date(_("日期"))
    next_review_on = forms.DateField(
        label=_("下次复查日期"),
        required=False,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("暂存复查后继续暂存时填写"),
    )
    note = _note()

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", "---------"), *((s.value, s.label) for s in steps)]
        self.fields["on"].initial = timezone.localdate()
        self.fields["next_review_on"].widget.attrs.pop("max", None)
        self.fields["next_review_on"].widget.attrs["data-qf-for-step"] = ClueStep.HOLD_REVIEWED


class ConcludeForm(ActionForm):
    action = "conclude"

    result = forms.ChoiceField(label=_("办理结果"))
    concluded_on = _date(_("办结（决定）日期"))
    result_note = _note(_("结果说明"))
    close_reason = forms.ChoiceField(
        label=_("了结原因"), choices=[("", "---------"), *CloseReason.choices], required=False
    )
    hold_reason = forms.CharField(label=_("暂存原因"), max_length=200, required=False)
    hold_review_on = forms.DateField(
        label=_("复查日期"),
        required=False,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    case_approver = forms.ModelChoiceField(
        label=_("立案审批人"), queryset=User.objects.none(), required=False, help_text=_("结果为立案审查调查时填写")
    )

    def __init__(self, *args, results=(), approvers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", "---------"), *((r.value, r.label) for r in results)]
        self.fields["case_approver"].queryset = approvers if approvers is not None else User.objects.none()
        self.fields["case_approver"].label_from_instance = lambda u: u.real_name or u.username
        self.fields["concluded_on"].initial = timezone.localdate()
        self.fields["hold_review_on"].widget.attrs.pop("max", None)
        for name, result in (
            ("close_reason", ClueResult.CLOSED),
            ("hold_reason", ClueResult.TO_HOLD),
            ("hold_review_on", ClueResult.TO_HOLD),
            ("case_approver", ClueResult.FILE_CASE),
        ):
            self.fields[name].widget.attrs["data-qf-for-result"] = result

    def clean(self):
        cleaned = super().clean()
        result = cleaned.get("result")
        if result == ClueResult.FILE_CASE and not cleaned.get("case_approver"):
            self.add_error("case_approver", _("立案须选择审批人（委领导）"))
        needs_reason = self.clue is not None and self.clue.disposal_method != DisposalMethod.CLOSE
        if result == ClueResult.CLOSED and not cleaned.get("close_reason") and needs_reason:
            self.add_error("close_reason", _("予以了结须选择了结原因"))
        if result == ClueResult.TO_HOLD:
            if not cleaned.get("hold_reason", "").strip():
                self.add_error("hold_reason", _("转暂存待查须填写暂存原因"))
            if not cleaned.get("hold_review_on"):
                self.add_error("hold_review_on", _("转暂存待查须确定复查日期"))
        return cleaned


class CloseOffForm(ActionForm):
    action = "close_off"
    closed_on = _date(_("销号日期"))
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class DuplicateForm(ActionForm):
    action = "mark_duplicate"
    original = forms.CharField(
        label=_("原件编号"), max_length=40, help_text=_("输入先前受理的同一问题线索的编号，如 XS2025620101-0012")
    )
    note = _note()

    def __init__(self, *args, originals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.originals = originals

    def clean_original(self):
        number = self.cleaned_data["original"].strip().upper()
        original = self.originals.filter(number=number).first() if self.originals is not None else None
        if original is None:
            raise forms.ValidationError(
                _("没有找到编号为“%(number)s”的线索（或不在您的管辖范围内）") % {"number": number}
            )
        return original


class AttachForm(ActionForm):
    action = "attach"
    files = MultipleFileField(label=_("补充附件"), help_text=_("支持 PDF、JPG、PNG、DOCX、XLSX、TXT"))
    error_fields = {"attachments": "files"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].error_messages["required"] = _("请选择要上传的文件")
        self.fields["files"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt"


class PersonMergeForm(BootstrapMixin, forms.Form):
    target = forms.IntegerField(
        label=_("合并到"),
        widget=forms.Select,
        help_text=_("本记录的所有线索将转到所选人员名下；本记录保留并标注“已合并”"),
        error_messages={"required": _("请选择要合并到的人员"), "invalid": _("请选择要合并到的人员")},
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates if candidates is not None else Person.objects.none()
        self.fields["target"].widget.choices = [("", "---------")] + [
            (p.pk, f"{p.name}（{p.unit}{'·' + p.position if p.position else ''}）") for p in self.candidates
        ]

    def clean_target(self):
        person = self.candidates.filter(pk=self.cleaned_data["target"]).first()
        if person is None:
            raise forms.ValidationError(_("所选人员不存在或不能合并"))
        return person
