"""Admin for the core tables, and the scoping every domain ModelAdmin shares."""

from django.contrib import admin

from .forms import CalendarYearForm
from .models import CalendarDay, CalendarYear, Sequence
from .scoping import scope_for
from .services import calendar_year_enter


def _restricted(queryset, request, action: str = "view"):
    return queryset.restrict(request.user, action) if hasattr(queryset, "restrict") else queryset


class ScopedFormFieldsMixin:
    """Foreign-key choices limited to what the signed-in user may see."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = _restricted(field.queryset, request)
        return field


class ScopedAdmin(ScopedFormFieldsMixin, admin.ModelAdmin):
    """The admin goes through the same door as the app: ``restrict(user, action)``."""

    def get_queryset(self, request):
        return _restricted(super().get_queryset(request), request)

    def _allowed(self, request, obj, action: str) -> bool:
        if obj is None:
            return scope_for(request.user).allows(self.model, action)
        return _restricted(self.model._default_manager.filter(pk=obj.pk), request, action).exists()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._allowed(request, None, "manage")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allowed(request, obj, "change")

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed(request, obj, "manage")


class ScopedTabularInline(ScopedFormFieldsMixin, admin.TabularInline):
    def get_queryset(self, request):
        return _restricted(super().get_queryset(request), request)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the application's services: viewable here, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sequence)
class SequenceAdmin(ReadOnlyAdmin):
    """Counters are advanced only by the numbering service; editing one could reuse a number."""

    list_display = ["key", "year", "last_value"]
    list_filter = ["year"]
    search_fields = ["key"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Entering a year's notice goes through the calendar service, so deadlines follow it."""

    form = CalendarYearForm
    list_display = ["year", "notice", "source", "entered_at"]
    list_filter = ["source"]
    search_fields = ["notice"]
    readonly_fields = ["source", "entered_at"]
    fields = ["year", "notice", "holidays", "workdays", "source", "entered_at"]

    def save_model(self, request, obj, form, change):
        entry = calendar_year_enter(
            year=form.cleaned_data["year"],
            holidays=form.cleaned_data["holidays"],
            workdays=form.cleaned_data["workdays"],
            notice=form.cleaned_data["notice"],
            user=request.user,
        )
        obj.pk, obj.source, obj.entered_at = entry.pk, entry.source, entry.entered_at

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin):
    """Days are entered a year at a time on the year's page."""

    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"
