"""Admin for the clue app. Clue content is changed through the workflow pages and API (services),
so the admin mostly reads; county deadline settings and problem types are configured here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Clue,
    ClueAttachment,
    ClueDisposal,
    ClueEvent,
    ClueProblemType,
    ClueSettings,
    ClueSubject,
    ProblemType,
    Reporter,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: viewable, never edited or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClueSettings)
class ClueSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "county",
        "assign_workdays",
        "sign_workdays",
        "conclusion_workdays",
        "inquiry_reply_workdays",
        "inquiry_conclusion_days",
        "verification_workdays",
    )
    list_select_related = ("county",)


@admin.register(ProblemType)
class ProblemTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)
    ordering = ("order",)

    def has_delete_permission(self, request, obj=None):
        return False


class SubjectInline(ReadOnlyInline):
    model = ClueSubject
    fields = ("person", "unit", "position", "cadre_level", "political_status", "is_public_official")
    readonly_fields = fields


class ProblemTypeInline(ReadOnlyInline):
    model = ClueProblemType
    fields = ("problem_type",)
    readonly_fields = fields
    verbose_name_plural = _("问题类型")


class DisposalInline(ReadOnlyInline):
    model = ClueDisposal
    fields = ("method", "decided_on", "decided_by", "result", "ended_on")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ClueEvent
    fields = ("at", "kind", "actor_name", "from_status", "to_status", "note")
    readonly_fields = fields


@admin.register(Clue)
class ClueAdmin(ReadOnlyAdmin):
    list_display = ("number", "received_on", "township", "source", "status", "disposal_method", "is_duplicate")
    list_filter = ("status", "disposal_method", "source", "category", "is_duplicate", "county")
    list_select_related = ("township",)
    search_fields = ("number", "summary")
    date_hierarchy = "received_on"
    inlines = [SubjectInline, ProblemTypeInline, DisposalInline, EventInline]
    exclude = ("description",)


@admin.register(ClueSubject)
class ClueSubjectAdmin(ReadOnlyAdmin):
    list_display = ("clue", "person", "unit", "position", "cadre_level")
    list_select_related = ("clue", "person")
    search_fields = ("clue__number", "person__name")


@admin.register(ClueProblemType)
class ClueProblemTypeAdmin(ReadOnlyAdmin):
    list_display = ("clue", "problem_type")
    list_select_related = ("clue", "problem_type")


@admin.register(Reporter)
class ReporterAdmin(ReadOnlyAdmin):
    """The identity itself is never shown here: only whether and when the reporter was told."""

    list_display = ("clue", "notified_accept_on", "notified_result_on")
    fields = ("clue", "notified_accept_on", "notified_result_on")
    list_select_related = ("clue",)
    search_fields = ("clue__number",)


@admin.register(ClueAttachment)
class ClueAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "clue", "kind", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("clue", "uploaded_by")
    fields = ("clue", "original_name", "kind", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
    search_fields = ("clue__number", "original_name")


@admin.register(ClueDisposal)
class ClueDisposalAdmin(ReadOnlyAdmin):
    list_display = ("clue", "method", "decided_on", "result", "ended_on")
    list_select_related = ("clue",)
    list_filter = ("method",)


@admin.register(ClueEvent)
class ClueEventAdmin(ReadOnlyAdmin):
    list_display = ("clue", "kind", "at", "actor_name", "from_status", "to_status")
    list_select_related = ("clue",)
    list_filter = ("kind",)
    search_fields = ("clue__number", "actor_name")
