from django.contrib import admin

from .models import AuditEvent
from .selectors import can_read_audit


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only, and only for the readers of the audit page: records carry case content."""

    list_display = ["created_at", "actor_name", "action", "content_type", "object_repr", "ip"]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["object_repr", "detail", "actor_name", "object_id"]
    list_select_related = ["content_type"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    show_full_result_count = False

    def has_module_permission(self, request):
        return can_read_audit(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_read_audit(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
