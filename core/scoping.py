"""The one door to data: ``Model.objects.restrict(user, action)``.

Every scoped model declares which roles may do what (``scope_roles``) and how its rows
reach the jurisdiction tree (``scope_paths``). A user's role assignments are resolved
once per request into a :class:`people.scopes.UserScope`, and ``restrict`` turns them
into one ``Q``. Rows outside it simply do not exist for that user (views answer 404).

The people app keeps the role assignments, so it installs the resolver
(:func:`register_scope_resolver`, from ``PeopleConfig.ready()``): core sits below people
and never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

from audit.tracking import AuditedQuerySet

PathOrQ = str | Callable[[list[int]], Q] | None

_scope_resolver: Callable | None = None


def register_scope_resolver(resolver: Callable) -> None:
    """Install ``resolver(user) -> UserScope`` (the people app does, in its ``ready()``)."""
    global _scope_resolver
    _scope_resolver = resolver


def scope_for(user):
    """The user's scope: their roles and the jurisdiction each reaches (resolved once per request)."""
    if _scope_resolver is None:
        raise ImproperlyConfigured("No scope resolver: the people app installs it in PeopleConfig.ready().")
    return _scope_resolver(user)


@dataclass(frozen=True)
class ScopePaths:
    """Lookups from a model to the county, township and village that own its rows."""

    county: PathOrQ = None
    township: PathOrQ = None
    village: PathOrQ = None
    # For village supervisors: the user field that marks their own submissions.
    owner: str | None = None

    def q(self, level: str, ids: list[int]) -> Q | None:
        path = getattr(self, level)
        if path is None:
            return None
        if callable(path):
            return path(ids)
        return Q(**{f"{path}__in": ids})


class ScopedQuerySet(AuditedQuerySet):
    def restrict(self, user, action: str = "view") -> ScopedQuerySet:
        """Rows of this queryset that ``user`` may ``action`` (view, change, manage)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        q = scope_for(user).q_for(self.model, action)
        if q is None:
            return self
        return self.filter(q)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass
