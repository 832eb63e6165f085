from django.contrib import admin

from core.admin import ScopedAdmin, ScopedTabularInline

from .models import Evidence, Item, ItemEvent, ItemReport, Letter


class ItemInline(ScopedTabularInline):
    model = Item
    extra = 0
    fields = ["seq", "description", "domain", "responsible_person", "contact", "due_on", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["contact"]


@admin.register(Letter)
class LetterAdmin(ScopedAdmin):
    list_display = ["number", "kind", "subject", "unit_kind", "township", "issued_on", "status"]
    list_filter = ["kind", "status", "unit_kind", "county"]
    search_fields = ["number", "subject"]
    list_select_related = ["township"]
    date_hierarchy = "issued_on"
    readonly_fields = ["number", "unit_kind", "township", "issued_by", "status", "closed_on", "created_at"]
    autocomplete_fields = ["approver", "addressee_township", "addressee_village", "addressee_department", "issuer_zone"]
    inlines = [ItemInline]

    def has_add_permission(self, request):
        # Letters are numbered and issued through the service (the 下发 page), never typed in here.
        return False


class EventInline(ScopedTabularInline):
    model = ItemEvent
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(ScopedAdmin):
    list_display = ["__str__", "description", "status", "due_on", "closed_on", "contact"]
    list_filter = ["status", "domain"]
    search_fields = ["letter__number", "description", "responsible_person"]
    list_select_related = ["letter", "contact"]
    readonly_fields = ["letter", "seq", "status", "reported_on", "verified_on", "closed_on", "reopen_count"]
    autocomplete_fields = ["contact"]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False


@admin.register(ItemReport)
class ItemReportAdmin(ScopedAdmin):
    list_display = ["item", "submitted_by", "submitted_at"]
    search_fields = ["item__letter__number", "measures"]
    list_select_related = ["item__letter", "submitted_by"]
    readonly_fields = ["item", "submitted_by", "submitted_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdmin):
    list_display = ["original_name", "content_type", "size", "report", "uploaded_at"]
    search_fields = ["original_name"]
    list_select_related = ["report__item__letter"]
    readonly_fields = ["report", "file", "original_name", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ItemEvent)
class ItemEventAdmin(ScopedAdmin):
    list_display = ["item", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]
    search_fields = ["item__letter__number", "note"]
    list_select_related = ["item__letter", "actor"]
    readonly_fields = ["item", "action", "from_status", "to_status", "actor", "note", "at"]

    def has_add_permission(self, request):
        return False
