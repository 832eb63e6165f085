"""Filters for the user management list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zones.models import Township, Village, Zone, ZoneMembership

from .models import RoleAssignment, User
from .roles import Role


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices, method="filter_role")
    zone = django_filters.ModelChoiceFilter(label=_("协作区"), queryset=Zone.objects.none(), method="filter_zone")
    township = django_filters.ModelChoiceFilter(
        label=_("乡镇"), queryset=Township.objects.none(), method="filter_township"
    )
    is_active = django_filters.BooleanFilter(
        label=_("状态"),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = User
        fields = ["q", "role", "zone", "township", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["zone"].queryset = Zone.objects.restrict(user).select_related("county")
        self.filters["township"].queryset = Township.objects.restrict(user).select_related("county")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(real_name__icontains=value) | Q(phone__icontains=value))

    def filter_role(self, queryset, name, value):
        return queryset.filter(pk__in=RoleAssignment.objects.filter(role=value).values("user_id"))

    def filter_township(self, queryset, name, value):
        """Users working in the township: a role over it or over one of its villages."""
        assignments = RoleAssignment.objects.filter(
            Q(township=value) | Q(village__in=Village.objects.filter(township=value).values("pk"))
        )
        return queryset.filter(pk__in=assignments.values("user_id"))

    def filter_zone(self, queryset, name, value):
        """Users working in the zone: a role over it, its current townships, or their villages."""
        townships = ZoneMembership.objects.current().filter(zone=value).values("township_id")
        assignments = RoleAssignment.objects.filter(
            Q(zone=value)
            | Q(township__in=townships)
            | Q(village__in=Village.objects.filter(township__in=townships).values("pk"))
        )
        return queryset.filter(Q(pk__in=assignments.values("user_id")) | Q(led_zones=value)).distinct()
