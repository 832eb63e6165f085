"""The one reminder scheduler: pluggable sources say what is due; this module sends each reminder once.

A source is ``fn(today) -> Iterable[Due]``, registered with :func:`register_source` from
an app's ``AppConfig.ready()`` (rectification items, clue deadlines, …).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .choices import ReminderKind
from .models import Reminder
from .services import notification_create, notification_deliver, stale_pending_ids

logger = logging.getLogger(__name__)


@dataclass
class Due:
    """One reminder a source wants sent: about ``obj``, of ``kind``, for ``due_on`` (and overdue ``interval``)."""

    source: str
    obj: object
    kind: str
    due_on: datetime.date
    recipients: list
    title: str
    body: str = ""
    url: str = ""
    notification_kind: str = "other"
    interval: int = 0
    # Called once per reminder (with its first recorded row), in the recording transaction: a timeline entry.
    on_recorded: Callable[[Reminder], object] | None = None


@dataclass
class ScanResult:
    created: list[int] = field(default_factory=list)  # notification ids of reminders recorded by this scan
    redelivered: list[int] = field(default_factory=list)  # stale pending notifications retried
    sent: int = 0


@dataclass(frozen=True)
class Policy:
    """When to remind about a due date: working days before it, and the overdue repeat interval."""

    before: int
    every: int
    escalate_after: int

    @classmethod
    def from_settings(cls) -> Policy:
        return cls(
            before=int(getattr(settings, "QINGFENG_REMINDER_DAYS_BEFORE", 3)),
            every=int(getattr(settings, "QINGFENG_REMINDER_OVERDUE_EVERY", 5)),
            escalate_after=int(getattr(settings, "QINGFENG_REMINDER_ESCALATE_AFTER", 2)),
        )


def horizon(today: datetime.date, policy: Policy) -> datetime.date:
    """The latest due date a due-soon reminder is sent for on ``today``."""
    from core import calendar

    return calendar.add_workdays(today, policy.before)


def stage(due_on: datetime.date, today: datetime.date, policy: Policy) -> tuple[str, int, int] | None:
    """Which reminder about ``due_on`` is due on ``today``: (kind, overdue interval, overdue working days).

    Reminders go out on working days only (an official holiday or weekend sends nothing;
    the next working day catches up). Overdue reminder 1 is due on the first working day
    after ``due_on``, reminder k on the ``(k-1)*every``-th working day after that, so each
    (due date, interval) pair names exactly one reminder.
    """
    from core import calendar

    if not calendar.is_workday(today):
        return None
    if due_on > today:
        return (ReminderKind.DUE_SOON, 0, 0) if due_on <= horizon(today, policy) else None
    if due_on == today:
        return ReminderKind.DUE_TODAY, 0, 0
    elapsed = calendar.workdays_between(due_on, today)
    if elapsed < 1:
        return None
    return ReminderKind.OVERDUE, (elapsed - 1) // policy.every + 1, elapsed


Source = Callable[[datetime.date], Iterable[Due]]
SOURCES: list[Source] = []


def register_source(fn: Source) -> Source:
    """Add a reminder source (idempotent); usable as a decorator."""
    if fn not in SOURCES:
        SOURCES.append(fn)
    return fn


def record(due: Due, recipient) -> int | None:
    """Record the reminder and its bell notification in one transaction; the notification id if this call won.

    The unique constraint on (object, kind, due date, interval, recipient) decides: a second
    scan, or a concurrent one, finds the row (or loses the insert race) and records nothing.
    """
    content_type = ContentType.objects.get_for_model(type(due.obj))
    with transaction.atomic():
        reminder, created = Reminder.objects.get_or_create(
            content_type=content_type,
            object_id=due.obj.pk,
            kind=due.kind,
            due_on=due.due_on,
            interval=due.interval,
            recipient=recipient,
            defaults={"source": due.source},
        )
        if not created:
            return None
        if due.on_recorded is not None:
            siblings = Reminder.objects.filter(
                content_type=content_type, object_id=due.obj.pk, kind=due.kind, due_on=due.due_on, interval=due.interval
            ).exclude(pk=reminder.pk)
            if not siblings.exists():
                due.on_recorded(reminder)
        notification = notification_create(
            recipient=recipient, kind=due.notification_kind, title=due.title, body=due.body, url=due.url
        )
        reminder.notification = notification
        reminder.save(update_fields=["notification"])
    return notification.pk


def deliver_inline(notification_id: int) -> bool:
    return notification_deliver(notification_id=notification_id)


def scan(*, today: datetime.date | None = None, deliver: Callable[[int], object] = deliver_inline) -> ScanResult:
    """Record every reminder that is due today and not yet recorded, then deliver the e-mails.

    1. Ask each source what is due; record each (object, kind, due date, interval, recipient)
       in its own transaction (reminder row + bell notification together).
    2. Deliver the e-mails of the reminders this scan recorded, and of any notification
       left pending by a crashed delivery (older than the delivery timeout).
    """
    today = today or timezone.localdate()
    result = ScanResult()
    for source in list(SOURCES):
        for due in source(today):
            seen = set()
            for recipient in due.recipients:
                if recipient is None or recipient.pk in seen or not recipient.is_active:
                    continue
                seen.add(recipient.pk)
                notification_id = record(due, recipient)
                if notification_id is not None:
                    result.created.append(notification_id)
    created = set(result.created)
    result.redelivered = [pk for pk in stale_pending_ids() if pk not in created]
    for notification_id in [*result.created, *result.redelivered]:
        try:
            if deliver(notification_id):
                result.sent += 1
        except Exception:  # one bad address must not stop the others; it stays pending for the next scan
            logger.exception("delivering notification %s failed", notification_id)
    return result


def township_officers(township_ids: set[int]) -> dict[int, list]:
    """The active township officers (乡镇纪委) of each township: whom a township's reminders reach."""
    from people.models import RoleAssignment
    from people.roles import Role

    officers: dict[int, list] = {}
    assignments = RoleAssignment.objects.filter(
        role=Role.TOWNSHIP_OFFICER, township_id__in=township_ids, user__is_active=True
    ).select_related("user")
    for a in assignments.order_by("pk"):
        officers.setdefault(a.township_id, []).append(a.user)
    return officers
