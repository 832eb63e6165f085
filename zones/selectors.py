"""Reads on the jurisdiction, always scoped to the user asking, with their related rows loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .choices import CommitteePosition
from .filters import SupervisorFilter, TownshipFilter, VillageFilter, ZoneFilter
from .models import (
    Township,
    Village,
    VillageCommitteeMember,
    VillageGroup,
    VillageSupervisor,
    Zone,
    ZoneMembership,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser as User  # people.User, an app above zones


def _count(queryset: QuerySet, outer: str, field: str):
    """A correlated ``COUNT`` (no join fan-out when several counts sit on one row)."""
    counted = queryset.filter(**{field: OuterRef(outer)}).order_by().values(field)
    counted = counted.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _current_zone(user: User):
    memberships = ZoneMembership.objects.restrict(user).current().select_related("zone")
    return Prefetch("zone_memberships", queryset=memberships, to_attr="current_memberships")


# ---------------------------------------------------------------- zones


def zone_get_queryset(*, user: User, action: str = "view") -> QuerySet:
    """Zones ``user`` may ``action``, with county, leader and department loaded."""
    return Zone.objects.restrict(user, action).select_related("county", "leader", "coordinating_department")


def zone_list(*, user: User, filters: dict | None = None) -> ZoneFilter:
    """The FilterSet over visible zones, each with its visible current member townships."""
    members = ZoneMembership.objects.restrict(user).current().select_related("township").order_by("township__order")
    # One filter() call so the membership join is shared by both conditions.
    villages = (
        Village.objects.filter(
            active=True,
            township__zone_memberships__end_date__isnull=True,
            township__zone_memberships__zone=OuterRef("pk"),
        )
        .order_by()
        .values("township__zone_memberships__zone")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = (
        zone_get_queryset(user=user)
        .annotate(
            township_count=_count(ZoneMembership.objects.current(), "pk", "zone"),
            village_count=Coalesce(Subquery(villages, output_field=IntegerField()), 0),
        )
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="current_memberships"))
        .order_by("county__code", "order", "pk")
    )
    return ZoneFilter(filters, queryset=queryset, user=user)


def zone_members(*, user: User, zone: Zone) -> QuerySet:
    """The zone's current member townships the user may see, with their counts."""
    return _townships_with_counts(
        Township.objects.restrict(user).filter(
            pk__in=ZoneMembership.objects.current().filter(zone=zone).values("township_id")
        )
    ).order_by("order", "pk")


def zone_history(*, user: User, zone: Zone) -> QuerySet:
    """Every membership of the zone, newest first."""
    return (
        ZoneMembership.objects.restrict(user)
        .filter(zone=zone)
        .select_related("township")
        .order_by("-start_date", "township__order")
    )


# ---------------------------------------------------------------- townships


def _townships_with_counts(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        village_count=_count(Village.objects.filter(active=True), "pk", "township"),
        group_count=_count(VillageGroup.objects.filter(active=True), "pk", "village__township"),
        supervisor_count=_count(VillageSupervisor.objects.filter(active=True), "pk", "group__village__township"),
    )


def township_get_queryset(*, user: User, action: str = "view") -> QuerySet:
    """Townships ``user`` may ``action``, with county and current zone loaded."""
    return Township.objects.restrict(user, action).select_related("county").prefetch_related(_current_zone(user))


def township_list(*, user: User, filters: dict | None = None) -> TownshipFilter:
    """The FilterSet over visible townships with their zone and roster counts."""
    queryset = _townships_with_counts(township_get_queryset(user=user)).order_by("county__code", "order", "pk")
    return TownshipFilter(filters, queryset=queryset, user=user)


def township_history(*, user: User, township: Township) -> QuerySet:
    """The township's zone memberships, newest first."""
    return (
        ZoneMembership.objects.restrict(user)
        .filter(township=township)
        .select_related("zone")
        .order_by("-start_date", "-pk")
    )


def township_villages(*, user: User, township: Township) -> QuerySet:
    """The township's villages the user may see, with roster counts and the committee director."""
    return _villages_with_counts(Village.objects.restrict(user).filter(township=township), user=user).order_by(
        "-active", "name"
    )


# ---------------------------------------------------------------- villages and groups


def _villages_with_counts(queryset: QuerySet, *, user: User) -> QuerySet:
    directors = VillageCommitteeMember.objects.restrict(user).filter(active=True, position=CommitteePosition.DIRECTOR)
    return queryset.annotate(
        group_count=_count(VillageGroup.objects.filter(active=True), "pk", "village"),
        supervisor_count=_count(VillageSupervisor.objects.filter(active=True), "pk", "group__village"),
        short_groups=_count(
            VillageGroup.objects.filter(active=True).exclude(
                Exists(VillageSupervisor.objects.filter(group=OuterRef("pk"), active=True))
            ),
            "pk",
            "village",
        ),
    ).prefetch_related(Prefetch("committee_members", queryset=directors, to_attr="directors"))


def village_get_queryset(*, user: User, action: str = "view") -> QuerySet:
    """Villages ``user`` may ``action``, with township and county loaded."""
    return Village.objects.restrict(user, action).select_related("township__county")


def village_list(*, user: User, filters: dict | None = None) -> VillageFilter:
    """The FilterSet over visible villages with their counts and director."""
    memberships = ZoneMembership.objects.restrict(user).current().select_related("zone")
    queryset = (
        _villages_with_counts(village_get_queryset(user=user), user=user)
        .prefetch_related(Prefetch("township__zone_memberships", queryset=memberships, to_attr="current_memberships"))
        .order_by("township__county__code", "township__order", "township_id", "name")
    )
    return VillageFilter(filters, queryset=queryset, user=user)


def village_groups(*, user: User, village: Village) -> QuerySet:
    """The village's groups with every supervisor (in office first) the user may see."""
    supervisors = VillageSupervisor.objects.restrict(user).select_related("user").order_by("-active", "appointed_on")
    return (
        VillageGroup.objects.restrict(user)
        .filter(village=village)
        .prefetch_related(Prefetch("supervisors", queryset=supervisors))
        # In the order they were entered: 一社, 二社, 三社 … (by name, 三 would sort before 二).
        .order_by("-active", "pk")
    )


def village_committee(*, user: User, village: Village) -> QuerySet:
    """The village's supervision committee, in office first, director first."""
    return (
        VillageCommitteeMember.objects.restrict(user)
        .filter(village=village)
        .select_related("user")
        .order_by("-active", "position", "appointed_on", "pk")
    )


def group_get_queryset(*, user: User, action: str = "view") -> QuerySet:
    """Village groups ``user`` may ``action``, with village, township and county loaded."""
    return VillageGroup.objects.restrict(user, action).select_related("village__township__county")


def group_supervisors(*, user: User, group: VillageGroup) -> QuerySet:
    """Everyone who served in the group, in office first."""
    return (
        VillageSupervisor.objects.restrict(user)
        .filter(group=group)
        .select_related("user")
        .order_by("-active", "-appointed_on", "pk")
    )


# ---------------------------------------------------------------- rosters


def supervisor_get_queryset(*, user: User, action: str = "view") -> QuerySet:
    """Village supervisors ``user`` may ``action``, with group, village, township and account loaded."""
    return VillageSupervisor.objects.restrict(user, action).select_related("group__village__township__county", "user")


def supervisor_list(*, user: User, filters: dict | None = None) -> SupervisorFilter:
    """The FilterSet over the visible supervisor roster, in office first."""
    queryset = supervisor_get_queryset(user=user).order_by(
        "-active",
        "group__village__township__county__code",
        "group__village__township__order",
        "group__village__name",
        "group_id",  # groups in the order entered (一社, 二社 …), not by code point
        "appointed_on",
        "pk",
    )
    return SupervisorFilter(filters, queryset=queryset, user=user)


def committee_member_get_queryset(*, user: User, action: str = "view") -> QuerySet:
    """Committee members ``user`` may ``action``, with village, township and account loaded."""
    return VillageCommitteeMember.objects.restrict(user, action).select_related("village__township__county", "user")
