from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin
from zones.models import County, Department, Township, Village, Zone

from .models import User
from .roles import ROLE_LEVELS, Role, ScopeLevel
from .services import SCOPE_FIELDS


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确，请重新输入。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autofocus": True})
        self.fields["password"].widget.attrs.update({"class": "form-control"})
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")


class UserCreateForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录用的账号名，建议用拼音或工号，例如 zhangsan"),
        validators=[UnicodeUsernameValidator()],
    )
    real_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    department = forms.ModelChoiceField(label=_("所在部门"), queryset=Department.objects.none(), required=False)
    unit = forms.CharField(
        label=_("工作单位"), max_length=100, required=False, help_text=_("部门以外的单位，如乡镇纪委")
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False, help_text=_("用于接收督办提醒，可不填"))
    password1 = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        help_text=_("至少 8 位，不能全为数字，不能与用户名或姓名相近；请提醒用户首次登录后修改"),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.restrict(user).filter(active=True)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("用户名“%(name)s”已被使用，请换一个。"), params={"name": username})
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return cleaned


class UserUpdateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["real_name", "phone", "department", "unit", "email"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.restrict(user).filter(active=True)
        if self.instance.department_id:
            departments = Department.objects.restrict(user).filter(Q(active=True) | Q(pk=self.instance.department_id))
        self.fields["department"].queryset = departments
        self.fields["real_name"].required = True
        self.fields["email"].help_text = _("用于接收督办提醒，可不填")


class PasswordResetForm(BootstrapMixin, forms.Form):
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，不能全为数字，不能与用户名或姓名相近"),
    )
    new_password2 = forms.CharField(
        label=_("确认新密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("两次输入的密码不一致。"))
        return cleaned


class RoleAssignmentForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=[("", "---------"), *Role.choices])
    county = forms.ModelChoiceField(label=_("区县"), queryset=County.objects.none(), required=False)
    zone = forms.ModelChoiceField(label=_("协作区"), queryset=Zone.objects.none(), required=False)
    township = forms.ModelChoiceField(label=_("乡镇"), queryset=Township.objects.none(), required=False)
    village = forms.ModelChoiceField(label=_("村（社区）"), queryset=Village.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = County.objects.restrict(user, "manage").filter(active=True)
        self.fields["zone"].queryset = Zone.objects.restrict(user, "manage").filter(active=True)
        self.fields["township"].queryset = Township.objects.restrict(user, "manage").filter(active=True)
        villages = Village.objects.restrict(user, "manage").filter(active=True).select_related("township")
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda v: f"{v.township.name} · {v.name}"
        self.fields["role"].help_text = _("每个角色只能选择与其层级相符的一个管辖范围：") + "；".join(
            f"{label}—{'、'.join(str(ScopeLevel(level).label) for level in sorted(ROLE_LEVELS[value]))}"
            for value, label in Role.choices
        )
        for name in SCOPE_FIELDS:
            self.fields[name].widget.attrs["data-qf-scope"] = name

    def scope(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SCOPE_FIELDS}
