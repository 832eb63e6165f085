"""Clue deadlines on the working-day calendar (DOMAIN.md §2, §8) and the overdue queues.

All due dates are stored on the clue so the ledger can filter and count them in SQL;
:func:`compute` derives them from the clue's facts and its county's :class:`ClueSettings`.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from .choices import ClueStatus, DisposalMethod, InquiryForm, OverdueQueue
from .models import Clue, ClueSettings

DEADLINE_FIELDS = (
    "assign_due",
    "sign_due",
    "conclusion_due",
    "reply_due",
    "inquiry_conclusion_due",
    "verification_due",
    "reporter_accept_due",
    "reporter_result_due",
)


def compute(clue: Clue, cfg: ClueSettings | None = None) -> None:
    """Set every computed due date of ``clue`` from its dates (nothing is saved)."""
    from core import calendar

    inputs = (
        clue.county_id,
        clue.received_on,
        clue.assigned_on,
        clue.handling_mode,
        clue.disposal_method,
        clue.inquiry_form,
        clue.inquiry_on,
        clue.reply_on,
        clue.plan_approved_on,
        clue.is_anonymous,
        clue.concluded_on,
    )
    if cfg is None and getattr(clue, "_deadline_inputs", None) == inputs:
        return  # nothing the deadlines depend on has changed since the last computation
    cfg = cfg or ClueSettings.for_county(clue.county)
    received = clue.received_on
    clue.assign_due = calendar.add_workdays(received, cfg.assign_workdays) if received else None
    clue.conclusion_due = calendar.add_workdays(received, cfg.conclusion_workdays) if received else None
    if clue.assigned_on:
        days = cfg.forward_workdays if clue.handling_mode == "forward" else cfg.sign_workdays
        clue.sign_due = calendar.add_workdays(clue.assigned_on, days)
    else:
        clue.sign_due = None
    inquiry = clue.inquiry_on if clue.disposal_method == DisposalMethod.INQUIRY or clue.inquiry_on else None
    clue.reply_due = calendar.add_workdays(inquiry, cfg.inquiry_reply_workdays) if inquiry else None
    # Concluded within 30 days of the talk, or of the written reply to a letter.
    base = clue.reply_on if inquiry and clue.inquiry_form == InquiryForm.LETTER else clue.reply_on or inquiry
    clue.inquiry_conclusion_due = calendar.add_days(base, cfg.inquiry_conclusion_days) if base else None
    approved = clue.plan_approved_on
    clue.verification_due = calendar.add_workdays(approved, cfg.verification_workdays) if approved else None
    named = not clue.is_anonymous
    clue.reporter_accept_due = calendar.add_workdays(received, cfg.reporter_accept_workdays) if named else None
    concluded = clue.concluded_on
    clue.reporter_result_due = (
        calendar.add_workdays(concluded, cfg.reporter_result_workdays) if named and concluded else None
    )
    clue._deadline_inputs = inputs


def overdue_q(queue: str | None = None, today: datetime.date | None = None) -> Q:
    """Clues overdue in ``queue`` (or in any queue) on ``today``."""
    today = today or timezone.localdate()
    queues = {
        OverdueQueue.ASSIGN: Q(status=ClueStatus.REGISTERED, assign_due__lt=today),
        OverdueQueue.SIGN: Q(status=ClueStatus.ASSIGNED, signed_at__isnull=True, sign_due__lt=today),
        OverdueQueue.PETITION: Q(
            status__in=[ClueStatus.REGISTERED, ClueStatus.ASSIGNED], conclusion_due__lt=today, is_duplicate=False
        ),
        OverdueQueue.INQUIRY: Q(status=ClueStatus.DISPOSING, disposal_method=DisposalMethod.INQUIRY)
        & (Q(reply_on__isnull=True, reply_due__lt=today) | Q(inquiry_conclusion_due__lt=today)),
        OverdueQueue.VERIFICATION: Q(
            status=ClueStatus.DISPOSING, disposal_method=DisposalMethod.VERIFICATION, verification_due__lt=today
        ),
        OverdueQueue.HOLD: Q(
            status=ClueStatus.DISPOSING, disposal_method=DisposalMethod.HOLD, hold_review_on__lte=today
        ),
        OverdueQueue.REPORTER: Q(is_anonymous=False)
        & (
            Q(reporter__notified_accept_on__isnull=True, reporter_accept_due__lt=today)
            | Q(reporter__notified_result_on__isnull=True, reporter_result_due__lt=today)
        ),
    }
    if queue:
        return queues[OverdueQueue(queue)]
    combined = Q(pk__in=[])
    for q in queues.values():
        combined |= q
    return combined


def recompute_open_deadlines(years: set[int]) -> int:
    """Recompute due dates of clues still running whose deadlines fall in ``years``; return how many changed."""
    if not years:
        return 0
    in_years = Q()
    for name in DEADLINE_FIELDS:
        in_years |= Q(**{f"{name}__year__in": sorted(years)})
    running = Q(status__in=[ClueStatus.REGISTERED, ClueStatus.ASSIGNED, ClueStatus.DISPOSING]) | Q(
        is_anonymous=False, reporter__notified_result_on__isnull=True
    )
    settings_by_county: dict[int, ClueSettings] = {}
    changed = []
    for clue in Clue.objects.filter(in_years & running).select_related("county").distinct().iterator(chunk_size=500):
        cfg = settings_by_county.get(clue.county_id)
        if cfg is None:
            cfg = settings_by_county[clue.county_id] = ClueSettings.for_county(clue.county)
        before = [getattr(clue, name) for name in DEADLINE_FIELDS]
        compute(clue, cfg)
        if before != [getattr(clue, name) for name in DEADLINE_FIELDS]:
            changed.append(clue)
    if changed:
        Clue.objects.bulk_update(changed, list(DEADLINE_FIELDS), batch_size=500)
    return len(changed)
