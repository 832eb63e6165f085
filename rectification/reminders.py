"""Reminder source for rectification items: due soon, due today, overdue every N working days, escalation."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

from notifications.choices import NotificationKind, ReminderKind
from notifications.reminders import Due
from people.models import RoleAssignment
from people.roles import Role
from zones.models import ZoneMembership

from .choices import OPEN_ITEM_STATUSES
from .models import Item

SOURCE = "rectification.item"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def overdue_interval(due_on: datetime.date, today: datetime.date, every: int) -> int:
    """Which overdue reminder is due on ``today``: 1 on the first working day after ``due_on``, then every ``every``."""
    from core import calendar

    elapsed = calendar.workdays_between(due_on, today)
    if elapsed < 1:
        return 0
    return (elapsed - 1) // every + 1


def _zone_leaders(township_ids: set[int]) -> dict[int, object]:
    memberships = (
        ZoneMembership.objects.current()
        .filter(township_id__in=township_ids, zone__leader__isnull=False)
        .select_related("zone__leader")
    )
    return {m.township_id: m.zone.leader for m in memberships}


def _township_officers(township_ids: set[int]) -> dict[int, list]:
    officers: dict[int, list] = {}
    assignments = RoleAssignment.objects.filter(
        role=Role.TOWNSHIP_OFFICER, township_id__in=township_ids, user__is_active=True
    ).select_related("user")
    for a in assignments:
        officers.setdefault(a.township_id, []).append(a.user)
    return officers


def item_reminders(today: datetime.date) -> Iterator[Due]:
    """Every reminder due today for open items (issued or rectifying) in every county."""
    from core import calendar

    before = _setting("QINGFENG_REMINDER_DAYS_BEFORE", 3)
    every = _setting("QINGFENG_REMINDER_OVERDUE_EVERY", 5)
    escalate_after = _setting("QINGFENG_REMINDER_ESCALATE_AFTER", 2)
    horizon = calendar.add_workdays(today, before)
    items = list(
        Item.objects.filter(status__in=OPEN_ITEM_STATUSES, due_on__lte=horizon)
        .select_related(
            "contact",
            "letter__issued_by",
            "letter__approver",
            "letter__county",
            "letter__issuer_zone__leader",
            "letter__addressee_township",
            "letter__addressee_village__township",
            "letter__addressee_department",
        )
        .order_by("due_on", "pk")
    )
    townships = {i.letter.township_id for i in items if i.letter.township_id}
    leaders = _zone_leaders(townships)
    officers = _township_officers({i.letter.township_id for i in items if not i.contact_id and i.letter.township_id})
    intervals: dict[datetime.date, int] = {}
    for item in items:
        letter = item.letter
        unit = [item.contact] if item.contact_id else officers.get(letter.township_id, [])
        recipients = [*unit, letter.issued_by]
        url = item.get_absolute_url()
        where = _("%(unit)s · %(item)s") % {"unit": letter.addressee_name, "item": item.label}
        summary = item.description[:80]
        if item.due_on > today:
            yield Due(
                SOURCE,
                item,
                ReminderKind.DUE_SOON,
                item.due_on,
                recipients,
                _("整改问题将于 %(date)s 到期") % {"date": item.due_on},
                f"{where}：{summary}",
                url,
                NotificationKind.DUE_SOON,
            )
        elif item.due_on == today:
            yield Due(
                SOURCE,
                item,
                ReminderKind.DUE_TODAY,
                item.due_on,
                recipients,
                _("整改问题今日（%(date)s）到期") % {"date": item.due_on},
                f"{where}：{summary}",
                url,
                NotificationKind.DUE_TODAY,
            )
        else:
            if item.due_on not in intervals:
                intervals[item.due_on] = overdue_interval(item.due_on, today, every)
            interval = intervals[item.due_on]
            if interval < 1:
                continue
            days = calendar.workdays_between(item.due_on, today)
            yield Due(
                SOURCE,
                item,
                ReminderKind.OVERDUE,
                item.due_on,
                recipients,
                _("整改问题已逾期 %(days)d 个工作日（第 %(n)d 次提醒）") % {"days": days, "n": interval},
                f"{where}：{summary}（期限 {item.due_on}）",
                url,
                NotificationKind.OVERDUE,
                interval,
            )
            if interval > escalate_after:
                leader = leaders.get(letter.township_id)
                if leader is None:
                    leader = letter.issuer_zone.leader if letter.issuer_zone_id else letter.approver
                yield Due(
                    SOURCE,
                    item,
                    ReminderKind.ESCALATION,
                    item.due_on,
                    [leader],
                    _("逾期督办：%(unit)s 整改问题逾期 %(days)d 个工作日")
                    % {"unit": letter.addressee_name, "days": days},
                    _("%(where)s：%(summary)s（期限 %(due)s，已提醒 %(n)d 次未整改），请督办或约谈提醒。")
                    % {"where": where, "summary": summary, "due": item.due_on, "n": interval - 1},
                    url,
                    NotificationKind.ESCALATION,
                    interval,
                )
