"""Filters for the audit log page."""

import datetime

import django_filters
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditEvent
from .tracking import is_tracked


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ContentTypeChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return model._meta.verbose_name if model else obj.model


class ContentTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeChoiceField


def audited_content_types():
    """Content types of every audited model (for the object type filter)."""
    models = [model for model in apps.get_models() if is_tracked(model)]
    ids = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


class AuditEventFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(label=_("开始日期"), method="filter_date_from")
    date_to = django_filters.DateFilter(label=_("结束日期"), method="filter_date_to")
    actor = django_filters.CharFilter(label=_("操作人"), method="filter_actor")
    actor_id = django_filters.NumberFilter(label=_("操作人编号"), field_name="actor_id")
    action = django_filters.ChoiceFilter(label=_("操作"), choices=AuditAction.choices)
    content_type = ContentTypeFilter(label=_("对象类型"), queryset=ContentType.objects.none())
    object_id = django_filters.CharFilter(label=_("对象编号"), field_name="object_id")
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")

    class Meta:
        model = AuditEvent
        fields = ["date_from", "date_to", "actor", "actor_id", "action", "content_type", "object_id", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["content_type"].queryset = audited_content_types()

    # Date bounds become aware datetimes so the created_at index is used.
    def filter_date_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=_start_of(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=_start_of(value + datetime.timedelta(days=1)))

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(actor_name__icontains=value) | Q(actor__username__iexact=value))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(object_repr__icontains=value) | Q(detail__icontains=value))
