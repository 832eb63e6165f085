"""Forms of the jurisdiction pages; field names match the service arguments they feed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin
from core.roles import Role

from .choices import CommitteePosition, DepartmentKind, SupervisorKind, TownshipKind, VillageKind
from .models import County, Department, Township, Village, VillageGroup, Zone

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def _user_label(user: User) -> str:
    return f"{user.real_name}（{user.username}）" if user.real_name else user.username


class JurisdictionForm(BootstrapMixin, forms.Form):
    """A form that knows the signed-in user, to limit its choices to what they manage."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def managed(self, model):
        return model.objects.restrict(self.user, "manage").filter(active=True)

    def single_county(self, name="county"):
        """With one county to choose from, choose it."""
        field = self.fields[name]
        counties = list(field.queryset[:2])
        if len(counties) == 1 and not self.is_bound:
            self.initial.setdefault(name, counties[0].pk)


class ZoneForm(JurisdictionForm):
    county = forms.ModelChoiceField(label=_("区县"), queryset=County.objects.none())
    name = forms.CharField(label=_("名称"), max_length=50, help_text=_("例如：第一协作区"))
    leader = forms.ModelChoiceField(
        label=_("组长"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("委领导班子成员；其查看本协作区数据的权限，须另在用户管理中授予“协作区组长”角色"),
    )
    coordinating_department = forms.ModelChoiceField(
        label=_("牵头纪检监察室"), queryset=Department.objects.none(), required=False
    )
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767, initial=0)

    def __init__(self, *args, zone: Zone | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = self.managed(County)
        users = User.objects.restrict(self.user).filter(is_active=True)
        departments = self.managed(Department).filter(kind=DepartmentKind.CASE_OFFICE).select_related("county")
        if zone is not None:
            del self.fields["county"]
            users = users | User.objects.filter(pk=zone.leader_id)
            departments = departments.filter(county=zone.county_id)
        else:
            self.single_county()
        self.fields["leader"].queryset = users.order_by("real_name", "username")
        self.fields["leader"].label_from_instance = _user_label
        self.fields["coordinating_department"].queryset = departments


class TownshipForm(JurisdictionForm):
    county = forms.ModelChoiceField(label=_("区县"), queryset=County.objects.none())
    name = forms.CharField(label=_("名称"), max_length=50, help_text=_("例如：庆坪镇"))
    kind = forms.ChoiceField(label=_("类别"), choices=TownshipKind.choices, initial=TownshipKind.TOWN)
    slug = forms.SlugField(
        label=_("拼音简称"),
        max_length=40,
        help_text=_("小写拼音，用于账号名，例如 qingping（乡镇纪委账号为 tw-qingping）"),
        error_messages={"invalid": _("只能包含小写字母、数字、连字符或下划线")},
    )
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767, initial=0)
    zone = forms.ModelChoiceField(label=_("所属协作区"), queryset=Zone.objects.none())
    joined_on = _date_field(_("加入协作区日期"))

    def __init__(self, *args, township: Township | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if township is not None:
            for name in ("county", "zone", "joined_on"):
                del self.fields[name]
            return
        self.fields["county"].queryset = self.managed(County)
        self.fields["zone"].queryset = self.managed(Zone).select_related("county")
        self.fields["zone"].label_from_instance = lambda z: f"{z.county.name} · {z.name}"
        self.initial.setdefault("joined_on", timezone.localdate())
        self.single_county()

    def clean(self):
        cleaned = super().clean()
        county, zone = cleaned.get("county"), cleaned.get("zone")
        if county and zone and zone.county_id != county.pk:
            self.add_error("zone", _("请选择本区县的协作区。"))
        return cleaned


class TownshipMoveForm(JurisdictionForm):
    zone = forms.ModelChoiceField(label=_("调整到协作区"), queryset=Zone.objects.none())
    on_date = _date_field(_("调整日期"), help_text=_("新协作区自该日起生效，原协作区的成员关系截至前一日"))

    def __init__(self, *args, township: Township, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = self.managed(Zone).filter(county=township.county_id)
        self.initial.setdefault("on_date", timezone.localdate())


class VillageForm(JurisdictionForm):
    township = forms.ModelChoiceField(label=_("所属乡镇"), queryset=Township.objects.none())
    name = forms.CharField(label=_("名称"), max_length=50, help_text=_("例如：老王沟村"))
    kind = forms.ChoiceField(label=_("类别"), choices=VillageKind.choices, initial=VillageKind.VILLAGE)

    def __init__(self, *args, village: Village | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if village is not None:
            del self.fields["township"]
            return
        self.fields["township"].queryset = self.managed(Township).select_related("county")


class GroupForm(JurisdictionForm):
    name = forms.CharField(label=_("名称"), max_length=50, help_text=_("例如：一社、第三村民小组"))


class RosterForm(JurisdictionForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    appointed_on = _date_field(_("任职日期"))
    account = forms.ModelChoiceField(
        label=_("系统账号"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("如本人使用系统报送问题，请关联其“村级监督员”账号；可不填"),
    )

    def __init__(self, *args, current_account=None, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = User.objects.restrict(self.user).filter(
            is_active=True, role_assignments__role=Role.VILLAGE_SUPERVISOR
        )
        if current_account is not None:
            accounts = accounts | User.objects.filter(pk=current_account.pk)
        self.fields["account"].queryset = accounts.distinct().order_by("username")
        self.fields["account"].label_from_instance = _user_label
        if not self.is_bound and "appointed_on" in self.fields:
            self.initial.setdefault("appointed_on", timezone.localdate())


class SupervisorForm(RosterForm):
    group = forms.ModelChoiceField(label=_("村民小组"), queryset=VillageGroup.objects.none())
    kind = forms.ChoiceField(label=_("类别"), choices=SupervisorKind.choices, initial=SupervisorKind.INTEGRITY)
    field_order = ["group", "name", "kind", "phone", "appointed_on", "account"]

    def __init__(self, *args, village: Village | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = self.managed(VillageGroup).select_related("village__township")
        if village is not None:
            groups = groups.filter(village=village)
        self.fields["group"].queryset = groups.order_by("village__township__order", "village__name", "name")
        self.fields["group"].label_from_instance = lambda g: f"{g.village.township.name} · {g.village.name} · {g.name}"


class CommitteeMemberForm(RosterForm):
    position = forms.ChoiceField(label=_("职务"), choices=CommitteePosition.choices, initial=CommitteePosition.MEMBER)
    field_order = ["name", "position", "phone", "appointed_on", "account"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].help_text = _("村监委主任是协作区的村级监督联络员，如使用系统请关联其账号；可不填")


class EndTermForm(JurisdictionForm):
    ended_on = _date_field(_("离任日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("ended_on", timezone.localdate())
