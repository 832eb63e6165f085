from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Notification, Reminder


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "delivery", "emailed_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["title", "recipient__username", "recipient__real_name"]
    list_select_related = ["recipient"]
    readonly_fields = [
        "recipient",
        "kind",
        "title",
        "body",
        "url",
        "created_at",
        "claimed_at",
        "attempts",
        "emailed_at",
    ]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(Reminder)
class ReminderAdmin(ScopedAdmin):
    list_display = ["source", "content_type", "object_id", "kind", "due_on", "interval", "recipient", "created_at"]
    list_filter = ["source", "kind"]
    search_fields = ["recipient__username", "recipient__real_name"]
    list_select_related = ["recipient", "content_type"]
    readonly_fields = [
        "source",
        "content_type",
        "object_id",
        "kind",
        "due_on",
        "interval",
        "recipient",
        "notification",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
