"""Reminder source for clue deadlines (DOMAIN.md §2), sent by the one reminder scheduler in ``notifications``.

Each running deadline (assign, sign, petition conclusion, inquiry, verification, and the
named reporter's acceptance and result notices) is reminded like a rectification item: a
few working days before, on the day, and every few working days while overdue, once each.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.choices import NotificationKind, ReminderKind
from notifications.reminders import Due, Policy, horizon, stage, township_officers

from .choices import ClueStatus, DisposalMethod
from .models import Clue

SOURCE = "clues.deadline"


@dataclass(frozen=True)
class Deadline:
    key: str  # short, goes into the reminder kind (``accept:overdue``)
    field: str
    label: object
    pending: Q
    recipients: Callable[[Clue, dict], list]


def _handlers(clue: Clue, officers: dict) -> list:
    """Who handles the clue now: the assignee, else the receiving township's officers, else whoever assigned it."""
    if clue.assignee_id:
        return [clue.assignee]
    if clue.receiving_township_id and officers.get(clue.receiving_township_id):
        return officers[clue.receiving_township_id]
    return [clue.assigned_by or clue.registered_by]


def _desk(clue: Clue, officers: dict) -> list:
    """The registering desk (信访室), which answers the named reporter."""
    return [clue.registered_by]


DEADLINES = [
    Deadline("assign", "assign_due", gettext_lazy("分办"), Q(status=ClueStatus.REGISTERED), _desk),
    Deadline(
        "sign",
        "sign_due",
        gettext_lazy("签收"),
        Q(status=ClueStatus.ASSIGNED, signed_at__isnull=True),
        lambda clue, officers: [*_handlers(clue, officers), clue.assigned_by],
    ),
    Deadline(
        "petition",
        "conclusion_due",
        gettext_lazy("信访办结"),
        Q(status__in=[ClueStatus.REGISTERED, ClueStatus.ASSIGNED], is_duplicate=False),
        lambda clue, officers: [clue.registered_by, clue.assignee],
    ),
    Deadline(
        "reply",
        "reply_due",
        gettext_lazy("函询书面说明"),
        Q(status=ClueStatus.DISPOSING, disposal_method=DisposalMethod.INQUIRY, reply_on__isnull=True),
        _handlers,
    ),
    Deadline(
        "inquiry",
        "inquiry_conclusion_due",
        gettext_lazy("谈话函询办结"),
        Q(status=ClueStatus.DISPOSING, disposal_method=DisposalMethod.INQUIRY),
        _handlers,
    ),
    Deadline(
        "verification",
        "verification_due",
        gettext_lazy("初步核实"),
        Q(status=ClueStatus.DISPOSING, disposal_method=DisposalMethod.VERIFICATION),
        _handlers,
    ),
    Deadline(
        "accept",
        "reporter_accept_due",
        gettext_lazy("实名举报受理告知"),
        Q(is_anonymous=False, reporter__notified_accept_on__isnull=True),
        _desk,
    ),
    Deadline(
        "result",
        "reporter_result_due",
        gettext_lazy("实名举报结果告知"),
        Q(is_anonymous=False, reporter__notified_result_on__isnull=True),
        _desk,
    ),
]


def clue_reminders(today: datetime.date) -> Iterator[Due]:
    """Every clue-deadline reminder due today, in every county."""
    policy = Policy.from_settings()
    last = horizon(today, policy)
    stages: dict[datetime.date, tuple | None] = {}
    for deadline in DEADLINES:
        clues = list(
            Clue.objects.filter(deadline.pending, **{f"{deadline.field}__lte": last})
            .select_related("registered_by", "assignee", "assigned_by")
            .order_by(deadline.field, "pk")
        )
        officers = township_officers({c.receiving_township_id for c in clues if c.receiving_township_id})
        for clue in clues:
            due_on = getattr(clue, deadline.field)
            if due_on not in stages:
                stages[due_on] = stage(due_on, today, policy)
            if stages[due_on] is None:
                continue
            kind, interval, days = stages[due_on]
            names = {"number": clue.number, "what": deadline.label, "date": due_on}
            if kind == ReminderKind.DUE_SOON:
                title = _("线索 %(number)s %(what)s期限将于 %(date)s 到期") % names
            elif kind == ReminderKind.DUE_TODAY:
                title = _("线索 %(number)s %(what)s期限今日（%(date)s）到期") % names
            else:
                title = _("线索 %(number)s %(what)s已逾期 %(days)d 个工作日（第 %(n)d 次提醒）") % {
                    **names,
                    "days": days,
                    "n": interval,
                }
            yield Due(
                SOURCE,
                clue,
                f"{deadline.key}:{kind}",
                due_on,
                deadline.recipients(clue, officers),
                title,
                _("%(what)s期限 %(date)s。请及时办理并在系统中登记。") % names,
                reverse("clues:clue_detail", args=[clue.pk]),
                NotificationKind.CLUE_DEADLINE,
                interval,
            )
