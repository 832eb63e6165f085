"""Jurisdiction API: counties, departments, zones, townships, villages, groups and rosters."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from zones.models import (
    County,
    Department,
    Township,
    Village,
    VillageCommitteeMember,
    VillageGroup,
    VillageSupervisor,
    Zone,
    ZoneMembership,
)

from . import filters, serializers
from .base import ScopedViewSet


def _docs(resource: str, *, tag: str):
    """List and detail descriptions in Chinese for the schema."""
    return extend_schema_view(
        list=extend_schema(summary=_("%(r)s列表") % {"r": resource}, tags=[tag]),
        retrieve=extend_schema(summary=_("%(r)s详情") % {"r": resource}, tags=[tag]),
    )


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


@_docs(_("区县"), tag="jurisdiction")
class CountyViewSet(ReadViewSet):
    queryset = County.objects.none()
    serializer_class = serializers.CountySerializer
    filterset_class = filters.CountyFilter
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return County.objects.restrict(self.request.user, "view")


@_docs(_("部门"), tag="jurisdiction")
class DepartmentViewSet(ReadViewSet):
    queryset = Department.objects.none()
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filters.DepartmentFilter
    ordering_fields = ["name", "kind"]

    def get_queryset(self):
        return Department.objects.restrict(self.request.user, "view").select_related("county")


@_docs(_("协作区"), tag="jurisdiction")
class ZoneViewSet(ReadViewSet):
    queryset = Zone.objects.none()
    serializer_class = serializers.ZoneSerializer
    filterset_class = filters.ZoneFilter
    ordering_fields = ["order", "name"]

    def get_queryset(self):
        user = self.request.user
        members = (
            ZoneMembership.objects.current()
            .filter(township__in=Township.objects.restrict(user, "view"))
            .select_related("township")
            .order_by("township__order", "township_id")
        )
        return (
            Zone.objects.restrict(user, "view")
            .select_related("county", "leader", "coordinating_department")
            .prefetch_related(Prefetch("memberships", queryset=members, to_attr="current_memberships"))
        )


@_docs(_("乡镇"), tag="jurisdiction")
class TownshipViewSet(ReadViewSet):
    queryset = Township.objects.none()
    serializer_class = serializers.TownshipSerializer
    filterset_class = filters.TownshipFilter
    ordering_fields = ["order", "name"]

    def get_queryset(self):
        current = ZoneMembership.objects.current().select_related("zone")
        return (
            Township.objects.restrict(self.request.user, "view")
            .select_related("county")
            .prefetch_related(Prefetch("zone_memberships", queryset=current, to_attr="current_memberships"))
        )


@_docs(_("村（社区）"), tag="jurisdiction")
class VillageViewSet(ReadViewSet):
    queryset = Village.objects.none()
    serializer_class = serializers.VillageSerializer
    filterset_class = filters.VillageFilter
    ordering_fields = ["name"]

    def get_queryset(self):
        return Village.objects.restrict(self.request.user, "view").select_related("township")


@_docs(_("村民小组"), tag="jurisdiction")
class VillageGroupViewSet(ReadViewSet):
    queryset = VillageGroup.objects.none()
    serializer_class = serializers.VillageGroupSerializer
    filterset_class = filters.VillageGroupFilter
    ordering_fields = ["name"]

    def get_queryset(self):
        return VillageGroup.objects.restrict(self.request.user, "view").select_related("village__township")


@_docs(_("协作区成员变动"), tag="jurisdiction")
class ZoneMembershipViewSet(ReadViewSet):
    """History of township memberships; changed only by moving a township (``POST /townships/{id}/move/``)."""

    queryset = ZoneMembership.objects.none()
    serializer_class = serializers.ZoneMembershipSerializer
    filterset_class = filters.ZoneMembershipFilter
    ordering_fields = ["start_date", "end_date"]

    def get_queryset(self):
        return ZoneMembership.objects.restrict(self.request.user, "view").select_related("zone", "township")


@_docs(_("村级监督员"), tag="rosters")
class VillageSupervisorViewSet(ReadViewSet):
    queryset = VillageSupervisor.objects.none()
    serializer_class = serializers.VillageSupervisorSerializer
    filterset_class = filters.VillageSupervisorFilter
    ordering_fields = ["name", "appointed_on"]

    def get_queryset(self):
        return VillageSupervisor.objects.restrict(self.request.user, "view").select_related("group__village__township")


@_docs(_("村务监督委员会成员"), tag="rosters")
class VillageCommitteeMemberViewSet(ReadViewSet):
    queryset = VillageCommitteeMember.objects.none()
    serializer_class = serializers.VillageCommitteeMemberSerializer
    filterset_class = filters.VillageCommitteeMemberFilter
    ordering_fields = ["name", "position", "appointed_on"]

    def get_queryset(self):
        return VillageCommitteeMember.objects.restrict(self.request.user, "view").select_related("village__township")
