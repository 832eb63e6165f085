from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.forms import BootstrapMixin
from people.models import User
from people.roles import Role
from zones.models import Department, Township, Village, Zone

from .choices import Domain, LetterKind, UnitKind


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.real_name or obj.username}（{obj.username}）"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LetterForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("文书类别"), choices=LetterKind.choices)
    subject = forms.CharField(label=_("事由"), max_length=200, help_text=_("例如：关于惠民惠农补贴发放问题的整改督办"))
    unit_kind = forms.ChoiceField(
        label=_("被督办单位类别"), choices=UnitKind.choices, widget=forms.RadioSelect, initial=UnitKind.TOWNSHIP
    )
    addressee_township = forms.ModelChoiceField(
        label=_("被督办乡镇"), queryset=Township.objects.none(), required=False, empty_label=_("（请选择）")
    )
    addressee_village = forms.ModelChoiceField(
        label=_("被督办村（社区）"), queryset=Village.objects.none(), required=False, empty_label=_("（请选择）")
    )
    addressee_department = forms.ModelChoiceField(
        label=_("被督办部门"), queryset=Department.objects.none(), required=False, empty_label=_("（请选择）")
    )
    issuer_zone = forms.ModelChoiceField(
        label=_("发文协作区"),
        queryset=Zone.objects.none(),
        required=False,
        empty_label=_("（以县纪委监委名义）"),
        help_text=_("由协作区发出时选择"),
    )
    approver = UserChoiceField(label=_("签发人"), queryset=User.objects.none(), empty_label=_("（请选择）"))
    issued_on = forms.DateField(label=_("下发日期"), widget=DateInput())
    requirements = forms.CharField(
        label=_("整改要求"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：请于期限内完成整改，并将整改情况及佐证材料报送县纪委监委。"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kind"].widget.attrs["class"] = "form-check-input"
        townships = Township.objects.restrict(user).filter(active=True).select_related("county")
        self.fields["addressee_township"].queryset = townships
        self.fields["addressee_village"].queryset = (
            Village.objects.restrict(user).filter(active=True, township__in=townships).select_related("township")
        )
        self.fields["addressee_village"].label_from_instance = lambda v: f"{v.township.name} · {v.name}"
        self.fields["addressee_department"].queryset = Department.objects.restrict(user).filter(active=True)
        self.fields["issuer_zone"].queryset = Zone.objects.restrict(user).filter(active=True)
        self.fields["approver"].queryset = User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.LEADER, Role.ZONE_LEADER]
        ).distinct()
        self.fields["issued_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        kind = data.get("unit_kind")
        field = {"township": "addressee_township", "village": "addressee_village", "department": "addressee_department"}
        chosen = field.get(kind)
        if chosen and not data.get(chosen):
            self.add_error(chosen, _("请选择被督办单位。"))
        for name in field.values():
            if name != chosen:
                data[name] = None
        return data

    @property
    def county(self):
        data = self.cleaned_data
        if data.get("addressee_township"):
            return data["addressee_township"].county
        if data.get("addressee_village"):
            return data["addressee_village"].township.county
        if data.get("addressee_department"):
            return data["addressee_department"].county
        return None


class ItemForm(BootstrapMixin, forms.Form):
    description = forms.CharField(label=_("问题描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    domain = forms.ChoiceField(label=_("领域"), choices=Domain.choices, initial=Domain.OTHER)
    clue_number = forms.CharField(
        label=_("关联线索编号"), max_length=40, required=False, widget=forms.TextInput(attrs={"placeholder": "XS…"})
    )
    finding = forms.CharField(
        label=_("问题来源"), max_length=300, required=False, help_text=_("未关联线索时填写，如：监督检查发现")
    )
    responsible_person = forms.CharField(label=_("整改责任人"), max_length=100)
    contact = UserChoiceField(
        label=_("联络人"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("（不指定：由乡镇纪委接收提醒）"),
    )
    due_on = forms.DateField(label=_("整改期限"), widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        townships = Township.objects.restrict(user).values("pk")
        self.fields["contact"].queryset = (
            User.objects.filter(is_active=True)
            .filter(
                Q(role_assignments__role=Role.TOWNSHIP_OFFICER, role_assignments__township__in=townships)
                | Q(department__isnull=False, department__county__townships__in=townships)
            )
            .distinct()
            .order_by("username")
        )

    def clean_clue_number(self):
        from clues.models import Clue

        number = self.cleaned_data["clue_number"].strip()
        if not number:
            self.cleaned_data["clue"] = None
            return ""
        clue = Clue.objects.restrict(self.user).filter(number__iexact=number).first()
        if clue is None:
            raise forms.ValidationError(_("找不到编号为“%(number)s”的线索。") % {"number": number})
        self.cleaned_data["clue"] = clue
        return number

    def clean(self):
        data = super().clean()
        missing = not data.get("clue_number") and not (data.get("finding") or "").strip()
        if self.has_changed() and missing and "finding" not in self.errors and "clue_number" not in self.errors:
            self.add_error("finding", _("请关联问题线索，或填写问题来源（如监督检查发现）。"))
        return data


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms):
            raise forms.ValidationError(_("请至少列出一个问题。"))


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=0, min_num=1, validate_min=True)


class ActionForm(BootstrapMixin, forms.Form):
    """Note or reason for a lifecycle step, and a new due date where the step allows one."""

    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    due_on = forms.DateField(label=_("新的整改期限"), required=False, widget=DateInput())


class ReportForm(BootstrapMixin, forms.Form):
    measures = forms.CharField(
        label=_("整改措施及成效"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明已采取的措施、整改结果、建立的制度等"),
    )
