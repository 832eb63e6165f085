"""FilterSets of the jurisdiction API lists.

They filter querysets that are already scoped, so an id outside the user's scope simply
matches nothing. Ids are plain numbers (no lookup query to validate them).
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zones.choices import CommitteePosition, DepartmentKind, SupervisorKind, TownshipKind, VillageKind
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


def _search(queryset, fields, value):
    value = value.strip()
    if not value:
        return queryset
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__icontains": value})
    return queryset.filter(q)


def _current_townships_of(zone_id):
    return ZoneMembership.objects.current().filter(zone_id=zone_id).values("township_id")


class SearchFilterSet(django_filters.FilterSet):
    """A ``q`` over ``search_fields`` and an ``active`` flag."""

    search_fields: tuple[str, ...] = ("name",)

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    active = django_filters.BooleanFilter(label=_("启用"))

    def filter_q(self, queryset, name, value):
        return _search(queryset, self.search_fields, value)


class CountyFilter(SearchFilterSet):
    search_fields = ("name", "code", "city")

    class Meta:
        model = County
        fields = ["q", "active"]


class DepartmentFilter(SearchFilterSet):
    county = django_filters.NumberFilter(label=_("区县"), field_name="county_id")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=DepartmentKind.choices)

    class Meta:
        model = Department
        fields = ["q", "county", "kind", "active"]


class ZoneFilter(SearchFilterSet):
    county = django_filters.NumberFilter(label=_("区县"), field_name="county_id")
    township = django_filters.NumberFilter(label=_("成员乡镇"), method="filter_township")
    leader = django_filters.NumberFilter(label=_("组长"), field_name="leader_id")

    class Meta:
        model = Zone
        fields = ["q", "county", "township", "leader", "active"]

    def filter_township(self, queryset, name, value):
        """The zone the township belongs to now."""
        return queryset.filter(pk__in=ZoneMembership.objects.current().filter(township_id=value).values("zone_id"))


class TownshipFilter(SearchFilterSet):
    search_fields = ("name", "slug")

    county = django_filters.NumberFilter(label=_("区县"), field_name="county_id")
    zone = django_filters.NumberFilter(label=_("协作区"), method="filter_zone")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=TownshipKind.choices)

    class Meta:
        model = Township
        fields = ["q", "county", "zone", "kind", "active"]

    def filter_zone(self, queryset, name, value):
        """Townships currently in the zone."""
        return queryset.filter(pk__in=_current_townships_of(value))


class VillageFilter(SearchFilterSet):
    county = django_filters.NumberFilter(label=_("区县"), field_name="township__county_id")
    zone = django_filters.NumberFilter(label=_("协作区"), method="filter_zone")
    township = django_filters.NumberFilter(label=_("乡镇"), field_name="township_id")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=VillageKind.choices)

    class Meta:
        model = Village
        fields = ["q", "county", "zone", "township", "kind", "active"]

    def filter_zone(self, queryset, name, value):
        return queryset.filter(township_id__in=_current_townships_of(value))


class VillageGroupFilter(SearchFilterSet):
    search_fields = ("name", "village__name")

    county = django_filters.NumberFilter(label=_("区县"), field_name="village__township__county_id")
    zone = django_filters.NumberFilter(label=_("协作区"), method="filter_zone")
    township = django_filters.NumberFilter(label=_("乡镇"), field_name="village__township_id")
    village = django_filters.NumberFilter(label=_("村（社区）"), field_name="village_id")

    class Meta:
        model = VillageGroup
        fields = ["q", "county", "zone", "township", "village", "active"]

    def filter_zone(self, queryset, name, value):
        return queryset.filter(village__township_id__in=_current_townships_of(value))


class ZoneMembershipFilter(django_filters.FilterSet):
    county = django_filters.NumberFilter(label=_("区县"), field_name="zone__county_id")
    zone = django_filters.NumberFilter(label=_("协作区"), field_name="zone_id")
    township = django_filters.NumberFilter(label=_("乡镇"), field_name="township_id")
    current = django_filters.BooleanFilter(label=_("仅当前"), method="filter_current")
    on_date = django_filters.DateFilter(label=_("某日有效"), method="filter_on_date")

    class Meta:
        model = ZoneMembership
        fields = ["county", "zone", "township", "current", "on_date"]

    def filter_current(self, queryset, name, value):
        return queryset.filter(end_date__isnull=value)

    def filter_on_date(self, queryset, name, value):
        """Memberships in force on that day (the end date is the first day in the next zone)."""
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gt=value), start_date__lte=value)


class RosterFilter(SearchFilterSet):
    """Shared by the supervisor and committee rosters: ``active`` means still in office."""

    search_fields = ("name", "phone")

    active = django_filters.BooleanFilter(label=_("在任"))
    appointed_after = django_filters.DateFilter(label=_("任职日期起"), field_name="appointed_on", lookup_expr="gte")
    appointed_before = django_filters.DateFilter(label=_("任职日期止"), field_name="appointed_on", lookup_expr="lte")


class VillageSupervisorFilter(RosterFilter):
    county = django_filters.NumberFilter(label=_("区县"), field_name="group__village__township__county_id")
    zone = django_filters.NumberFilter(label=_("协作区"), method="filter_zone")
    township = django_filters.NumberFilter(label=_("乡镇"), field_name="group__village__township_id")
    village = django_filters.NumberFilter(label=_("村（社区）"), field_name="group__village_id")
    group = django_filters.NumberFilter(label=_("村民小组"), field_name="group_id")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=SupervisorKind.choices)

    class Meta:
        model = VillageSupervisor
        fields = ["q", "county", "zone", "township", "village", "group", "kind", "active"]

    def filter_zone(self, queryset, name, value):
        return queryset.filter(group__village__township_id__in=_current_townships_of(value))


class VillageCommitteeMemberFilter(RosterFilter):
    county = django_filters.NumberFilter(label=_("区县"), field_name="village__township__county_id")
    zone = django_filters.NumberFilter(label=_("协作区"), method="filter_zone")
    township = django_filters.NumberFilter(label=_("乡镇"), field_name="village__township_id")
    village = django_filters.NumberFilter(label=_("村（社区）"), field_name="village_id")
    position = django_filters.ChoiceFilter(label=_("职务"), choices=CommitteePosition.choices)

    class Meta:
        model = VillageCommitteeMember
        fields = ["q", "county", "zone", "township", "village", "position", "active"]

    def filter_zone(self, queryset, name, value):
        return queryset.filter(village__township_id__in=_current_townships_of(value))
