"""Serializers of the accounts API: token, the signed-in user, users and their role assignments."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import RoleAssignment, User
from people.roles import Role, ScopeLevel
from zones.api.serializers import ScopedRelatedField
from zones.models import County, Department, Township, Village, Zone


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"), max_length=150)
    password = serializers.CharField(
        label=_("密码"), write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate(self, attrs):
        user = authenticate(self.context.get("request"), username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(_("用户名或密码不正确，或账号已停用。"), code="authorization")
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, label=_("令牌"), help_text=_("请求头 Authorization: Token <令牌>"))


# A role with its scope: exactly one of county/zone/township/village, or none for 全部.
class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True, label=_("角色名称"))
    level = serializers.ChoiceField(choices=ScopeLevel.choices, read_only=True, label=_("范围级别"))
    scope_name = serializers.SerializerMethodField(label=_("管辖范围"))

    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "role_display", "level", "county", "zone", "township", "village", "scope_name"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_scope_name(self, assignment: RoleAssignment) -> str:
        target = assignment.county or assignment.zone or assignment.township or assignment.village
        if target is None:
            return str(_("全部"))
        if assignment.village_id:
            return f"{assignment.village.township.name}{assignment.village.name}"
        return target.name


class RoleAssignmentInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(label=_("角色"), choices=Role.choices)
    county = ScopedRelatedField(
        queryset=County.objects.all(), action="view", required=False, allow_null=True, label=_("区县")
    )
    zone = ScopedRelatedField(
        queryset=Zone.objects.all(), action="view", required=False, allow_null=True, label=_("协作区")
    )
    township = ScopedRelatedField(
        queryset=Township.objects.all(), action="view", required=False, allow_null=True, label=_("乡镇")
    )
    village = ScopedRelatedField(
        queryset=Village.objects.all(), action="view", required=False, allow_null=True, label=_("村")
    )


class ReachSerializer(serializers.Serializer):
    counties = serializers.ListField(child=serializers.IntegerField(), label=_("可见区县"))
    zones = serializers.ListField(child=serializers.IntegerField(), label=_("可见协作区"))
    townships = serializers.ListField(child=serializers.IntegerField(), label=_("可见乡镇"))


class MeSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    roles = RoleAssignmentSerializer(source="role_assignments", many=True, read_only=True, label=_("角色"))
    reach = ReachSerializer(read_only=True, label=_("可见范围"))

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "real_name",
            "phone",
            "email",
            "department",
            "department_name",
            "unit",
            "roles",
            "reach",
        ]
        read_only_fields = fields


# An account as administrators see and edit it (profile only; roles and status have their own actions).
class UserSerializer(serializers.ModelSerializer):
    real_name = serializers.CharField(label=_("姓名"), max_length=50)
    department = ScopedRelatedField(
        queryset=Department.objects.all(), action="view", required=False, allow_null=True, label=_("所在部门")
    )
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    roles = RoleAssignmentSerializer(source="role_assignments", many=True, read_only=True, label=_("角色"))

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "real_name",
            "phone",
            "email",
            "department",
            "department_name",
            "unit",
            "is_active",
            "last_login",
            "date_joined",
            "roles",
        ]
        read_only_fields = ["username", "is_active", "last_login", "date_joined"]


class UserCreateSerializer(UserSerializer):
    username = serializers.CharField(
        label=_("用户名"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("登录用的账号名，建议用拼音或工号"),
    )
    password = serializers.CharField(
        label=_("初始密码"), write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    roles = RoleAssignmentInputSerializer(
        many=True, required=False, write_only=True, label=_("角色"), help_text=_("创建时一并授予的角色")
    )

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "password"]
        read_only_fields = ["is_active", "last_login", "date_joined"]

    def validate_username(self, value: str) -> str:
        value = value.strip()
        if User.objects.filter(username__iexact=value).exists():
            raise serializers.ValidationError(_("用户名“%(name)s”已被使用，请换一个。") % {"name": value})
        return value


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(
        label=_("新密码"), write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
