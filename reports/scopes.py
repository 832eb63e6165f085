"""Statistics scopes: a county, a zone or a township, checked against the user's jurisdiction.

Written ``county:<id>``, ``zone:<id>`` or ``township:<id>``. A scope outside what the
user may read does not exist for them (:class:`ScopeNotFound`, a 404), with the same
answer as for an id that does not exist, so nothing leaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from people.roles import Role
from people.scopes import scope_for
from zones.models import County, Township, Zone, ZoneMembership

from .choices import ScopeLevel

# Roles that read statistics (aggregates of case content); the administrator does not.
STATS_ROLES = frozenset(
    {Role.LEADER, Role.ZONE_LEADER, Role.CASE_OFFICER, Role.PETITION_OFFICER, Role.AUDITOR, Role.TOWNSHIP_OFFICER}
)
# Roles that may ask for a workbook.
BUILD_ROLES = frozenset({Role.LEADER, Role.ZONE_LEADER, Role.CASE_OFFICER, Role.AUDITOR, Role.TOWNSHIP_OFFICER})


class ScopeNotFound(Http404):
    """The scope does not exist or lies outside the user's jurisdiction."""


@dataclass(frozen=True)
class TownshipRef:
    id: int
    name: str


@dataclass(frozen=True)
class ZoneGroup:
    """A zone (``id`` None: townships not in any zone) and its townships, in display order."""

    id: int | None
    name: str
    townships: tuple[TownshipRef, ...]


@dataclass(frozen=True)
class Scope:
    level: str
    pk: int
    name: str
    county_id: int
    county_name: str
    groups: tuple[ZoneGroup, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.level}:{self.pk}"

    @property
    def township_ids(self) -> list[int]:
        return [t.id for g in self.groups for t in g.townships]

    @property
    def townships(self) -> list[TownshipRef]:
        return [t for g in self.groups for t in g.townships]

    @property
    def label(self) -> str:
        if self.level == ScopeLevel.COUNTY:
            return self.county_name
        return f"{self.county_name} · {self.name}"

    @property
    def level_label(self) -> str:
        return str(ScopeLevel(self.level).label)

    def zone_of(self, township_id: int) -> ZoneGroup | None:
        for group in self.groups:
            if any(t.id == township_id for t in group.townships):
                return group
        return None

    def __str__(self) -> str:
        return self.label


def _groups(county_id: int, *, zone_id: int | None = None, township_id: int | None = None) -> tuple[ZoneGroup, ...]:
    """Zones of the county (or one zone, or one township's) with their current townships."""
    memberships = (
        ZoneMembership.objects.current()
        .filter(zone__county_id=county_id, township__active=True)
        .select_related("zone", "township")
        .order_by("zone__order", "zone_id", "township__order", "township_id")
    )
    if zone_id is not None:
        memberships = memberships.filter(zone_id=zone_id)
    if township_id is not None:
        memberships = memberships.filter(township_id=township_id)
    groups: dict[int, tuple[str, list[TownshipRef]]] = {}
    zoned: set[int] = set()
    for m in memberships:
        groups.setdefault(m.zone_id, (m.zone.name, []))[1].append(TownshipRef(m.township_id, m.township.name))
        zoned.add(m.township_id)
    result = [ZoneGroup(zid, name, tuple(towns)) for zid, (name, towns) in groups.items()]
    if zone_id is None:
        loose = Township.objects.filter(county_id=county_id, active=True).exclude(pk__in=zoned)
        if township_id is not None:
            loose = loose.filter(pk=township_id)
        loose_refs = tuple(TownshipRef(t.pk, t.name) for t in loose.order_by("order", "id"))
        if loose_refs:
            result.append(ZoneGroup(None, _("未划入协作区"), loose_refs))
    return tuple(result)


class _Reach:
    """What the roles reach; a zone is read whole only by roles above the township."""

    def __init__(self, user, roles):
        user_scope = scope_for(user)
        self.reach = user_scope.reach(roles)
        self.zone_reach = user_scope.reach(set(roles) - {Role.TOWNSHIP_OFFICER})

    def county(self, county_id: int) -> bool:
        return self.reach.everything or county_id in self.reach.counties

    def townships(self, county_id: int, ids) -> bool:
        ids = set(ids)
        return bool(ids) and (self.county(county_id) or ids <= self.reach.townships)


def build_scope(level: str, pk: int) -> Scope:
    """The scope ``level:pk`` with its zones and townships, unchecked (for the worker and tests)."""
    if level == ScopeLevel.COUNTY:
        county = County.objects.filter(pk=pk).first()
        if county is None:
            raise ScopeNotFound(_("统计范围不存在或不在您的管辖范围内。"))
        return Scope(level, county.pk, county.name, county.pk, county.name, _groups(county.pk))
    if level == ScopeLevel.ZONE:
        zone = Zone.objects.select_related("county").filter(pk=pk).first()
        if zone is None:
            raise ScopeNotFound(_("统计范围不存在或不在您的管辖范围内。"))
        groups = _groups(zone.county_id, zone_id=zone.pk) or (ZoneGroup(zone.pk, zone.name, ()),)
        return Scope(level, zone.pk, zone.name, zone.county_id, zone.county.name, groups)
    if level == ScopeLevel.TOWNSHIP:
        township = Township.objects.select_related("county").filter(pk=pk).first()
        if township is None:
            raise ScopeNotFound(_("统计范围不存在或不在您的管辖范围内。"))
        groups = _groups(township.county_id, township_id=township.pk)
        return Scope(level, township.pk, township.name, township.county_id, township.county.name, groups)
    raise ValidationError({"scope": [_("统计范围应为 county:<编号>、zone:<编号> 或 township:<编号>。")]})


def can_read(user, scope: Scope, roles=STATS_ROLES) -> bool:
    reach = _Reach(user, roles)
    if scope.level == ScopeLevel.COUNTY:
        return reach.county(scope.county_id)
    if scope.level == ScopeLevel.ZONE:
        ids = set(scope.township_ids)
        return bool(ids) and (reach.county(scope.county_id) or ids <= reach.zone_reach.townships)
    return reach.townships(scope.county_id, scope.township_ids)


def parse_scope_key(raw: str | None) -> tuple[str, int]:
    """Split ``level:id``; raise a Chinese ``ValidationError`` on ``scope`` when malformed."""
    level, sep, pk = (raw or "").strip().partition(":")
    if not sep or level not in ScopeLevel.values or not pk.isdigit() or len(pk) > 18:
        raise ValidationError({"scope": [_("统计范围应为 county:<编号>、zone:<编号> 或 township:<编号>。")]})
    return level, int(pk)


def parse_scope(raw: str | None, user, *, roles=STATS_ROLES, default: bool = True) -> Scope:
    """The scope named by ``raw`` if the user may read it (else 404); empty gives their default scope."""
    if not (raw or "").strip():
        if default:
            scope = default_scope(user, roles=roles)
            if scope is not None:
                return scope
        raise ValidationError({"scope": [_("请选择统计范围。")]})
    level, pk = parse_scope_key(raw)
    scope = build_scope(level, pk)
    if not can_read(user, scope, roles):
        raise ScopeNotFound(_("统计范围不存在或不在您的管辖范围内。"))
    return scope


def scope_choices(user, roles=STATS_ROLES) -> list[dict]:
    """Every county, zone and township the user may read, as ``{"key", "label", "level"}`` (for the pickers)."""
    both = _Reach(user, roles)
    reach = both.reach
    if not reach.everything and not reach.counties and not reach.townships:
        return []
    counties = County.objects.filter(active=True).order_by("code")
    if not reach.everything:
        counties = counties.filter(
            pk__in=set(reach.counties)
            | set(Township.objects.filter(pk__in=reach.townships).values_list("county_id", flat=True))
        )
    counties = list(counties)
    county_ids = [c.pk for c in counties]
    memberships = list(
        ZoneMembership.objects.current()
        .filter(zone__county_id__in=county_ids, zone__active=True)
        .values_list("zone_id", "township_id")
    )
    zone_towns: dict[int, set[int]] = {}
    for zid, tid in memberships:
        zone_towns.setdefault(zid, set()).add(tid)
    zones = Zone.objects.filter(county_id__in=county_ids, active=True).order_by("county__code", "order", "id")
    townships = Township.objects.filter(county_id__in=county_ids, active=True).order_by("county__code", "order", "id")
    whole = {c.pk for c in counties if reach.everything or c.pk in reach.counties}
    multi = len(counties) > 1
    choices = []
    for c in counties:
        if c.pk in whole:
            choices.append({"key": f"county:{c.pk}", "label": c.name, "level": ScopeLevel.COUNTY})
    for z in zones:
        towns = zone_towns.get(z.pk, set())
        if z.county_id in whole or (towns and towns <= both.zone_reach.townships):
            label = z.name if not multi else f"{_county_name(counties, z.county_id)} · {z.name}"
            choices.append({"key": f"zone:{z.pk}", "label": label, "level": ScopeLevel.ZONE})
    for t in townships:
        if t.county_id in whole or t.pk in reach.townships:
            label = t.name if not multi else f"{_county_name(counties, t.county_id)} · {t.name}"
            choices.append({"key": f"township:{t.pk}", "label": label, "level": ScopeLevel.TOWNSHIP})
    return choices


def _county_name(counties, county_id):
    return next((c.name for c in counties if c.pk == county_id), "")


def default_scope(user, roles=STATS_ROLES) -> Scope | None:
    """The widest scope the user reads: their county, else their zone, else their township."""
    choices = scope_choices(user, roles)
    if not choices:
        return None
    level, pk = parse_scope_key(choices[0]["key"])
    return build_scope(level, pk)
