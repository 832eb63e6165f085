"""Filters for the jurisdiction lists: one ``q`` search plus county / zone / township / village / status."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import SupervisorKind, TownshipKind, VillageKind
from .models import County, Township, Village, VillageSupervisor, Zone, ZoneMembership

ACTIVE_CHOICES = [("true", _("启用")), ("false", _("已停用"))]
IN_OFFICE_CHOICES = [("true", _("在任")), ("false", _("已离任"))]


def _current_townships(zone) -> Q:
    return Q(pk__in=ZoneMembership.objects.current().filter(zone=zone).values("township_id"))


class ScopedFilterSet(django_filters.FilterSet):
    """Choices of the jurisdiction filters limited to what the user may see."""

    county = django_filters.ModelChoiceFilter(label=_("区县"), queryset=County.objects.none(), method="filter_county")
    active = django_filters.ChoiceFilter(label=_("状态"), choices=ACTIVE_CHOICES, method="filter_active")

    county_path = "county"
    search_hint = _("名称")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["county"].queryset = County.objects.restrict(user)
        if "zone" in self.filters:
            self.filters["zone"].queryset = Zone.objects.restrict(user).select_related("county")
        if "township" in self.filters:
            self.filters["township"].queryset = Township.objects.restrict(user).select_related("county")
        if "village" in self.filters:
            self.filters["village"].queryset = Village.objects.restrict(user).select_related("township")
        self._style_form()

    def _style_form(self) -> None:
        """Small Bootstrap widgets, an explicit 「全部」 first choice, and a hint in the search box."""
        for name, field in self.form.fields.items():
            if name == "q":
                field.widget.attrs.update(
                    {"class": "form-control form-control-sm", "type": "search", "placeholder": self.search_hint}
                )
                continue
            field.widget.attrs["class"] = "form-select form-select-sm"
            if hasattr(field, "empty_label"):
                field.empty_label = _("全部")
            if hasattr(field, "choices") and not hasattr(field, "queryset"):
                field.choices = [("", _("全部")), *[c for c in field.choices if c[0] != ""]]
        if "village" in self.form.fields:
            self.form.fields["village"].label_from_instance = lambda v: f"{v.township.name} · {v.name}"

    def filter_county(self, queryset, name, value):
        return queryset.filter(**{self.county_path: value})

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "true")


class ZoneFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    search_hint = _("协作区、组长、牵头室或乡镇")

    class Meta:
        model = Zone
        fields = ["q", "county", "active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        townships = ZoneMembership.objects.current().filter(township__name__icontains=value).values("zone_id")
        return queryset.filter(
            Q(name__icontains=value)
            | Q(leader__real_name__icontains=value)
            | Q(coordinating_department__name__icontains=value)
            | Q(pk__in=townships)
        )


class TownshipFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    zone = django_filters.ModelChoiceFilter(label=_("协作区"), queryset=Zone.objects.none(), method="filter_zone")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=TownshipKind.choices)
    search_hint = _("乡镇名称或拼音简称")

    class Meta:
        model = Township
        fields = ["q", "county", "zone", "kind", "active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(slug__icontains=value))

    def filter_zone(self, queryset, name, value):
        return queryset.filter(_current_townships(value))


class VillageFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    zone = django_filters.ModelChoiceFilter(label=_("协作区"), queryset=Zone.objects.none(), method="filter_zone")
    township = django_filters.ModelChoiceFilter(label=_("乡镇"), queryset=Township.objects.none())
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=VillageKind.choices)
    search_hint = _("村名、小组名或村监委成员")

    county_path = "township__county"

    class Meta:
        model = Village
        fields = ["q", "county", "zone", "township", "kind", "active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(groups__name__icontains=value)
            | Q(committee_members__name__icontains=value, committee_members__active=True)
        ).distinct()

    def filter_zone(self, queryset, name, value):
        townships = ZoneMembership.objects.current().filter(zone=value).values("township_id")
        return queryset.filter(township__in=townships)


class SupervisorFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    zone = django_filters.ModelChoiceFilter(label=_("协作区"), queryset=Zone.objects.none(), method="filter_zone")
    township = django_filters.ModelChoiceFilter(
        label=_("乡镇"), queryset=Township.objects.none(), field_name="group__village__township"
    )
    village = django_filters.ModelChoiceFilter(
        label=_("村（社区）"), queryset=Village.objects.none(), field_name="group__village"
    )
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=SupervisorKind.choices)
    active = django_filters.ChoiceFilter(label=_("在任情况"), choices=IN_OFFICE_CHOICES, method="filter_active")
    search_hint = _("姓名、电话、村或小组")

    county_path = "group__village__township__county"

    class Meta:
        model = VillageSupervisor
        fields = ["q", "county", "zone", "township", "village", "kind", "active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(phone__icontains=value)
            | Q(group__name__icontains=value)
            | Q(group__village__name__icontains=value)
        )

    def filter_zone(self, queryset, name, value):
        townships = ZoneMembership.objects.current().filter(zone=value).values("township_id")
        return queryset.filter(group__village__township__in=townships)
