from django.contrib import admin

from .models import ReportBuild


@admin.register(ReportBuild)
class ReportBuildAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "scope_name",
        "period_start",
        "period_end",
        "kind",
        "status",
        "progress",
        "requested_by",
        "created_at",
    )
    list_filter = ("status", "kind", "scope_level", "county")
    search_fields = ("scope_name", "requested_by__username", "requested_by__real_name")
    readonly_fields = [f.name for f in ReportBuild._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
