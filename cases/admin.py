"""Admin: county case settings are edited here; cases and measures are read here and written in the app,
so numbering, deadlines, the four forms and the timeline always go through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin, ScopedTabularInline

from .models import Case, CaseEvent, CaseExtension, CasePerson, CaseSettings, ClueMeasureSubject, Measure


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseSettings)
class CaseSettingsAdmin(ScopedAdmin):
    list_display = [
        "county",
        "investigation_days",
        "extension_max_days",
        "review_days",
        "execution_days",
        "warning_days",
        "probation_warning_days",
    ]
    list_select_related = ["county"]
    autocomplete_fields = ["county"]


class CasePersonInline(ReadOnlyMixin, ScopedTabularInline):
    model = CasePerson
    extra = 0
    fields = ["person", "form", "form_decided_on"]
    readonly_fields = fields


class CaseEventInline(ReadOnlyMixin, ScopedTabularInline):
    model = CaseEvent
    extra = 0
    fields = ["at", "kind", "actor", "on_date", "from_status", "to_status", "note"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["number", "title", "county", "township", "status", "filed_on", "investigation_due", "concluded_on"]
    list_filter = ["status", "joint_handling", "county"]
    search_fields = ["number", "title", "persons__person__name"]
    list_select_related = ["county", "township"]
    date_hierarchy = "filed_on"
    inlines = [CasePersonInline, CaseEventInline]


@admin.register(CaseExtension)
class CaseExtensionAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["case", "approved_on", "days", "approver", "previous_due", "new_due"]
    list_select_related = ["case", "approver"]
    search_fields = ["case__number"]


@admin.register(CasePerson)
class CasePersonAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["case", "person", "form", "form_decided_on"]
    list_filter = ["form"]
    list_select_related = ["case", "person"]
    search_fields = ["case__number", "person__name"]


@admin.register(ClueMeasureSubject)
class ClueMeasureSubjectAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["clue", "person", "form", "form_decided_on"]
    list_filter = ["form"]
    list_select_related = ["clue", "person"]
    search_fields = ["clue__number", "person__name"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = [
        "person",
        "kind",
        "measure_type",
        "form",
        "decided_on",
        "document_number",
        "influence_until",
        "executed_on",
        "source",
    ]
    list_filter = ["measure_type", "form", "kind"]
    list_select_related = ["person", "case_person__case", "clue_subject__clue"]
    search_fields = ["person__name", "document_number", "case_person__case__number"]
    date_hierarchy = "decided_on"

    @admin.display(description=_("来源"))
    def source(self, obj):
        return obj.owner_label


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["case", "kind", "at", "actor", "on_date", "note"]
    list_filter = ["kind"]
    list_select_related = ["case", "actor"]
    search_fields = ["case__number", "note"]
