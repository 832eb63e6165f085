"""Resolve a user's role assignments into the jurisdiction they reach."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from .roles import ROLE_SETS, Role


@dataclass
class Reach:
    """What one role reaches: everything, or sets of county/township/village ids."""

    everything: bool = False
    counties: set[int] = field(default_factory=set)
    townships: set[int] = field(default_factory=set)
    villages: set[int] = field(default_factory=set)


@dataclass
class UserScope:
    user_id: int
    by_role: dict[str, Reach]

    @property
    def roles(self) -> set[str]:
        return set(self.by_role)

    def has_role(self, *roles: str) -> bool:
        return any(r in self.by_role for r in roles)

    def reach(self, roles) -> Reach:
        """The union of what the given roles reach."""
        merged = Reach()
        for role in roles:
            r = self.by_role.get(role)
            if r is None:
                continue
            merged.everything |= r.everything
            merged.counties |= r.counties
            merged.townships |= r.townships
            merged.villages |= r.villages
        return merged

    def allows(self, model, action: str) -> bool:
        return bool(self._roles_for(model, action))

    def _roles_for(self, model, action: str) -> set[str]:
        declared = getattr(model, "scope_roles", {}).get(action)
        if declared is None:
            return set()
        allowed = ROLE_SETS[declared] if isinstance(declared, str) else set(declared)
        return self.roles & set(allowed)

    def q_for(self, model, action: str) -> Q | None:
        """A filter for ``model`` rows within reach for ``action``; ``None`` means no filter."""
        roles = self._roles_for(model, action)
        paths = model.scope_paths
        q = Q(pk__in=[])
        for role in roles:
            reach = self.by_role[role]
            if reach.everything:
                return None
            parts = [
                paths.q("county", sorted(reach.counties)) if reach.counties else None,
                paths.q("township", sorted(reach.townships)) if reach.townships else None,
                paths.q("village", sorted(reach.villages)) if reach.villages else None,
            ]
            role_q = Q(pk__in=[])
            for part in parts:
                if part is not None:
                    role_q |= part
            if role == Role.VILLAGE_SUPERVISOR and model.scope_roles.get(action) != "any":
                # Village supervisors see content only through their own submissions.
                if not paths.owner:
                    continue
                role_q &= Q(**{paths.owner: self.user_id})
            q |= role_q
        return q


def scope_for(user) -> UserScope:
    """The user's scope, resolved once per user object (so once per request)."""
    cached = getattr(user, "_qingfeng_scope", None)
    if cached is not None:
        return cached
    from zones.models import ZoneMembership

    by_role: dict[str, Reach] = {}
    assignments = list(user.role_assignments.all())
    zone_ids = {a.zone_id for a in assignments if a.zone_id}
    zone_townships: dict[int, set[int]] = {}
    if zone_ids:
        for zone_id, township_id in (
            ZoneMembership.objects.current().filter(zone_id__in=zone_ids).values_list("zone_id", "township_id")
        ):
            zone_townships.setdefault(zone_id, set()).add(township_id)
    for a in assignments:
        reach = by_role.setdefault(a.role, Reach())
        if a.county_id:
            reach.counties.add(a.county_id)
        elif a.zone_id:
            reach.townships |= zone_townships.get(a.zone_id, set())
        elif a.township_id:
            reach.townships.add(a.township_id)
        elif a.village_id:
            reach.villages.add(a.village_id)
        else:
            reach.everything = True
    if user.is_superuser:
        by_role.setdefault(Role.ADMIN, Reach()).everything = True
    scope = UserScope(user_id=user.pk, by_role=by_role)
    user._qingfeng_scope = scope
    return scope
