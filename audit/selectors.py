"""Reads on the audit log: only commission leaders and auditors see it."""

from django.db.models import QuerySet

from people.roles import AUDIT_ROLES
from people.scopes import scope_for

from .filters import AuditEventFilter
from .models import AuditEvent


def can_read_audit(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and scope_for(user).has_role(*AUDIT_ROLES))


def event_queryset(*, user) -> QuerySet:
    """Every audit record for an auditor or leader; nothing for anyone else."""
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("content_type")


def event_list(*, user, filters: dict | None = None) -> AuditEventFilter:
    """The FilterSet over the audit records ``user`` may read (its ``.qs`` is the page's queryset)."""
    return AuditEventFilter(filters, queryset=event_queryset(user=user))
