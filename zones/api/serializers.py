"""Serializers of the jurisdiction API: ids to write, ``*_name`` beside them to read."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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

User = get_user_model()


# A foreign key chosen among the rows the requesting user may ``action``; others do not exist.
class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    def __init__(self, *, action: str = "manage", **kwargs):
        self.action = action
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.queryset.model.objects.restrict(user, self.action)


# Fields named in ``Meta.create_only_fields`` are set on creation and read-only afterwards.
# (Comments, not docstrings, on serializers: drf-spectacular would publish them in the schema.)
class CreateOnlyFieldsMixin:
    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in getattr(self.Meta, "create_only_fields", ()):
                fields[name].read_only = True
        return fields


# An object named by id and name (a zone's member township, a user's scope).
class BriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


def current_zone(township: Township) -> Zone | None:
    """The township's zone now, from the prefetched ``current_memberships`` when present."""
    memberships = getattr(township, "current_memberships", None)
    if memberships is None:
        membership = ZoneMembership.objects.current().filter(township=township).select_related("zone").first()
        return membership.zone if membership else None
    return memberships[0].zone if memberships else None


# A township's zone: read, the zone it is in now; written on creation, the zone it joins.
class CurrentZoneField(ScopedRelatedField):
    def get_attribute(self, instance):
        return current_zone(instance)


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["id", "name", "code", "city", "active"]
        read_only_fields = ["active"]


class DepartmentSerializer(serializers.ModelSerializer):
    county = ScopedRelatedField(queryset=County.objects.all(), label=_("区县"))
    county_name = serializers.CharField(source="county.name", read_only=True, label=_("区县名称"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label=_("类别名称"))

    class Meta:
        model = Department
        fields = ["id", "county", "county_name", "name", "kind", "kind_display", "active"]
        read_only_fields = ["active"]
        validators = []  # uniqueness is the service's (full_clean) message


class ZoneSerializer(CreateOnlyFieldsMixin, serializers.ModelSerializer):
    county = ScopedRelatedField(queryset=County.objects.all(), label=_("区县"))
    county_name = serializers.CharField(source="county.name", read_only=True, label=_("区县名称"))
    leader = ScopedRelatedField(
        queryset=User.objects.all(), action="view", allow_null=True, required=False, label=_("组长")
    )
    leader_name = serializers.SerializerMethodField(label=_("组长姓名"))
    coordinating_department = ScopedRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False, label=_("牵头纪检监察室")
    )
    coordinating_department_name = serializers.CharField(
        source="coordinating_department.name", read_only=True, default=None, label=_("牵头纪检监察室名称")
    )
    townships = serializers.SerializerMethodField(label=_("当前成员乡镇"))

    class Meta:
        model = Zone
        fields = [
            "id",
            "county",
            "county_name",
            "name",
            "order",
            "leader",
            "leader_name",
            "coordinating_department",
            "coordinating_department_name",
            "townships",
            "active",
        ]
        read_only_fields = ["active"]
        create_only_fields = ["county"]
        validators = []

    @extend_schema_field(OpenApiTypes.STR)
    def get_leader_name(self, zone: Zone) -> str | None:
        return str(zone.leader) if zone.leader_id else None

    @extend_schema_field(BriefSerializer(many=True))
    def get_townships(self, zone: Zone) -> list[dict]:
        memberships = getattr(zone, "current_memberships", None)
        if memberships is None:
            memberships = zone.memberships.current().select_related("township").order_by("township__order")
        return [{"id": m.township_id, "name": m.township.name} for m in memberships]


class TownshipSerializer(CreateOnlyFieldsMixin, serializers.ModelSerializer):
    county = ScopedRelatedField(queryset=County.objects.all(), label=_("区县"))
    county_name = serializers.CharField(source="county.name", read_only=True, label=_("区县名称"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label=_("类别名称"))
    zone = CurrentZoneField(
        queryset=Zone.objects.all(),
        required=False,
        allow_null=True,
        label=_("当前协作区"),
        help_text=_("新建时可直接加入协作区；此后请用 move 调整"),
    )
    zone_name = serializers.SerializerMethodField(label=_("当前协作区名称"))
    joined_on = serializers.DateField(
        required=False,
        allow_null=True,
        write_only=True,
        label=_("加入日期"),
        help_text=_("新建时加入协作区的日期，默认今天"),
    )

    class Meta:
        model = Township
        fields = [
            "id",
            "county",
            "county_name",
            "name",
            "kind",
            "kind_display",
            "slug",
            "order",
            "zone",
            "zone_name",
            "joined_on",
            "active",
        ]
        read_only_fields = ["active"]
        create_only_fields = ["county", "zone", "joined_on"]
        validators = []

    @extend_schema_field(OpenApiTypes.STR)
    def get_zone_name(self, township: Township) -> str | None:
        zone = current_zone(township)
        return zone.name if zone else None


class TownshipDeactivateSerializer(serializers.Serializer):
    on_date = serializers.DateField(
        required=False, allow_null=True, label=_("停用日期"), help_text=_("其协作区成员关系于该日结束；默认今天")
    )


class TownshipMoveSerializer(serializers.Serializer):
    zone = ScopedRelatedField(queryset=Zone.objects.all(), label=_("调入协作区"))
    on_date = serializers.DateField(
        label=_("调整日期"), help_text=_("自该日起属于新协作区；原协作区的成员关系于该日结束")
    )


class VillageSerializer(CreateOnlyFieldsMixin, serializers.ModelSerializer):
    township = ScopedRelatedField(queryset=Township.objects.all(), label=_("乡镇"))
    township_name = serializers.CharField(source="township.name", read_only=True, label=_("乡镇名称"))
    county = serializers.IntegerField(source="township.county_id", read_only=True, label=_("区县"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label=_("类别名称"))

    class Meta:
        model = Village
        fields = ["id", "county", "township", "township_name", "name", "kind", "kind_display", "active"]
        read_only_fields = ["active"]
        create_only_fields = ["township"]
        validators = []


class VillageGroupSerializer(CreateOnlyFieldsMixin, serializers.ModelSerializer):
    village = ScopedRelatedField(queryset=Village.objects.all(), label=_("村（社区）"))
    village_name = serializers.CharField(source="village.name", read_only=True, label=_("村名称"))
    township = serializers.IntegerField(source="village.township_id", read_only=True, label=_("乡镇"))
    township_name = serializers.CharField(source="village.township.name", read_only=True, label=_("乡镇名称"))

    class Meta:
        model = VillageGroup
        fields = ["id", "township", "township_name", "village", "village_name", "name", "active"]
        read_only_fields = ["active"]
        create_only_fields = ["village"]
        validators = []


class ZoneMembershipSerializer(serializers.ModelSerializer):
    zone_name = serializers.CharField(source="zone.name", read_only=True, label=_("协作区名称"))
    township_name = serializers.CharField(source="township.name", read_only=True, label=_("乡镇名称"))
    current = serializers.SerializerMethodField(label=_("当前有效"))

    class Meta:
        model = ZoneMembership
        fields = ["id", "zone", "zone_name", "township", "township_name", "start_date", "end_date", "current"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_current(self, membership: ZoneMembership) -> bool:
        return membership.end_date is None


# Shared fields of the supervisor and committee rosters; ``account`` is the person's sign-in, if any.
class RosterSerializer(CreateOnlyFieldsMixin, serializers.ModelSerializer):
    account = ScopedRelatedField(
        source="user",
        queryset=User.objects.all(),
        action="view",
        allow_null=True,
        required=False,
        label=_("系统账号"),
        help_text=_("该人员登录系统所用的账号（可不填）"),
    )

    roster_fields = ["name", "phone", "appointed_on", "ended_on", "active", "account"]


class VillageSupervisorSerializer(RosterSerializer):
    group = ScopedRelatedField(queryset=VillageGroup.objects.all(), label=_("村民小组"))
    group_name = serializers.CharField(source="group.name", read_only=True, label=_("村民小组名称"))
    village = serializers.IntegerField(source="group.village_id", read_only=True, label=_("村（社区）"))
    village_name = serializers.CharField(source="group.village.name", read_only=True, label=_("村名称"))
    township = serializers.IntegerField(source="group.village.township_id", read_only=True, label=_("乡镇"))
    township_name = serializers.CharField(source="group.village.township.name", read_only=True, label=_("乡镇名称"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label=_("类别名称"))

    class Meta:
        model = VillageSupervisor
        fields = [
            "id",
            "township",
            "township_name",
            "village",
            "village_name",
            "group",
            "group_name",
            "kind",
            "kind_display",
            *RosterSerializer.roster_fields,
        ]
        read_only_fields = ["active", "ended_on"]
        validators = []


class VillageCommitteeMemberSerializer(RosterSerializer):
    village = ScopedRelatedField(queryset=Village.objects.all(), label=_("村（社区）"))
    village_name = serializers.CharField(source="village.name", read_only=True, label=_("村名称"))
    township = serializers.IntegerField(source="village.township_id", read_only=True, label=_("乡镇"))
    township_name = serializers.CharField(source="village.township.name", read_only=True, label=_("乡镇名称"))
    position_display = serializers.CharField(source="get_position_display", read_only=True, label=_("职务名称"))

    class Meta:
        model = VillageCommitteeMember
        fields = [
            "id",
            "township",
            "township_name",
            "village",
            "village_name",
            "position",
            "position_display",
            *RosterSerializer.roster_fields,
        ]
        read_only_fields = ["active", "ended_on"]
        create_only_fields = ["village"]
        validators = []


class RosterEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField(label=_("离任日期"))
