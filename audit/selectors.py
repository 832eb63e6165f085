"""Reads on the audit log: only commission leaders and auditors see it."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from .filters import AuditEventFilter
from .models import AuditEvent

_reader_rule: Callable[[object], bool] | None = None


def register_reader_rule(rule: Callable[[object], bool]) -> None:
    """Install ``rule(user) -> bool``: who reads the log (the people app does, it holds the roles)."""
    global _reader_rule
    _reader_rule = rule


def can_read_audit(user) -> bool:
    if _reader_rule is None:
        raise ImproperlyConfigured("No audit reader rule: the people app installs it in PeopleConfig.ready().")
    return bool(user and user.is_authenticated and user.is_active and _reader_rule(user))


def event_queryset(*, user) -> QuerySet:
    """Every audit record for an auditor or leader; nothing for anyone else."""
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("content_type")


def event_list(*, user, filters: dict | None = None) -> AuditEventFilter:
    """The FilterSet over the audit records ``user`` may read (its ``.qs`` is the page's queryset)."""
    return AuditEventFilter(filters, queryset=event_queryset(user=user))
