"""Ending a clue: its result (立案审查调查 through the cases app's hook), 销号, 重复件."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import User

from ..case_hooks import case_hooks
from ..choices import (
    FIRST_FORM_RESULTS,
    RESULTS_BY_METHOD,
    SWITCHING_RESULTS,
    ClueCategory,
    ClueResult,
    ClueStatus,
    DisposalMethod,
    EventKind,
    HandlingMode,
)
from ..models import Clue
from .checks import _clean_text, _not_before, _not_future, _save
from .handling import _conclude, _switch_method
from .permissions import _require_change
from .timeline import _event, _today
from .transitions import check_transition


@transaction.atomic
def clue_conclude(
    *,
    clue: Clue,
    user: User,
    result: str,
    concluded_on: datetime.date,
    result_note: str = "",
    close_reason: str = "",
    hold_reason: str = "",
    hold_review_on: datetime.date | None = None,
    case_approver: User | None = None,
):
    """Record the result of the current method; switching results change the method instead."""
    check_transition(clue, "conclude")
    _require_change(clue, user, "conclude")
    if result not in ClueResult.values:
        raise ValidationError({"result": _("请选择办理结果")})
    if not concluded_on:
        raise ValidationError({"concluded_on": _("请填写办结日期")})
    _not_future(concluded_on, "concluded_on", _("办结日期"))
    earliest = clue.decided_on or clue.assigned_on or clue.received_on
    _not_before(concluded_on, earliest, "concluded_on", _("办结日期不能早于处置决定日期"))
    if clue.status == ClueStatus.ASSIGNED:
        allowed = [ClueResult.FORWARDED] if clue.handling_mode == HandlingMode.FORWARD else []
        if clue.category != ClueCategory.ACCUSATION:
            allowed.append(ClueResult.ANSWERED)
        if result not in allowed:
            raise ValidationError(
                {"result": _("检举控告类线索须先确定处置方式再办结；未确定处置方式时只能以“已转办”或“已答复”办结。")}
            )
    else:
        allowed = RESULTS_BY_METHOD[DisposalMethod(clue.disposal_method)]
        if result not in allowed:
            raise ValidationError(
                {
                    "result": _("“%(method)s”的办理结果只能是：%(allowed)s")
                    % {
                        "method": clue.get_disposal_method_display(),
                        "allowed": "、".join(str(ClueResult(r).label) for r in allowed),
                    }
                }
            )
    if result in SWITCHING_RESULTS:
        new_method = SWITCHING_RESULTS[ClueResult(result)]
        if new_method == DisposalMethod.HOLD:
            if not _clean_text(hold_reason):
                raise ValidationError({"hold_reason": _("转暂存待查须填写暂存原因")})
            if not hold_review_on or hold_review_on <= concluded_on:
                raise ValidationError({"hold_review_on": _("转暂存待查须确定晚于决定日期的复查日期")})
        clue.disposals.filter(ended_on__isnull=True).update(result=result)
        return _switch_method(
            clue,
            user=user,
            method=new_method,
            decided_on=concluded_on,
            decided_by=case_approver,
            hold_reason=hold_reason,
            hold_review_on=hold_review_on,
            note=result_note,
            ending_result=result,
        )
    if result == ClueResult.CLOSED and clue.disposal_method != DisposalMethod.CLOSE:
        if not close_reason:
            raise ValidationError({"close_reason": _("予以了结须选择了结原因")})
        clue.close_reason = close_reason
    if result == ClueResult.FILE_CASE:
        if case_approver is None:
            raise ValidationError({"case_approver": _("立案审查调查须选择立案审批人")})
        _conclude(clue, user=user, result=result, concluded_on=concluded_on, result_note=result_note)
        case = case_hooks().file_case(clue=clue, user=user, filed_on=concluded_on, approver=case_approver)
        _event(
            clue,
            kind=EventKind.CASE,
            user=user,
            from_status=clue.status,
            note=_("立案审查调查：%(case)s") % {"case": case},
            data={"case_id": getattr(case, "pk", None), "case": str(case)},
        )
        return clue
    _conclude(clue, user=user, result=result, concluded_on=concluded_on, result_note=result_note)
    if result in FIRST_FORM_RESULTS:
        case_hooks().record_measures(clue=clue, user=user)
    return clue


@transaction.atomic
def clue_close_off(*, clue: Clue, user: User, closed_on: datetime.date | None = None, note: str = "") -> Clue:
    """销号: take a concluded clue off the open ledger."""
    check_transition(clue, "close_off")
    _require_change(clue, user, "close_off")
    closed_on = closed_on or _today()
    _not_future(closed_on, "closed_on", _("销号日期"))
    _not_before(closed_on, clue.concluded_on, "closed_on", _("销号日期不能早于办结日期"))
    from_status = clue.status
    clue.status = ClueStatus.CLOSED
    clue.closed_on = closed_on
    clue.closed_by = user
    _save(clue)
    _event(clue, kind=EventKind.CLOSE_OFF, user=user, from_status=from_status, note=note)
    return clue


@transaction.atomic
def clue_mark_duplicate(*, clue: Clue, user: User, original: Clue, note: str = "") -> Clue:
    """重复件: keep the clue, link it to the original and conclude it (not counted twice)."""
    check_transition(clue, "mark_duplicate")
    _require_change(clue, user, "mark_duplicate")
    if original.pk == clue.pk:
        raise ValidationError({"original": _("线索不能是自身的重复件")})
    if original.county_id != clue.county_id:
        raise ValidationError({"original": _("原件须为本区县的线索")})
    while original.is_duplicate and original.duplicate_of_id:
        original = original.duplicate_of
        if original.pk == clue.pk:
            raise ValidationError({"original": _("所选原件本身是本线索的重复件")})
    if original.received_on > clue.received_on:
        raise ValidationError({"original": _("原件的受理日期不能晚于本线索")})
    from_status = clue.status
    clue.is_duplicate = True
    clue.duplicate_of = original
    clue.result = ClueResult.DUPLICATE
    clue.result_note = _clean_text(note)
    clue.concluded_on = _today()
    clue.status = ClueStatus.CONCLUDED
    _save(clue)
    clue.disposals.filter(ended_on__isnull=True).update(result=ClueResult.DUPLICATE, ended_on=clue.concluded_on)
    _event(
        clue,
        kind=EventKind.DUPLICATE,
        user=user,
        from_status=from_status,
        note=note,
        data={"original": original.number, "original_id": original.pk},
    )
    _event(
        original,
        kind=EventKind.DUPLICATE,
        user=user,
        from_status=original.status,
        note=_("收到重复件 %(number)s") % {"number": clue.number},
        data={"duplicate": clue.number, "duplicate_id": clue.pk},
    )
    return clue
