"""Handling a clue: assign (分办), sign (签收), decide the disposal method, record its steps."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User
from zones.models import Department, Township, Zone

from ..choices import (
    STEP_METHOD,
    ClueResult,
    ClueStatus,
    ClueStep,
    DisposalMethod,
    EventKind,
    HandlingMode,
    InquiryForm,
)
from ..models import Clue, ClueDisposal, Reporter
from .checks import _clean_text, _not_before, _not_future, _save
from .permissions import _require_change, can_change
from .timeline import _event, _now, _today
from .transitions import check_transition


@transaction.atomic
def clue_assign(
    *,
    clue: Clue,
    user: User,
    handling_mode: str,
    assignee: User | None = None,
    receiving_department: Department | None = None,
    receiving_township: Township | None = None,
    receiving_zone: Zone | None = None,
    receiving_body: str = "",
    assigned_on: datetime.date | None = None,
    report_back_due: datetime.date | None = None,
    note: str = "",
) -> Clue:
    """分办: send the clue to a department, township, zone or outside body (re-assign while not signed)."""
    check_transition(clue, "assign")
    _require_change(clue, user, "assign")
    from_status = clue.status
    assigned_on = assigned_on or _today()
    _not_future(assigned_on, "assigned_on", _("分办日期"))
    _not_before(assigned_on, clue.received_on, "assigned_on", _("分办日期不能早于受理日期"))
    if handling_mode not in HandlingMode.values:
        raise ValidationError({"handling_mode": _("请选择办理方式")})
    receivers = [r for r in (receiving_department, receiving_township, receiving_zone) if r is not None]
    receiving_body = _clean_text(receiving_body)
    if len(receivers) > 1:
        raise ValidationError({"receiving_department": _("承办单位只能选择一个（部门、乡镇或协作区）")})
    if not receivers and not receiving_body:
        raise ValidationError({"receiving_department": _("请选择承办单位（部门、乡镇或协作区），或填写外单位名称")})
    if receivers and receiving_body:
        raise ValidationError({"receiving_body": _("已选择本机关承办单位时不再填写外单位名称")})
    if receiving_body and handling_mode not in (HandlingMode.FORWARD, HandlingMode.SUPERVISE, HandlingMode.ASSIST):
        raise ValidationError({"receiving_body": _("只有转办、督办、协办可以交外单位办理")})
    for receiver in receivers:
        if receiver.county_id != clue.county_id:
            raise ValidationError({"receiving_department": _("承办单位不属于本区县")})
    if handling_mode == HandlingMode.ASSIGN_DOWN and not report_back_due:
        raise ValidationError({"report_back_due": _("交办件须规定报结时限")})
    _not_before(report_back_due, assigned_on, "report_back_due", _("报结时限不能早于分办日期"))
    if assignee is None and not receiving_body:
        raise ValidationError({"assignee": _("请指定承办人")})
    if assignee is not None and not assignee.is_active:
        raise ValidationError({"assignee": _("所选承办人账号已停用")})
    clue.handling_mode = handling_mode
    clue.receiving_department = receiving_department
    clue.receiving_township = receiving_township
    clue.receiving_zone = receiving_zone
    clue.receiving_body = receiving_body
    clue.assignee = assignee
    clue.assigned_on = assigned_on
    clue.assigned_by = user
    clue.report_back_due = report_back_due
    clue.status = ClueStatus.ASSIGNED
    _save(clue)
    if assignee is not None and not can_change(clue, assignee):
        raise ValidationError({"assignee": _("所选承办人无权办理该线索（不在其管辖范围内）")})
    _event(
        clue,
        kind=EventKind.ASSIGN,
        user=user,
        from_status=from_status,
        note=note,
        data={
            "handling_mode": handling_mode,
            "receiving_unit": str(clue.receiving_unit or ""),
            "assignee": str(assignee or ""),
        },
    )
    return clue


@transaction.atomic
def clue_sign(*, clue: Clue, user: User, note: str = "") -> Clue:
    """签收: the receiving unit acknowledges the assigned clue."""
    check_transition(clue, "sign")
    if clue.is_signed:
        raise ValidationError(_("线索已于 %(at)s 签收。") % {"at": f"{timezone.localtime(clue.signed_at):%Y-%m-%d}"})
    _require_change(clue, user, "sign")
    clue.signed_at = _now()
    clue.signed_by = user
    _save(clue)
    _event(clue, kind=EventKind.SIGN, user=user, from_status=clue.status, note=note)
    return clue


@transaction.atomic
def clue_dispose(
    *,
    clue: Clue,
    user: User,
    method: str,
    decided_on: datetime.date,
    decided_by: User | None = None,
    inquiry_form: str = "",
    hold_reason: str = "",
    hold_review_on: datetime.date | None = None,
    close_reason: str = "",
    note: str = "",
) -> Clue:
    """Choose one of the four disposal methods; 予以了结 concludes the clue at once."""
    check_transition(clue, "dispose")
    _require_change(clue, user, "dispose")
    if method not in DisposalMethod.values:
        raise ValidationError({"method": _("请选择处置方式")})
    if not decided_on:
        raise ValidationError({"decided_on": _("请填写处置决定日期")})
    _not_future(decided_on, "decided_on", _("处置决定日期"))
    _not_before(decided_on, clue.assigned_on or clue.received_on, "decided_on", _("处置决定日期不能早于分办日期"))
    if clue.decided_on:
        _not_before(decided_on, clue.decided_on, "decided_on", _("处置决定日期不能早于上一次处置决定"))
    if method == DisposalMethod.INQUIRY and inquiry_form and inquiry_form not in InquiryForm.values:
        raise ValidationError({"inquiry_form": _("请选择谈话或函询")})
    if method == DisposalMethod.HOLD:
        if not _clean_text(hold_reason):
            raise ValidationError({"hold_reason": _("暂存待查须填写暂存原因")})
        if not hold_review_on:
            raise ValidationError({"hold_review_on": _("暂存待查须确定复查日期")})
        if hold_review_on <= decided_on:
            raise ValidationError({"hold_review_on": _("复查日期应晚于处置决定日期")})
    if method == DisposalMethod.CLOSE and not close_reason:
        raise ValidationError({"close_reason": _("予以了结须选择了结原因")})
    return _switch_method(
        clue,
        user=user,
        method=method,
        decided_on=decided_on,
        decided_by=decided_by,
        inquiry_form=inquiry_form,
        hold_reason=hold_reason,
        hold_review_on=hold_review_on,
        close_reason=close_reason,
        note=note,
    )


def _switch_method(
    clue: Clue,
    *,
    user: User,
    method: str,
    decided_on: datetime.date,
    decided_by: User | None,
    inquiry_form: str = "",
    hold_reason: str = "",
    hold_review_on: datetime.date | None = None,
    close_reason: str = "",
    note: str = "",
    ending_result: str = "",
) -> Clue:
    from_status = clue.status
    previous = clue.disposals.filter(ended_on__isnull=True).order_by("-decided_on", "-id").first()
    if previous is not None:
        previous.ended_on = decided_on
        previous.result = previous.result or ending_result
        previous.save(update_fields=["ended_on", "result"])
    clue.disposal_method = method
    clue.decided_on = decided_on
    clue.decided_by = decided_by
    clue.status = ClueStatus.DISPOSING
    if method == DisposalMethod.INQUIRY:
        clue.inquiry_form = inquiry_form or clue.inquiry_form
    if method == DisposalMethod.HOLD:
        clue.hold_reason = _clean_text(hold_reason)
        clue.hold_review_on = hold_review_on
    else:
        clue.hold_review_on = None
    if method == DisposalMethod.CLOSE:
        clue.close_reason = close_reason
    _save(clue)
    ClueDisposal.objects.create(
        clue=clue, method=method, decided_on=decided_on, decided_by=decided_by, recorded_by=user
    )
    _event(
        clue,
        kind=EventKind.DISPOSE,
        user=user,
        from_status=from_status,
        note=note,
        # A switch (不予采信转初步核实, 转暂存待查) shows the result that led to it.
        data={
            "method": method,
            "decided_on": decided_on.isoformat(),
            **({"result": ending_result} if ending_result else {}),
        },
    )
    if method == DisposalMethod.CLOSE:
        _conclude(clue, user=user, result=ClueResult.CLOSED, concluded_on=decided_on, result_note=note)
    return clue


@transaction.atomic
def clue_record_step(
    *,
    clue: Clue,
    user: User,
    step: str,
    on: datetime.date,
    note: str = "",
    next_review_on: datetime.date | None = None,
) -> Clue:
    """Record a step of the current method (or a notification to a named reporter) with its date."""
    if step not in ClueStep.values:
        raise ValidationError({"step": _("未知的办理步骤")})
    if not on:
        raise ValidationError({"on": _("请填写日期")})
    _not_future(on, "on", _("日期"))
    if step in (ClueStep.REPORTER_ACCEPT_NOTIFIED, ClueStep.REPORTER_RESULT_NOTIFIED):
        return _notify_reporter(clue, user=user, step=step, on=on, note=note)
    check_transition(clue, "record_step")
    _require_change(clue, user, "record_step")
    method = STEP_METHOD[ClueStep(step)]
    if clue.disposal_method != method:
        raise ValidationError(
            {
                "step": _("“%(step)s”属于“%(method)s”，本线索的处置方式是“%(current)s”。")
                % {
                    "step": ClueStep(step).label,
                    "method": DisposalMethod(method).label,
                    "current": clue.get_disposal_method_display(),
                }
            }
        )
    _not_before(on, clue.decided_on, "on", _("日期不能早于处置决定日期"))
    if step == ClueStep.INQUIRY_HELD:
        clue.inquiry_on = on
    elif step == ClueStep.REPLY_RECEIVED:
        if not clue.inquiry_on:
            raise ValidationError({"step": _("请先登记谈话或发函日期")})
        _not_before(on, clue.inquiry_on, "on", _("收到书面说明日期不能早于谈话/发函日期"))
        clue.reply_on = on
    elif step == ClueStep.PLAN_APPROVED:
        clue.plan_approved_on = on
    elif step == ClueStep.REPORT_SUBMITTED:
        if not clue.plan_approved_on:
            raise ValidationError({"step": _("请先登记初核方案审批日期")})
        _not_before(on, clue.plan_approved_on, "on", _("初核情况报告日期不能早于初核方案审批日期"))
        clue.report_on = on
    elif step == ClueStep.HOLD_REVIEWED:
        if not next_review_on or next_review_on <= on:
            raise ValidationError({"next_review_on": _("继续暂存须确定晚于本次复查的下次复查日期")})
        clue.hold_review_on = next_review_on
    _save(clue)
    data = {"step": step, "on": on.isoformat()}
    if next_review_on:
        data["next_review_on"] = next_review_on.isoformat()
    _event(clue, kind=EventKind.STEP, user=user, from_status=clue.status, note=note, data=data)
    return clue


def _notify_reporter(clue: Clue, *, user: User, step: str, on: datetime.date, note: str) -> Clue:
    check_transition(clue, "notify")
    _require_change(clue, user, "notify")
    reporter = Reporter.objects.get(clue=clue)
    if step == ClueStep.REPORTER_ACCEPT_NOTIFIED:
        if reporter.notified_accept_on:
            raise ValidationError(
                {"step": _("已于 %(on)s 告知举报人受理情况。") % {"on": reporter.notified_accept_on.isoformat()}}
            )
        _not_before(on, clue.received_on, "on", _("告知日期不能早于受理日期"))
        reporter.notified_accept_on = on
    else:
        if not clue.concluded_on:
            raise ValidationError({"step": _("线索办结后才能告知举报人办理结果")})
        if reporter.notified_result_on:
            raise ValidationError(
                {"step": _("已于 %(on)s 告知举报人办理结果。") % {"on": reporter.notified_result_on.isoformat()}}
            )
        _not_before(on, clue.concluded_on, "on", _("结果告知日期不能早于办结日期"))
        reporter.notified_result_on = on
    reporter.full_clean(exclude=["clue"])
    reporter.save()
    _event(
        clue,
        kind=EventKind.NOTIFY,
        user=user,
        from_status=clue.status,
        note=note,
        data={"step": step, "on": on.isoformat()},
    )
    return clue


def _conclude(clue: Clue, *, user: User, result: str, concluded_on: datetime.date, result_note: str = "") -> None:
    from_status = clue.status
    clue.result = result
    clue.result_note = _clean_text(result_note)
    clue.concluded_on = concluded_on
    clue.status = ClueStatus.CONCLUDED
    _save(clue)
    clue.disposals.filter(ended_on__isnull=True).update(result=result, ended_on=concluded_on)
    _event(
        clue,
        kind=EventKind.CONCLUDE,
        user=user,
        from_status=from_status,
        note=result_note,
        data={"result": result, "concluded_on": concluded_on.isoformat()},
    )
