from django.contrib import admin

from core.admin import ScopedAdmin, ScopedTabularInline

from .models import (
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


@admin.register(County)
class CountyAdmin(ScopedAdmin):
    list_display = ["name", "code", "city", "active"]
    list_filter = ["active", "city"]
    search_fields = ["name", "code", "city"]


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ["name", "county", "kind", "active"]
    list_filter = ["kind", "active", "county"]
    search_fields = ["name"]
    list_select_related = ["county"]


class ZoneMembershipInline(ScopedTabularInline):
    model = ZoneMembership
    extra = 0
    fields = ["zone", "start_date", "end_date"]
    autocomplete_fields = ["zone"]


@admin.register(Township)
class TownshipAdmin(ScopedAdmin):
    list_display = ["name", "county", "kind", "slug", "order", "active"]
    list_filter = ["kind", "active", "county"]
    search_fields = ["name", "slug"]
    list_select_related = ["county"]
    inlines = [ZoneMembershipInline]


class VillageGroupInline(ScopedTabularInline):
    model = VillageGroup
    extra = 0
    fields = ["name", "active"]


@admin.register(Village)
class VillageAdmin(ScopedAdmin):
    list_display = ["name", "township", "kind", "active"]
    list_filter = ["kind", "active", "township__county"]
    search_fields = ["name", "township__name"]
    list_select_related = ["township"]
    autocomplete_fields = ["township"]
    inlines = [VillageGroupInline]


@admin.register(VillageGroup)
class VillageGroupAdmin(ScopedAdmin):
    list_display = ["name", "village", "township", "active"]
    list_filter = ["active"]
    search_fields = ["name", "village__name", "village__township__name"]
    list_select_related = ["village__township"]
    autocomplete_fields = ["village"]

    @admin.display(description=Township._meta.verbose_name, ordering="village__township__order")
    def township(self, obj):
        return obj.village.township


@admin.register(Zone)
class ZoneAdmin(ScopedAdmin):
    list_display = ["name", "county", "leader", "coordinating_department", "order", "active"]
    list_filter = ["active", "county"]
    search_fields = ["name"]
    list_select_related = ["county", "leader", "coordinating_department"]
    autocomplete_fields = ["leader", "coordinating_department"]


@admin.register(ZoneMembership)
class ZoneMembershipAdmin(ScopedAdmin):
    list_display = ["township", "zone", "start_date", "end_date"]
    list_filter = ["zone", ("end_date", admin.EmptyFieldListFilter)]
    search_fields = ["township__name", "zone__name"]
    list_select_related = ["township", "zone"]
    autocomplete_fields = ["township", "zone"]


@admin.register(VillageCommitteeMember)
class VillageCommitteeMemberAdmin(ScopedAdmin):
    list_display = ["name", "village", "position", "phone", "appointed_on", "ended_on", "active"]
    list_filter = ["position", "active", "village__township"]
    search_fields = ["name", "phone", "village__name"]
    list_select_related = ["village__township"]
    autocomplete_fields = ["village", "user"]


@admin.register(VillageSupervisor)
class VillageSupervisorAdmin(ScopedAdmin):
    list_display = ["name", "group", "kind", "phone", "appointed_on", "ended_on", "active"]
    list_filter = ["kind", "active", "group__village__township"]
    search_fields = ["name", "phone", "group__name", "group__village__name"]
    list_select_related = ["group__village"]
    autocomplete_fields = ["group", "user"]
