"""Reads on problem clues, always scoped to the user asking.

Interface for pages, API and exports:

- ``clue_list(*, user, filters=None) -> ClueFilter`` — the FilterSet over the clues in scope
  (``.qs`` is the ledger queryset with everything a ledger row shows loaded; ``.form`` for the page).
- ``clue_queryset(*, user, action="view")`` — scoped clues with related rows for detail pages.
- ``clue_get(*, user, pk, action="view") -> Clue`` — raises ``Http404`` outside scope or for a malformed id.
- ``clue_timeline(*, clue)`` — the clue's events, oldest first.
- ``identity_visible(clue, user) -> bool`` (no query) and ``reporter_for(clue, user) -> Reporter | None``
  (audit-logged each time it returns the identity). Show ``CONFIDENTIAL`` (「已保密」) otherwise.
- ``attachment_get(*, user, pk) -> ClueAttachment`` (404 outside scope) and
  ``attachment_open(attachment, user) -> (file, filename, content_type)`` (audit-logged download).
- ``overdue_queues(user) -> list[(key, label, count, url)]`` — one query for every queue.
- ``duplicate_candidates(*, user, name, unit="", township=None, village=None, problem_types=(),
  exclude=None) -> list[DuplicateCandidate]`` — earlier clues likely about the same matter.
- ``person_list(*, user, q="")``, ``person_get(*, user, pk)``, ``person_record(*, user, person) -> dict``.
- ``home_panel(user)`` — the home page's queue counts (registered from ``ClueConfig.ready``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.tracking import record
from core.text import normalize_name
from people.models import Person, User
from people.scopes import scope_for

from .case_hooks import case_hooks
from .choices import OverdueQueue
from .deadlines import overdue_q
from .filters import ClueFilter
from .models import Clue, ClueAttachment, ClueEvent, ClueSubject, ProblemType, Reporter
from .services import identity_visible

CONFIDENTIAL = gettext_lazy("已保密")

LIST_RELATED = (
    "county",
    "township",
    "village",
    "assignee",
    "receiving_department",
    "receiving_township",
    "receiving_zone",
    "duplicate_of",
)
DETAIL_RELATED = (*LIST_RELATED, "registered_by", "assigned_by", "signed_by", "decided_by", "closed_by")


def _subjects_prefetch() -> Prefetch:
    return Prefetch("subjects", queryset=ClueSubject.objects.select_related("person").order_by("order", "id"))


def _with_list_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(*LIST_RELATED).prefetch_related(_subjects_prefetch(), "problem_types")


def clue_queryset(*, user: User, action: str = "view") -> QuerySet:
    """Clues ``user`` may ``action``, with what a detail page shows loaded."""
    return (
        Clue.objects.restrict(user, action)
        .select_related(*DETAIL_RELATED)
        .prefetch_related(
            _subjects_prefetch(),
            "problem_types",
            Prefetch("attachments", queryset=ClueAttachment.objects.select_related("uploaded_by")),
            "duplicates",
        )
    )


def clue_list(*, user: User, filters=None) -> ClueFilter:
    """The FilterSet over the clues in ``user``'s scope; its ``.qs`` is the ledger page's queryset."""
    queryset = _with_list_related(Clue.objects.restrict(user, "view")).order_by("-received_on", "-id")
    return ClueFilter(filters, queryset=queryset, user=user)


def clue_get(*, user: User, pk, action: str = "view") -> Clue:
    """One clue in scope, or 404 (also for a malformed id)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("线索不存在")) from None
    clue = clue_queryset(user=user, action=action).filter(pk=pk).first()
    if clue is None:
        raise Http404(_("线索不存在"))
    return clue


def clue_timeline(*, clue: Clue) -> QuerySet:
    """The clue's timeline, oldest first."""
    return ClueEvent.objects.filter(clue=clue).select_related("actor").order_by("at", "id")


def reporter_for(clue: Clue, user: User) -> Reporter | None:
    """The reporter's identity if ``user`` may see it (audit-logged each time), else ``None``."""
    if not identity_visible(clue, user):
        return None
    reporter = Reporter.objects.filter(clue=clue).first()
    if reporter is not None:
        record(
            action=AuditAction.VIEW_IDENTITY,
            obj=clue,
            user=user,
            detail=_("查看线索 %(number)s 的举报人身份") % {"number": clue.number},
        )
    return reporter


def attachment_get(*, user: User, pk) -> ClueAttachment:
    """One attachment of a clue in scope, or 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("附件不存在")) from None
    attachment = ClueAttachment.objects.restrict(user, "view").select_related("clue").filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("附件不存在"))
    return attachment


def attachment_open(attachment: ClueAttachment, user: User):
    """Open an attachment for download after checking scope; returns ``(file, filename, content_type)``."""
    if not ClueAttachment.objects.restrict(user, "view").filter(pk=attachment.pk).exists():
        raise Http404(_("附件不存在"))
    handle = attachment.file.storage.open(attachment.file.name, "rb")
    record(
        action=AuditAction.DOWNLOAD,
        obj=attachment,
        user=user,
        detail=_("下载线索 %(number)s 的附件“%(name)s”")
        % {"number": attachment.clue.number, "name": attachment.original_name},
    )
    return handle, attachment.original_name, attachment.content_type


def ledger_url(**params) -> str:
    """The ledger page URL with query parameters (falls back to /clues/ before the page exists)."""
    try:
        base = reverse("clues:clue_list")
    except NoReverseMatch:
        base = "/clues/"
    return f"{base}?{urlencode(params)}" if params else base


def overdue_queues(user: User, today: datetime.date | None = None) -> list[tuple[str, str, int, str]]:
    """``(key, label, count, url)`` of every clue overdue queue in ``user``'s scope, in one query."""
    today = today or timezone.localdate()
    counts = Clue.objects.restrict(user, "view").aggregate(
        **{queue.value: Count("pk", filter=overdue_q(queue.value, today), distinct=True) for queue in OverdueQueue}
    )
    return [
        (queue.value, str(queue.label), counts[queue.value] or 0, ledger_url(overdue="true", queue=queue.value))
        for queue in OverdueQueue
    ]


def home_panel(user: User) -> dict | None:
    """Home-page panel with the clue overdue queues (``None`` for users who see no clues)."""
    if not scope_for(user).allows(Clue, "view"):
        return None
    return {
        "title": _("问题线索逾期"),
        "queues": [{"label": label, "count": count, "url": url} for _key, label, count, url in overdue_queues(user)],
    }


@dataclass
class DuplicateCandidate:
    clue: Clue
    reasons: list[str] = field(default_factory=list)


def duplicate_candidates(
    *,
    user: User,
    name: str = "",
    unit: str = "",
    township=None,
    village=None,
    problem_types=(),
    exclude=None,
    today: datetime.date | None = None,
    limit: int = 20,
) -> list[DuplicateCandidate]:
    """Earlier clues likely about the same matter: same person (name + unit, or name in the township),
    or the same village and problem type within the last 12 months."""
    today = today or timezone.localdate()
    name_key = normalize_name(name)
    unit_key = normalize_name(unit)
    township_id = getattr(township, "pk", township)
    village_id = getattr(village, "pk", village)
    type_ids = []
    for value in problem_types or ():
        if isinstance(value, ProblemType):
            type_ids.append(value.pk)
        elif isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            type_ids.append(int(value))
        elif value:
            type_ids.extend(ProblemType.objects.filter(code=value).values_list("pk", flat=True))
    conditions = {}
    if name_key and unit_key:
        conditions["person_unit"] = Q(subjects__person__name_key=name_key, subjects__person__unit_key=unit_key) | Q(
            subjects__person__name_key=name_key, subjects__unit__iexact=unit.strip()
        )
    if name_key and township_id:
        conditions["person_township"] = Q(subjects__person__name_key=name_key) & (
            Q(township_id=township_id) | Q(subjects__person__township_id=township_id)
        )
    if village_id and type_ids:
        since = today - datetime.timedelta(days=365)
        conditions["village_type"] = Q(village_id=village_id, problem_types__in=type_ids, received_on__gte=since)
    if not conditions:
        return []
    any_condition = Q(pk__in=[])
    for q in conditions.values():
        any_condition |= q
    queryset = Clue.objects.restrict(user, "view").filter(any_condition)
    if exclude is not None:
        queryset = queryset.exclude(pk=getattr(exclude, "pk", exclude))
    ids = list(queryset.values_list("pk", flat=True).distinct()[: limit * 3])
    if not ids:
        return []
    matched: dict[str, set[int]] = {}
    for key, q in conditions.items():
        matched[key] = set(Clue.objects.filter(pk__in=ids).filter(q).values_list("pk", flat=True))
    labels = {
        "person_unit": _("同一被反映人（姓名、单位相同）"),
        "person_township": _("同一乡镇同名被反映人"),
        "village_type": _("同村同类问题（近 12 个月）"),
    }
    clues = _with_list_related(Clue.objects.filter(pk__in=ids)).order_by("-received_on", "-id")[:limit]
    return [
        DuplicateCandidate(clue=clue, reasons=[str(labels[key]) for key in conditions if clue.pk in matched[key]])
        for clue in clues
    ]


def person_list(*, user: User, q: str = "") -> QuerySet:
    """Persons reported in scope (merged records left out), searched by name or unit."""
    queryset = Person.objects.restrict(user, "view").filter(merged_into__isnull=True).select_related("township")
    q = (q or "").strip()
    if q:
        key = normalize_name(q)
        queryset = queryset.filter(Q(name_key__contains=key) | Q(unit_key__contains=key))
    return queryset.order_by("name_key", "id")


def person_get(*, user: User, pk) -> Person:
    """One person in scope, or 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("人员不存在")) from None
    person = Person.objects.restrict(user, "view").select_related("township", "merged_into").filter(pk=pk).first()
    if person is None:
        raise Http404(_("人员不存在"))
    return person


def person_record(*, user: User, person: Person) -> dict:
    """Everything on record about ``person`` (and the records merged into them) that ``user`` may see."""
    person_ids = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    clues = (
        _with_list_related(Clue.objects.restrict(user, "view"))
        .filter(subjects__person_id__in=person_ids)
        .distinct()
        .order_by("-received_on", "-id")
    )
    cases = case_hooks().cases_of_person(user=user, person=person)
    return {"person": person, "clues": clues, "cases": cases, "merged_ids": person_ids}
