"""Reads on cases and measures, always scoped to the user asking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core.text import normalize_name
from people.models import Person, User
from people.scopes import scope_for

from .choices import SANCTION_TYPES, Queue
from .filters import CaseFilter, queue_q
from .models import CASE_READERS, CASE_WORKERS, Case, CaseEvent, CasePerson, Measure

CASE_RELATED = ("county", "township", "department", "handler", "approver", "joint_zone", "clue")


def can_read_cases(user) -> bool:
    return scope_for(user).has_role(*CASE_READERS)


def can_work_cases(user) -> bool:
    return scope_for(user).has_role(*CASE_WORKERS)


def case_queryset(*, user, action: str = "view") -> QuerySet:
    """Cases ``user`` may ``action``, with what the ledger shows loaded."""
    measures = Measure.objects.order_by("decided_on", "id")
    persons = CasePerson.objects.select_related("person").prefetch_related(Prefetch("measures", queryset=measures))
    return (
        Case.objects.restrict(user, action)
        .select_related(*CASE_RELATED)
        .prefetch_related(Prefetch("persons", queryset=persons))
    )


def case_list(*, user, filters=None, today: datetime.date | None = None) -> CaseFilter:
    """The FilterSet over the cases ``user`` may see (its ``.qs`` is the page's queryset)."""
    queryset = case_queryset(user=user).order_by("-filed_on", "-id")
    return CaseFilter(filters, queryset=queryset, user=user, today=today)


def case_detail_queryset(*, user, action: str = "view") -> QuerySet:
    """Cases with everything the detail page shows: persons, measures, extension, timeline."""
    events = CaseEvent.objects.select_related("actor").order_by("at", "id")
    return (
        case_queryset(user=user, action=action)
        .select_related("extension__approver", "created_by")
        .prefetch_related(Prefetch("events", queryset=events))
    )


def case_person_queryset(*, user, action: str = "change") -> QuerySet:
    return CasePerson.objects.restrict(user, action).select_related("case", "person")


def measure_queryset(*, user, action: str = "view") -> QuerySet:
    return Measure.objects.restrict(user, action).select_related(
        "person", "case_person__case", "clue_subject__clue", "township"
    )


def queue_counts(*, user, today: datetime.date | None = None) -> list[tuple[Queue, int]]:
    """How many cases in the user's scope sit in each 督办 queue."""
    today = today or timezone.localdate()
    base = Case.objects.restrict(user)
    return [(queue, base.filter(queue_q(queue, today, user=user)).count()) for queue in Queue]


# Integrity opinions -------------------------------------------------------


def person_search(*, user, name: str = "", unit: str = "") -> QuerySet:
    """Persons in scope whose name and unit match, tolerant of spacing and full/half width."""
    name_key, unit_key = normalize_name(name), normalize_name(unit)
    if not name_key and not unit_key:
        return Person.objects.none()
    queryset = Person.objects.restrict(user).filter(merged_into__isnull=True).select_related("township", "county")
    if name_key:
        queryset = queryset.filter(name_key__contains=name_key)
    if unit_key:
        queryset = queryset.filter(unit_key__contains=unit_key)
    return queryset.order_by("name_key", "unit_key", "id")


def integrity_person_queryset(*, user) -> QuerySet:
    return Person.objects.restrict(user).select_related("township", "county")


@dataclass
class IntegrityRecord:
    person: Person
    on_date: datetime.date
    identities: list[Person]
    clues: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    active: list = field(default_factory=list)

    @property
    def has_active_sanction(self) -> bool:
        return bool(self.active)

    @property
    def sanctions(self) -> list:
        return [m for m in self.measures if m.measure_type in SANCTION_TYPES]


def integrity_record(*, user: User, person: Person, on_date: datetime.date) -> IntegrityRecord:
    """Everything on record for ``person`` (and persons merged into them) visible to ``user``."""
    from clues.models import Clue

    identities = [person, *Person.objects.restrict(user).filter(merged_into=person)]
    ids = [p.pk for p in identities]
    clues = list(
        Clue.objects.restrict(user)
        .filter(subjects__person_id__in=ids)
        .select_related("township")
        .prefetch_related(Prefetch("cases", queryset=Case.objects.only("id", "number", "clue_id")))
        .distinct()
        .order_by("-received_on", "-id")
    )
    cases = list(
        CasePerson.objects.restrict(user)
        .filter(person_id__in=ids)
        .select_related("case__township", "case__department")
        .order_by("-case__filed_on", "-id")
    )
    measures = list(
        Measure.objects.restrict(user)
        .filter(person_id__in=ids)
        .select_related("case_person__case", "clue_subject__clue")
        .order_by("-decided_on", "-id")
    )
    active = [m for m in measures if m.measure_type in SANCTION_TYPES and m.in_influence_on(on_date)]
    return IntegrityRecord(
        person=person,
        on_date=on_date,
        identities=identities,
        clues=clues,
        cases=cases,
        measures=measures,
        active=active,
    )


def cases_of_clue(*, clue, user) -> QuerySet:
    """The cases filed from ``clue`` that ``user`` may see, in filing order (clue desk detail page and API)."""
    return Case.objects.restrict(user, "view").filter(clue=clue).order_by("filed_on", "id")


def cases_for_person(*, user, person) -> list[CasePerson]:
    """The person's case links (case and measures loaded) ``user`` may see, newest first (clue desk person page)."""
    ids = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    return list(
        CasePerson.objects.restrict(user)
        .filter(person_id__in=ids)
        .select_related("case__township", "person")
        .prefetch_related("measures")
        .order_by("-case__filed_on", "-id")
    )
