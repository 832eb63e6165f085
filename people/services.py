"""Writes on accounts and role assignments; views, admin and API all come through here."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.tracking import record
from zones.models import County, Department, Township, Village, Zone

from .models import RoleAssignment, User
from .roles import Role
from .scopes import scope_for

SCOPE_FIELDS = ("county", "zone", "township", "village")


def _check_password(password: str, user: User, field: str = "password") -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


@transaction.atomic
def user_create(
    *,
    username: str,
    real_name: str,
    password: str,
    phone: str = "",
    department: Department | None = None,
    unit: str = "",
    email: str = "",
) -> User:
    """Create an active account with an initial password."""
    user = User(
        username=username.strip(),
        real_name=real_name.strip(),
        phone=phone.strip(),
        department=department,
        unit=unit.strip(),
        email=email.strip(),
        is_active=True,
    )
    user.full_clean(exclude=["password"])
    _check_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    real_name: str,
    phone: str = "",
    department: Department | None = None,
    unit: str = "",
    email: str = "",
) -> User:
    """Change an account's profile (not its username, password or roles)."""
    user.real_name = real_name.strip()
    user.phone = phone.strip()
    user.department = department
    user.unit = unit.strip()
    user.email = email.strip()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """Set a new password chosen by an administrator (the hash itself is never audited)."""
    _check_password(password, user, field="new_password1")
    user.set_password(password)
    user.save(update_fields=["password"])
    record(action=AuditAction.UPDATE, obj=user, detail=_("管理员重置密码"))
    return user


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None = None) -> User:
    """Stop an account from signing in; its history and roles are kept."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("不能停用自己的账号。"))
    if user.is_active:
        user.is_active = False
        user.full_clean()
        user.save()
    return user


@transaction.atomic
def user_reactivate(*, user: User) -> User:
    """Let a deactivated account sign in again."""
    if not user.is_active:
        user.is_active = True
        user.full_clean()
        user.save()
    return user


def _check_actor_reach(
    actor: User, *, county: County | None, zone: Zone | None, township: Township | None, village: Village | None
) -> None:
    """Refuse a scope the granting administrator does not manage themselves."""
    targets = [(County, county), (Zone, zone), (Township, township), (Village, village)]
    chosen = [(model, obj) for model, obj in targets if obj is not None]
    if not chosen:
        if not scope_for(actor).reach([Role.ADMIN]).everything:
            raise ValidationError(_("只有全局系统管理员可以授予“全部”范围的角色。"))
        return
    model, obj = chosen[0]
    if not model.objects.restrict(actor, "manage").filter(pk=obj.pk).exists():
        raise ValidationError(_("所选管辖范围不在您的管理范围内。"))


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    county: County | None = None,
    zone: Zone | None = None,
    township: Township | None = None,
    village: Village | None = None,
    actor: User | None = None,
) -> RoleAssignment:
    """Give ``user`` a role over exactly one county, zone, township or village (or everything)."""
    scope = {"county": county, "zone": zone, "township": township, "village": village}
    chosen = [name for name, value in scope.items() if value is not None]
    if len(chosen) > 1:
        raise ValidationError(_("每项角色授权只能选择一个管辖范围（区县、协作区、乡镇或村其中之一）。"))
    assignment = RoleAssignment(user=user, role=role, **scope)
    assignment.clean_fields(exclude=["user"])
    assignment.clean()
    if actor is not None:
        _check_actor_reach(actor, **scope)
    same_scope = {chosen[0]: scope[chosen[0]]} if chosen else {f"{name}__isnull": True for name in SCOPE_FIELDS}
    if RoleAssignment.objects.filter(user=user, role=role, **same_scope).exists():
        raise ValidationError(_("该用户已拥有此角色及管辖范围，无需重复授权。"))
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: User | None = None) -> None:
    """Withdraw a role assignment; an administrator cannot remove their own administrator role."""
    if actor is not None and assignment.user_id == actor.pk and assignment.role == Role.ADMIN:
        raise ValidationError(_("不能撤销自己的系统管理员角色，请由其他管理员操作。"))
    assignment.delete()
