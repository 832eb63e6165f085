"""Jurisdiction API: counties, departments, zones, townships, villages, groups and rosters.

Reads for everyone in scope; writes (administrators within their reach) go through
``zones.services``. Nothing is deleted: ``deactivate`` / ``reactivate`` and ``end`` (a
roster term) keep the history.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action

from zones import services
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
from .base import ScopedViewSet, ServiceWriteMixin

WRITE_NOTE = _("系统管理员可在其管理范围内新建、修改、停用（保留历史，不删除）。")
READ_NOTE = _("所有已登录用户只能看到其管辖范围内的记录；范围外的记录一律答复 404。")


def _docs(resource: str, *, writable: bool = False, about: str = ""):
    """Chinese summaries and a description for every operation of the viewset (actions included)."""
    docs = {
        "list": extend_schema(summary=_("%(r)s列表") % {"r": resource}),
        "retrieve": extend_schema(summary=_("%(r)s详情") % {"r": resource}),
    }
    if writable:
        docs.update(
            create=extend_schema(summary=_("新建%(r)s") % {"r": resource}),
            update=extend_schema(summary=_("修改%(r)s") % {"r": resource}),
            partial_update=extend_schema(summary=_("修改%(r)s（部分字段）") % {"r": resource}),
        )
    description = " ".join(str(part) for part in (about, READ_NOTE, WRITE_NOTE if writable else "") if part)

    def decorate(cls):
        return extend_schema(description=description)(extend_schema_view(**docs)(cls))

    return decorate


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


class WriteViewSet(ServiceWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadViewSet):
    """Create, update, deactivate and reactivate through ``zones.services``."""

    services_module = services
    deactivate_service = ""
    reactivate_service = ""
    write_actions = frozenset({"update", "partial_update", "deactivate", "reactivate", "move", "end"})

    @extend_schema(summary=_("停用（保留历史）"), description=WRITE_NOTE, request=None)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return self.run_action(self.deactivate_service, self.get_object())

    @extend_schema(summary=_("重新启用"), description=WRITE_NOTE, request=None)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        return self.run_action(self.reactivate_service, self.get_object())


@_docs(_("区县"))
class CountyViewSet(ReadViewSet):
    queryset = County.objects.none()
    serializer_class = serializers.CountySerializer
    filterset_class = filters.CountyFilter
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return County.objects.restrict(self.request.user, "view")


@_docs(_("部门"))
class DepartmentViewSet(ReadViewSet):
    queryset = Department.objects.none()
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filters.DepartmentFilter
    ordering_fields = ["name", "kind"]

    def get_queryset(self):
        return Department.objects.restrict(self.request.user, "view").select_related("county")


@_docs(
    _("协作区"),
    writable=True,
    about=_("监督执纪监察协作区及其当前成员乡镇；乡镇调入调出请用 POST /api/townships/{id}/move/。"),
)
class ZoneViewSet(WriteViewSet):
    """Zones with their current member townships; townships join or leave through ``townships/{id}/move/``."""

    queryset = Zone.objects.none()
    serializer_class = serializers.ZoneSerializer
    filterset_class = filters.ZoneFilter
    ordering_fields = ["order", "name"]
    create_service, update_service, instance_kwarg = "zone_create", "zone_update", "zone"
    deactivate_service, reactivate_service = "zone_deactivate", "zone_reactivate"

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


@_docs(
    _("乡镇"),
    writable=True,
    about=_("乡镇（街道）及其当前所属协作区；调整协作区用 move，历史见 /api/zone-memberships/。"),
)
class TownshipViewSet(WriteViewSet):
    queryset = Township.objects.none()
    serializer_class = serializers.TownshipSerializer
    filterset_class = filters.TownshipFilter
    ordering_fields = ["order", "name"]
    create_service, update_service, instance_kwarg = "township_create", "township_update", "township"
    reactivate_service = "township_reactivate"

    def get_queryset(self):
        current = ZoneMembership.objects.current().select_related("zone")
        return (
            Township.objects.restrict(self.request.user, "view")
            .select_related("county")
            .prefetch_related(Prefetch("zone_memberships", queryset=current, to_attr="current_memberships"))
        )

    @extend_schema(
        summary=_("停用乡镇（结束其协作区成员关系）"),
        description=_("乡镇下已无在用的村时才能停用；其当前协作区成员关系于停用日期结束。"),
        request=serializers.TownshipDeactivateSerializer,
        responses=serializers.TownshipSerializer,
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        township = self.get_object()
        body = serializers.TownshipDeactivateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.run_action("township_deactivate", township, on_date=body.validated_data.get("on_date"))

    @extend_schema(
        summary=_("调整乡镇所属协作区（保留历史）"),
        description=_("自调整日期起属于新协作区，原成员关系于前一日结束；协作区组长的管辖范围随之改变。"),
        request=serializers.TownshipMoveSerializer,
        responses=serializers.TownshipSerializer,
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        township = self.get_object()
        body = serializers.TownshipMoveSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return self.run_action("township_move_zone", township, **body.validated_data)


@_docs(_("村（社区）"), writable=True)
class VillageViewSet(WriteViewSet):
    queryset = Village.objects.none()
    serializer_class = serializers.VillageSerializer
    filterset_class = filters.VillageFilter
    ordering_fields = ["name"]
    create_service, update_service, instance_kwarg = "village_create", "village_update", "village"
    deactivate_service, reactivate_service = "village_deactivate", "village_reactivate"

    def get_queryset(self):
        return Village.objects.restrict(self.request.user, "view").select_related("township")


@_docs(_("村民小组"), writable=True)
class VillageGroupViewSet(WriteViewSet):
    queryset = VillageGroup.objects.none()
    serializer_class = serializers.VillageGroupSerializer
    filterset_class = filters.VillageGroupFilter
    ordering_fields = ["name"]
    create_service, update_service, instance_kwarg = "group_create", "group_update", "group"
    deactivate_service, reactivate_service = "group_deactivate", "group_reactivate"

    def get_queryset(self):
        return VillageGroup.objects.restrict(self.request.user, "view").select_related("village__township")


@_docs(
    _("协作区成员变动"),
    about=_("乡镇加入、退出协作区的历史（只读）；end_date 为空表示当前有效。"),
)
class ZoneMembershipViewSet(ReadViewSet):
    """History of township memberships; changed only by moving a township (``POST /townships/{id}/move/``)."""

    queryset = ZoneMembership.objects.none()
    serializer_class = serializers.ZoneMembershipSerializer
    filterset_class = filters.ZoneMembershipFilter
    ordering_fields = ["start_date", "end_date"]

    def get_queryset(self):
        return ZoneMembership.objects.restrict(self.request.user, "view").select_related("zone", "township")


class RosterViewSet(ServiceWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadViewSet):
    """Appoint, correct and end a term; the ended record stays on the roster."""

    services_module = services
    end_service = ""
    write_actions = frozenset({"update", "partial_update", "end"})

    def to_service_kwargs(self, data: dict) -> dict:
        data = dict(data)
        if "user" in data:  # the serializer's ``account`` (the model's ``user``); ``user=`` is who acts
            data["account"] = data.pop("user")
        return data

    @extend_schema(
        summary=_("办理离任"),
        description=_("记录离任日期并置为不在任；记录保留在名册中。"),
        request=serializers.RosterEndSerializer,
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        obj = self.get_object()
        body = serializers.RosterEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.run_action(self.end_service, obj, **body.validated_data)


@_docs(
    _("村级监督员"),
    writable=True,
    about=_("廉情监督员等，每个村民小组在任 1–3 名；离任用 end，记录保留。"),
)
class VillageSupervisorViewSet(RosterViewSet):
    queryset = VillageSupervisor.objects.none()
    serializer_class = serializers.VillageSupervisorSerializer
    filterset_class = filters.VillageSupervisorFilter
    ordering_fields = ["name", "appointed_on"]
    create_service, update_service, instance_kwarg = "supervisor_appoint", "supervisor_update", "supervisor"
    end_service = "supervisor_end"

    def get_queryset(self):
        return VillageSupervisor.objects.restrict(self.request.user, "view").select_related("group__village__township")


@_docs(
    _("村务监督委员会成员"),
    writable=True,
    about=_("每村在任村监委主任一名；离任用 end，记录保留。"),
)
class VillageCommitteeMemberViewSet(RosterViewSet):
    queryset = VillageCommitteeMember.objects.none()
    serializer_class = serializers.VillageCommitteeMemberSerializer
    filterset_class = filters.VillageCommitteeMemberFilter
    ordering_fields = ["name", "position", "appointed_on"]
    create_service, update_service, instance_kwarg = "committee_member_appoint", "committee_member_update", "member"
    end_service = "committee_member_end"

    def get_queryset(self):
        return VillageCommitteeMember.objects.restrict(self.request.user, "view").select_related("village__township")
