"""Filters for the letter list and the rectification ledger (整改台账).

The ledger's query parameters are a contract: report dashboards link to them.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from zones.models import Township, Zone, ZoneMembership

from .choices import OPEN_ITEM_STATUSES, ItemStatus, LetterKind, LetterStatus, UnitKind
from .models import Item, Letter

YES_NO = django_filters.widgets.BooleanWidget
OPEN = "open"  # pseudo-status of the ledger: issued or rectifying


def _scoped_place_filters(filterset, user):
    filterset.filters["township"].queryset = Township.objects.restrict(user).select_related("county")
    filterset.filters["zone"].queryset = Zone.objects.restrict(user).select_related("county")


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    issued_from = django_filters.DateFilter(label=_("下发日期从"), field_name="letter__issued_on", lookup_expr="gte")
    issued_to = django_filters.DateFilter(label=_("下发日期至"), field_name="letter__issued_on", lookup_expr="lte")
    due_from = django_filters.DateFilter(label=_("整改期限从"), field_name="due_on", lookup_expr="gte")
    due_to = django_filters.DateFilter(label=_("整改期限至"), field_name="due_on", lookup_expr="lte")
    closed_from = django_filters.DateFilter(label=_("销号日期从"), field_name="closed_on", lookup_expr="gte")
    closed_to = django_filters.DateFilter(label=_("销号日期至"), field_name="closed_on", lookup_expr="lte")
    township = django_filters.ModelChoiceFilter(
        label=_("乡镇"), queryset=Township.objects.none(), field_name="letter__township"
    )
    zone = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(label=_("协作区"), queryset=Zone.objects.none(), method="filter_zone")
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("单位类别"), choices=UnitKind.choices, field_name="letter__unit_kind"
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=[(OPEN, _("未报整改（已下发或整改中）")), *ItemStatus.choices], method="filter_status"
    )
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue", widget=YES_NO)
    awaiting_verification = django_filters.BooleanFilter(
        label=_("待验收"), method="filter_awaiting_verification", widget=YES_NO
    )
    mine = django_filters.BooleanFilter(label=_("与我有关"), method="filter_mine", widget=YES_NO)
    ordering = django_filters.OrderingFilter(
        label=_("排序"),
        fields=(
            ("due_on", "due_on"),
            ("letter__issued_on", "issued_on"),
            ("closed_on", "closed_on"),
            ("status", "status"),
            ("letter__number", "number"),
        ),
        field_labels={
            "due_on": _("整改期限"),
            "letter__issued_on": _("下发日期"),
            "closed_on": _("销号日期"),
            "status": _("状态"),
            "letter__number": _("文号"),
        },
    )

    class Meta:
        model = Item
        fields = []

    def __init__(self, *args, user=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today or timezone.localdate()
        _scoped_place_filters(self, user)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(letter__number__icontains=value)
            | Q(letter__subject__icontains=value)
            | Q(description__icontains=value)
            | Q(responsible_person__icontains=value)
            | Q(finding__icontains=value)
            | Q(letter__addressee_township__name__icontains=value)
            | Q(letter__addressee_village__name__icontains=value)
            | Q(letter__addressee_department__name__icontains=value)
        )

    def filter_zone(self, queryset, name, value):
        townships = ZoneMembership.objects.current().filter(zone=value).values("township_id")
        return queryset.filter(Q(letter__township__in=townships) | Q(letter__issuer_zone=value))

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_ITEM_STATUSES)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=OPEN_ITEM_STATUSES, due_on__lt=self.today)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_awaiting_verification(self, queryset, name, value):
        return queryset.filter(status=ItemStatus.REPORTED) if value else queryset.exclude(status=ItemStatus.REPORTED)

    def filter_mine(self, queryset, name, value):
        if not value or self.user is None:
            return queryset
        return queryset.filter(Q(contact=self.user) | Q(letter__issued_by=self.user))


class LetterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("文书类别"), choices=LetterKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=LetterStatus.choices)
    unit_kind = django_filters.ChoiceFilter(label=_("单位类别"), choices=UnitKind.choices)
    township = django_filters.ModelChoiceFilter(label=_("乡镇"), queryset=Township.objects.none())
    zone = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(label=_("协作区"), queryset=Zone.objects.none(), method="filter_zone")
    )
    issued_from = django_filters.DateFilter(label=_("下发日期从"), field_name="issued_on", lookup_expr="gte")
    issued_to = django_filters.DateFilter(label=_("下发日期至"), field_name="issued_on", lookup_expr="lte")

    class Meta:
        model = Letter
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped_place_filters(self, user)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(subject__icontains=value)
            | Q(addressee_township__name__icontains=value)
            | Q(addressee_village__name__icontains=value)
            | Q(addressee_department__name__icontains=value)
        )

    def filter_zone(self, queryset, name, value):
        townships = ZoneMembership.objects.current().filter(zone=value).values("township_id")
        return queryset.filter(Q(township__in=townships) | Q(issuer_zone=value))
