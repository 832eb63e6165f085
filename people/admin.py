from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin, ScopedTabularInline

from . import services
from .models import Person, RoleAssignment, User

SCOPE_FIELDS = ["county", "zone", "township", "village"]


class RoleAssignmentInline(ScopedTabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", *SCOPE_FIELDS]
    autocomplete_fields = SCOPE_FIELDS


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "real_name", "phone", "department", "unit", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "role_assignments__role", "department"]
    search_fields = ["username", "real_name", "phone", "email"]
    list_select_related = ["department"]
    ordering = ["username"]
    autocomplete_fields = ["department"]
    inlines = [RoleAssignmentInline]
    actions = ["deactivate_users", "reactivate_users"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("real_name", "phone", "email", "department", "unit")}),
        (
            _("权限"),
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": _("业务权限由下方“角色授权”决定；此处仅控制能否进入管理后台。"),
            },
        ),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "real_name", "usable_password", "password1", "password2"),
            },
        ),
    )

    @admin.action(description=_("停用所选用户"), permissions=["change"])
    def deactivate_users(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                services.user_deactivate(user=user, actor=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{user}：{' '.join(exc.messages)}", messages.ERROR)
        self.message_user(request, _("已停用 %(n)d 个用户。") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("启用所选用户"), permissions=["change"])
    def reactivate_users(self, request, queryset):
        for user in queryset:
            services.user_reactivate(user=user)
        self.message_user(request, _("已启用 %(n)d 个用户。") % {"n": len(queryset)}, messages.SUCCESS)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    list_display = ["user", "role", *SCOPE_FIELDS]
    list_filter = ["role"]
    search_fields = ["user__username", "user__real_name"]
    list_select_related = ["user", *SCOPE_FIELDS]
    autocomplete_fields = ["user", *SCOPE_FIELDS]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["name", "unit", "position", "cadre_level", "political_status", "is_public_official", "township"]
    list_filter = ["cadre_level", "political_status", "is_public_official", "county"]
    search_fields = ["name", "name_key", "unit"]
    list_select_related = ["township"]
    autocomplete_fields = ["township", "merged_into"]
    readonly_fields = ["created_at"]
