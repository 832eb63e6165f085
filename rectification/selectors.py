"""Reads on letters and items, always scoped to the user asking."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .choices import OPEN_ITEM_STATUSES, ItemStatus
from .filters import ItemFilter, LetterFilter
from .models import Evidence, Item, ItemEvent, ItemReport, Letter

LETTER_RELATED = (
    "county",
    "issuer_zone",
    "addressee_township",
    "addressee_village__township",
    "addressee_department",
    "township",
    "approver",
    "issued_by",
)
ITEM_RELATED = (*(f"letter__{name}" for name in LETTER_RELATED), "contact")


def letter_get_queryset(*, user, action: str = "view") -> QuerySet:
    return Letter.objects.restrict(user, action).select_related(*LETTER_RELATED)


def letter_list(*, user, filters=None) -> LetterFilter:
    """The FilterSet over the letters ``user`` may see, with item counts."""
    today = timezone.localdate()
    queryset = letter_get_queryset(user=user).annotate(
        item_count=Count("items", distinct=True),
        closed_count=Count("items", filter=Q(items__status=ItemStatus.CLOSED), distinct=True),
        overdue_count=Count(
            "items", filter=Q(items__status__in=OPEN_ITEM_STATUSES, items__due_on__lt=today), distinct=True
        ),
    )
    return LetterFilter(filters, queryset=queryset.order_by("-issued_on", "-id"), user=user)


def letter_detail(*, user, pk: int) -> Letter:
    items = Item.objects.select_related("contact").order_by("seq")
    return letter_get_queryset(user=user).prefetch_related(Prefetch("items", queryset=items)).get(pk=pk)


def letter_timeline(*, letter: Letter) -> list[ItemEvent]:
    """Every step on the letter's items, oldest first (the letter was already read through its scope)."""
    return list(ItemEvent.objects.filter(item__letter=letter).select_related("actor", "item").order_by("at", "id"))


def item_get_queryset(*, user, action: str = "view") -> QuerySet:
    return Item.objects.restrict(user, action).select_related(*ITEM_RELATED)


def item_list(*, user, filters=None) -> ItemFilter:
    """The ledger's FilterSet over the items ``user`` may see (the unit sees only its own)."""
    queryset = item_get_queryset(user=user).order_by("due_on", "letter__number", "seq")
    return ItemFilter(filters, queryset=queryset, user=user)


def item_detail(*, user, pk: int) -> Item:
    reports = ItemReport.objects.select_related("submitted_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
    )
    events = ItemEvent.objects.select_related("actor").order_by("at", "id")
    return (
        item_get_queryset(user=user)
        .prefetch_related(Prefetch("reports", queryset=reports), Prefetch("events", queryset=events))
        .get(pk=pk)
    )


def evidence_get_queryset(*, user) -> QuerySet:
    return Evidence.objects.restrict(user).select_related("report__item__letter")


def item_queue_counts(*, user, today=None) -> dict[str, int]:
    """Overdue, due within the reminder window, and awaiting verification, in ``user``'s scope."""
    from django.conf import settings

    from core import calendar

    today = today or timezone.localdate()
    horizon = calendar.add_workdays(today, getattr(settings, "QINGFENG_REMINDER_DAYS_BEFORE", 3))
    return Item.objects.restrict(user).aggregate(
        overdue=Count("pk", filter=Q(status__in=OPEN_ITEM_STATUSES, due_on__lt=today)),
        due_soon=Count("pk", filter=Q(status__in=OPEN_ITEM_STATUSES, due_on__gte=today, due_on__lte=horizon)),
        awaiting=Count("pk", filter=Q(status=ItemStatus.REPORTED)),
    )
