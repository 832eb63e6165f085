"""The case ledger's filters. Query parameters are a contract: the report dashboards link to them."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import normalize_name
from people.choices import CadreLevel
from zones.models import County, Township, Zone, ZoneMembership

from .choices import CaseStatus, Form, MeasureKind, MeasureType, Queue
from .models import Case, CasePerson, CaseSettings, Measure

MEASURE_PARAMS = ("decided_from", "decided_to", "measure_type", "measure_kind")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    filed_from = django_filters.DateFilter(label=_("立案日期起"), field_name="filed_on", lookup_expr="gte")
    filed_to = django_filters.DateFilter(label=_("立案日期止"), field_name="filed_on", lookup_expr="lte")
    concluded_from = django_filters.DateFilter(label=_("结案日期起"), field_name="concluded_on", lookup_expr="gte")
    concluded_to = django_filters.DateFilter(label=_("结案日期止"), field_name="concluded_on", lookup_expr="lte")
    # The four filters below select cases through their measures, together (see filter_queryset).
    decided_from = django_filters.DateFilter(label=_("措施决定日期起"), method="filter_noop")
    decided_to = django_filters.DateFilter(label=_("措施决定日期止"), method="filter_noop")
    measure_type = django_filters.ChoiceFilter(label=_("措施类别"), choices=MeasureType.choices, method="filter_noop")
    measure_kind = django_filters.ChoiceFilter(label=_("处理措施"), choices=MeasureKind.choices, method="filter_noop")
    township = django_filters.ModelChoiceFilter(label=_("乡镇"), queryset=Township.objects.none())
    zone = django_filters.ModelChoiceFilter(label=_("协作区"), queryset=Zone.objects.none(), method="filter_zone")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CaseStatus.choices)
    form = django_filters.TypedChoiceFilter(label=_("四种形态"), choices=Form.choices, coerce=int, method="filter_noop")
    cadre_level = django_filters.ChoiceFilter(
        label=_("干部层级"), choices=CadreLevel.choices, method="filter_cadre_level"
    )
    joint = django_filters.BooleanFilter(
        label=_("协作查办"), field_name="joint_handling", widget=django_filters.widgets.BooleanWidget()
    )
    overdue = django_filters.BooleanFilter(
        label=_("逾期"), method="filter_overdue", widget=django_filters.widgets.BooleanWidget()
    )
    queue = django_filters.ChoiceFilter(label=_("督办队列"), choices=Queue.choices, method="filter_queue")
    ordering = django_filters.OrderingFilter(
        label=_("排序"),
        fields=(
            ("filed_on", "filed_on"),
            ("number", "number"),
            ("investigation_due", "investigation_due"),
            ("decided_on", "decided_on"),
            ("concluded_on", "concluded_on"),
            ("violation_amount", "violation_amount"),
            ("recovered_amount", "recovered_amount"),
        ),
        field_labels={
            "filed_on": _("立案日期"),
            "number": _("案件编号"),
            "investigation_due": _("审查调查期限"),
            "decided_on": _("处理决定日期"),
            "concluded_on": _("结案日期"),
            "violation_amount": _("违纪违法金额"),
            "recovered_amount": _("收缴/追缴金额"),
        },
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args, user=None, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today or timezone.localdate()
        self.filters["township"].queryset = Township.objects.restrict(user).select_related("county")
        self.filters["zone"].queryset = Zone.objects.restrict(user).select_related("county")

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        measure_q = Q(case_person__isnull=False)
        if data.get("decided_from"):
            measure_q &= Q(decided_on__gte=data["decided_from"])
        if data.get("decided_to"):
            measure_q &= Q(decided_on__lte=data["decided_to"])
        if data.get("measure_type"):
            measure_q &= Q(measure_type=data["measure_type"])
        if data.get("measure_kind"):
            measure_q &= Q(kind=data["measure_kind"])
        form = data.get("form")
        if form:
            # A person counts at their highest form, dated by the measure that reached it.
            person_q = Q(form=form)
            if data.get("decided_from"):
                person_q &= Q(form_decided_on__gte=data["decided_from"])
            if data.get("decided_to"):
                person_q &= Q(form_decided_on__lte=data["decided_to"])
            queryset = queryset.filter(pk__in=CasePerson.objects.filter(person_q).values("case_id"))
            if data.get("measure_type") or data.get("measure_kind"):
                queryset = queryset.filter(pk__in=Measure.objects.filter(measure_q).values("case_person__case_id"))
        elif any(data.get(p) for p in MEASURE_PARAMS):
            queryset = queryset.filter(pk__in=Measure.objects.filter(measure_q).values("case_person__case_id"))
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        key = normalize_name(value)
        persons = CasePerson.objects.filter(
            Q(person__name_key__contains=key) | Q(person__unit_key__contains=key)
        ).values("case_id")
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(pk__in=persons)
            if key
            else Q(number__icontains=value) | Q(title__icontains=value)
        )

    def filter_zone(self, queryset, name, value):
        townships = ZoneMembership.objects.current().filter(zone=value).values("township_id")
        return queryset.filter(township__in=townships)

    def filter_cadre_level(self, queryset, name, value):
        return queryset.filter(pk__in=CasePerson.objects.filter(person__cadre_level=value).values("case_id"))

    def filter_overdue(self, queryset, name, value):
        q = overdue_q(self.today)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_queue(self, queryset, name, value):
        return queryset.filter(queue_q(value, self.today, user=self.user))


def overdue_q(today: datetime.date) -> Q:
    """Cases past a deadline today: investigation period, review period, or a sanction not executed."""
    from .choices import INVESTIGATION_STATUSES

    unexecuted = Measure.objects.filter(
        case_person__isnull=False,
        measure_type__in=(MeasureType.PARTY, MeasureType.GOVERNMENT),
        executed_on__isnull=True,
        execution_due__lt=today,
    ).values("case_person__case_id")
    return (
        Q(status__in=INVESTIGATION_STATUSES, investigation_due__lt=today)
        | Q(status=CaseStatus.REVIEWING, review_due__lt=today)
        | Q(pk__in=unexecuted)
    )


def _county_windows(user, attr: str) -> list[tuple[int, int]]:
    """(county id, warning days) for every county the user reaches; counties without a row use the default."""
    cache = getattr(user, "_case_windows", None)
    if cache is None:
        county_ids = list(County.objects.restrict(user).values_list("pk", flat=True)) if user else []
        rows = CaseSettings.objects.filter(county_id__in=county_ids).values(
            "county_id", "warning_days", "probation_warning_days"
        )
        found = {row["county_id"]: row for row in rows}
        cache = {
            cid: found.get(cid)
            or {f: CaseSettings._meta.get_field(f).default for f in ("warning_days", "probation_warning_days")}
            for cid in county_ids
        }
        if user is not None:
            user._case_windows = cache
    return [(cid, row[attr]) for cid, row in cache.items()]


def queue_q(queue: str, today: datetime.date, *, user) -> Q:
    """The cases in one督办 queue: deadlines within the county's warning window, or already past."""
    from .choices import INVESTIGATION_STATUSES

    attr = "probation_warning_days" if queue == Queue.PROBATION else "warning_days"
    q = Q(pk__in=[])
    for county_id, days in _county_windows(user, attr):
        horizon = today + datetime.timedelta(days=days)
        if queue == Queue.INVESTIGATION:
            q |= Q(county_id=county_id, status__in=INVESTIGATION_STATUSES, investigation_due__lte=horizon)
        elif queue == Queue.REVIEW:
            q |= Q(county_id=county_id, status=CaseStatus.REVIEWING, review_due__lte=horizon)
        elif queue == Queue.EXECUTION:
            measures = Measure.objects.filter(
                county_id=county_id,
                case_person__isnull=False,
                measure_type__in=(MeasureType.PARTY, MeasureType.GOVERNMENT),
                executed_on__isnull=True,
                execution_due__lte=horizon,
            )
            q |= Q(pk__in=measures.values("case_person__case_id"))
        elif queue == Queue.PROBATION:
            measures = Measure.objects.filter(
                county_id=county_id,
                case_person__isnull=False,
                kind=MeasureKind.PARTY_PROBATION,
                probation_resolved_on__isnull=True,
                influence_until__lte=horizon,
            )
            q |= Q(pk__in=measures.values("case_person__case_id"))
    return q
