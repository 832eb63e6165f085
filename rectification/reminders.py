"""Reminder source for rectification items: due soon, due today, overdue every N working days, escalation."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import partial

from django.utils.translation import gettext as _

from notifications.choices import NotificationKind, ReminderKind
from notifications.reminders import Due, Policy, horizon, stage, township_officers
from zones.models import ZoneMembership

from .choices import OPEN_ITEM_STATUSES, ItemAction
from .models import Item, ItemEvent

SOURCE = "rectification.item"
NOTIFICATION_KINDS = {
    ReminderKind.DUE_SOON: NotificationKind.DUE_SOON,
    ReminderKind.DUE_TODAY: NotificationKind.DUE_TODAY,
    ReminderKind.OVERDUE: NotificationKind.OVERDUE,
}


def _zone_leaders(township_ids: set[int]) -> dict[int, object]:
    memberships = (
        ZoneMembership.objects.current()
        .filter(township_id__in=township_ids, zone__leader__isnull=False)
        .select_related("zone__leader")
    )
    return {m.township_id: m.zone.leader for m in memberships}


def _timeline(item: Item, action: str, note: str, reminder) -> None:
    """Put the reminder on the item's timeline (once per reminder, not per recipient)."""
    ItemEvent.objects.create(item_id=item.pk, action=action, note=note, at=reminder.created_at)


def _names(users) -> str:
    return "、".join(u.real_name or u.username for u in users if u is not None)


def escalation_leader(item: Item, leaders: dict[int, object]):
    """The zone leader of the unit's township; for a county department, the issuing zone's leader or the approver."""
    letter = item.letter
    leader = leaders.get(letter.township_id)
    if leader is None:
        leader = letter.issuer_zone.leader if letter.issuer_zone_id and letter.issuer_zone.leader_id else None
    return leader or letter.approver


def item_reminders(today: datetime.date) -> Iterator[Due]:
    """Every reminder due today for open items (issued or rectifying) in every county."""
    policy = Policy.from_settings()
    items = list(
        Item.objects.filter(status__in=OPEN_ITEM_STATUSES, due_on__lte=horizon(today, policy))
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
    officers = township_officers({i.letter.township_id for i in items if not i.contact_id and i.letter.township_id})
    stages: dict[datetime.date, tuple | None] = {}
    for item in items:
        if item.due_on not in stages:
            stages[item.due_on] = stage(item.due_on, today, policy)
        if stages[item.due_on] is None:
            continue
        kind, interval, days = stages[item.due_on]
        letter = item.letter
        unit = [item.contact] if item.contact_id else officers.get(letter.township_id, [])
        recipients = [*unit, letter.issued_by]
        url = item.get_absolute_url()
        where = _("%(unit)s · %(item)s") % {"unit": letter.addressee_name, "item": item.label}
        summary = item.description[:80]
        if kind == ReminderKind.DUE_SOON:
            title = _("整改问题将于 %(date)s 到期") % {"date": item.due_on}
        elif kind == ReminderKind.DUE_TODAY:
            title = _("整改问题今日（%(date)s）到期") % {"date": item.due_on}
        else:
            title = _("整改问题已逾期 %(days)d 个工作日（第 %(n)d 次提醒）") % {"days": days, "n": interval}
        yield Due(
            SOURCE,
            item,
            kind,
            item.due_on,
            recipients,
            title,
            _("%(where)s：%(summary)s（整改期限 %(due)s）") % {"where": where, "summary": summary, "due": item.due_on},
            url,
            NOTIFICATION_KINDS[kind],
            interval,
            on_recorded=partial(
                _timeline,
                item,
                ItemAction.REMIND,
                _("%(title)s，已提醒：%(who)s") % {"title": title, "who": _names(recipients)},
            ),
        )
        if kind == ReminderKind.OVERDUE and interval > policy.escalate_after:
            leader = escalation_leader(item, leaders)
            note = _(
                "%(where)s：%(summary)s（期限 %(due)s，逾期 %(days)d 个工作日，第 %(n)d 次逾期提醒），请督办或约谈。"
            ) % {
                "where": where,
                "summary": summary,
                "due": item.due_on,
                "days": days,
                "n": interval,
            }
            yield Due(
                SOURCE,
                item,
                ReminderKind.ESCALATION,
                item.due_on,
                [leader],
                _("逾期督办：%(unit)s 整改问题逾期 %(days)d 个工作日") % {"unit": letter.addressee_name, "days": days},
                note,
                url,
                NotificationKind.ESCALATION,
                interval,
                on_recorded=partial(
                    _timeline, item, ItemAction.ESCALATE, _("已提请协作区组长%(who)s督办") % {"who": _names([leader])}
                ),
            )
