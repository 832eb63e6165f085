"""The clue ledger's filters: one FilterSet for the ledger page, the API and the .xlsx export.

Query parameters (the report dashboards link to them, keep them stable): ``q``, ``received_from``,
``received_to``, ``decided_from``, ``decided_to``, ``source``, ``category``, ``township``, ``zone``,
``village``, ``status``, ``method``, ``domain``, ``problem_type``, ``cadre_level``, ``overdue``
(with optional ``queue``), ``mine``, ``duplicate``, ``person``, ``ordering``.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.text import normalize_name
from people.choices import CadreLevel
from zones.models import Township, Village, Zone, ZoneMembership

from .choices import (
    ClueCategory,
    ClueDomain,
    ClueSource,
    ClueStatus,
    DisposalMethod,
    OverdueQueue,
    ProblemTypeCode,
)
from .deadlines import overdue_q
from .models import Clue, ClueProblemType, ClueSubject

BOOLEAN_CHOICES = (("true", _("是")), ("false", _("否")))
DUPLICATE_CHOICES = (("exclude", _("不含重复件")), ("include", _("含重复件")), ("only", _("仅重复件")))
ORDERING_FIELDS = (
    ("received_on", "received_on"),
    ("number", "number"),
    ("status", "status"),
    ("decided_on", "decided_on"),
    ("concluded_on", "concluded_on"),
    ("amount", "amount"),
    ("township__order", "township"),
)


def _truthy(value) -> bool | None:
    if value in (True, "true", "True", "1", "on", "yes"):
        return True
    if value in (False, "false", "False", "0", "off", "no"):
        return False
    return None


class ClueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q", max_length=100)
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("受理日期自"))
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("受理日期至"))
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte", label=_("处置决定日期自"))
    decided_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte", label=_("处置决定日期至"))
    source = django_filters.MultipleChoiceFilter(choices=ClueSource.choices, label=_("线索来源"))
    category = django_filters.ChoiceFilter(choices=ClueCategory.choices, label=_("信访举报分类"))
    township = django_filters.ModelChoiceFilter(queryset=Township.objects.none(), label=_("乡镇"))
    zone = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(queryset=Zone.objects.none(), label=_("协作区"), method="filter_zone")
    )
    village = django_filters.ModelChoiceFilter(queryset=Village.objects.none(), label=_("村（社区）"))
    status = django_filters.MultipleChoiceFilter(choices=ClueStatus.choices, label=_("状态"))
    method = django_filters.ChoiceFilter(
        field_name="disposal_method", choices=DisposalMethod.choices, label=_("处置方式")
    )
    domain = django_filters.ChoiceFilter(choices=ClueDomain.choices, label=_("领域"))
    problem_type = django_filters.ChoiceFilter(
        choices=ProblemTypeCode.choices, label=_("问题类型"), method="filter_problem_type"
    )
    cadre_level = django_filters.ChoiceFilter(
        choices=CadreLevel.choices, label=_("干部层级"), method="filter_cadre_level"
    )
    overdue = django_filters.ChoiceFilter(choices=BOOLEAN_CHOICES, label=_("逾期"), method="filter_overdue")
    queue = django_filters.ChoiceFilter(choices=OverdueQueue.choices, label=_("逾期环节"), method="filter_noop")
    mine = django_filters.ChoiceFilter(choices=BOOLEAN_CHOICES, label=_("分给我的"), method="filter_mine")
    duplicate = django_filters.ChoiceFilter(
        choices=DUPLICATE_CHOICES, label=_("重复件"), method="filter_duplicate", empty_label=None
    )
    person = django_filters.NumberFilter(label=_("被反映人"), method="filter_person", min_value=1)
    ordering = django_filters.OrderingFilter(
        fields=ORDERING_FIELDS,
        field_labels={
            "received_on": _("受理日期"),
            "number": _("编号"),
            "status": _("状态"),
            "decided_on": _("处置决定日期"),
            "concluded_on": _("办结日期"),
            "amount": _("涉及金额"),
            "township__order": _("乡镇"),
        },
        label=_("排序"),
    )

    class Meta:
        model = Clue
        fields = []

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["township"].queryset = Township.objects.restrict(user).filter(active=True)
        self.filters["zone"].queryset = Zone.objects.restrict(user).filter(active=True)
        villages = Village.objects.restrict(user).select_related("township")
        township_value = self.data.get("township") if self.data else None
        if township_value and str(township_value).isdigit():
            villages = villages.filter(township_id=int(township_value))
        self.filters["village"].queryset = villages

    @property
    def qs(self):
        if not hasattr(self, "_ledger_qs"):
            queryset = super().qs
            # ``duplicate`` defaults to excluded even when the parameter is absent.
            if not self.data or not self.data.get("duplicate"):
                queryset = queryset.filter(is_duplicate=False)
            self._ledger_qs = queryset
        return self._ledger_qs

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        key = normalize_name(value)
        persons = ClueSubject.objects.filter(clue=OuterRef("pk"), person__name_key__contains=key)
        return queryset.filter(
            Q(number__icontains=value) | Q(summary__icontains=value) | (Q(Exists(persons)) if key else Q(pk__in=[]))
        )

    def filter_zone(self, queryset, name, value):
        if not value:
            return queryset
        townships = ZoneMembership.objects.current().filter(zone=value).values("township_id")
        return queryset.filter(township__in=townships)

    def filter_problem_type(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(ClueProblemType.objects.filter(clue=OuterRef("pk"), problem_type__code=value)))

    def filter_cadre_level(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(ClueSubject.objects.filter(clue=OuterRef("pk"), cadre_level=value)))

    def filter_person(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                ClueSubject.objects.filter(clue=OuterRef("pk")).filter(
                    Q(person_id=value) | Q(person__merged_into_id=value)
                )
            )
        )

    def filter_overdue(self, queryset, name, value):
        flag = _truthy(value)
        if flag is None:
            return queryset
        queue = self.form.cleaned_data.get("queue") or None
        condition = overdue_q(queue, timezone.localdate())
        return queryset.filter(condition) if flag else queryset.exclude(condition)

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_mine(self, queryset, name, value):
        if _truthy(value) and self.user is not None:
            return queryset.filter(assignee=self.user)
        return queryset

    def filter_duplicate(self, queryset, name, value):
        if value == "only":
            return queryset.filter(is_duplicate=True)
        if value == "include":
            return queryset
        return queryset.filter(is_duplicate=False)

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
        return form
