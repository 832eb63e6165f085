"""Reads on accounts, always scoped to the administrator asking."""

from django.db.models import Prefetch, QuerySet

from .filters import UserFilter
from .models import RoleAssignment, User

ASSIGNMENT_RELATED = ("county", "zone", "township", "village__township")


def _with_assignments(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("department").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related(*ASSIGNMENT_RELATED))
    )


def user_list(*, user: User, filters: dict | None = None) -> UserFilter:
    """The FilterSet over the users ``user`` may manage (its ``.qs`` is the page's queryset)."""
    queryset = _with_assignments(User.objects.restrict(user, "view")).order_by("username")
    return UserFilter(filters, queryset=queryset, user=user)


def user_get_queryset(*, user: User, action: str = "change") -> QuerySet:
    """Users ``user`` may act on, with their role assignments loaded."""
    return _with_assignments(User.objects.restrict(user, action))


def assignment_get_queryset(*, user: User) -> QuerySet:
    """Role assignments ``user`` may revoke."""
    return RoleAssignment.objects.restrict(user, "manage").select_related("user", *ASSIGNMENT_RELATED)
