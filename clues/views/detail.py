"""The clue page: facts, deadlines, timeline, the forms of the actions allowed now, attachments."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q
from django.http import FileResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from people.models import RoleAssignment, User
from people.roles import Role
from zones.models import Department, Township, Zone

from .. import selectors, services
from ..case_hooks import case_hooks
from ..choices import (
    RESULTS_BY_METHOD,
    STEP_METHOD,
    ClueCategory,
    ClueResult,
    ClueStatus,
    ClueStep,
    DisposalMethod,
    EventKind,
    HandlingMode,
)
from ..forms import AssignForm, AttachForm, CloseOffForm, ConcludeForm, DisposeForm, DuplicateForm, SignForm, StepForm
from ..models import Clue, Reporter
from .access import ContentMixin

ASSIGNEE_ROLES = (Role.CASE_OFFICER, Role.TOWNSHIP_OFFICER, Role.PETITION_OFFICER, Role.ZONE_LEADER, Role.LEADER)


def assignee_choices(clue: Clue):
    """Active users with a handling role over the clue's county or township (candidates for 承办人).

    Each user carries the roles that make them a candidate (``label_from_instance`` shows them),
    so 「刘守仁（乡镇纪委·北寨镇）」 is not picked for a clue of another township by mistake.
    """
    reach = (
        Q(role_assignments__county=clue.county_id)
        | Q(role_assignments__township__county=clue.county_id)
        | Q(role_assignments__zone__county=clue.county_id)
    )
    roles = RoleAssignment.objects.filter(role__in=ASSIGNEE_ROLES).select_related("county", "zone", "township")
    return (
        User.objects.filter(is_active=True, role_assignments__role__in=ASSIGNEE_ROLES)
        .filter(reach)
        .distinct()
        .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="handling_roles"))
        .order_by("real_name", "username")
    )


def approver_choices(clue: Clue):
    """Commission leaders of the clue's county (who approve dispositions and case filing)."""
    return (
        User.objects.filter(is_active=True, role_assignments__role=Role.LEADER, role_assignments__county=clue.county_id)
        .distinct()
        .order_by("real_name", "username")
    )


def deadline_rows(clue: Clue, notified: dict[str, bool], today: datetime.date) -> list[dict]:
    """The clue's deadlines that matter now or mattered: label, date, state (done, open, overdue)."""
    try:
        from core.calendar import is_provisional
    except ImportError:  # the calendar lands separately

        def is_provisional(d):
            return False

    status = clue.status
    disposing = status == ClueStatus.DISPOSING
    method = clue.disposal_method
    rows = [
        (_("分办期限"), clue.assign_due, status == ClueStatus.REGISTERED, clue.assigned_on),
        (_("签收期限"), clue.sign_due, status == ClueStatus.ASSIGNED and not clue.is_signed, clue.signed_at),
        (
            _("信访件办结期限"),
            clue.conclusion_due,
            status in (ClueStatus.REGISTERED, ClueStatus.ASSIGNED) and not clue.is_duplicate,
            clue.decided_on or clue.concluded_on,
        ),
        (
            _("书面说明期限"),
            clue.reply_due,
            disposing and method == DisposalMethod.INQUIRY and not clue.reply_on,
            clue.reply_on,
        ),
        (
            _("谈话函询办结期限"),
            clue.inquiry_conclusion_due,
            disposing and method == DisposalMethod.INQUIRY,
            None,
        ),
        (
            _("初步核实期限"),
            clue.verification_due,
            disposing and method == DisposalMethod.VERIFICATION,
            None,
        ),
        (_("暂存复查日期"), clue.hold_review_on, disposing and method == DisposalMethod.HOLD, None),
        (_("受理告知期限"), clue.reporter_accept_due, not notified.get("accept"), None),
        (_("结果告知期限"), clue.reporter_result_due, not notified.get("result"), None),
    ]
    result = []
    for label, due, running, done_at in rows:
        if due is None:
            continue
        overdue = running and due <= today if label == _("暂存复查日期") else running and due < today
        result.append(
            {
                "label": label,
                "due": due,
                "running": running,
                "overdue": overdue,
                "days_over": (today - due).days if overdue else 0,
                "days_left": (due - today).days if running and not overdue else None,
                "provisional": bool(is_provisional(due)),
                "done": not running,
                "done_at": done_at,
            }
        )
    return result


EVENT_ICONS = {
    EventKind.REGISTER: "pencil-square",
    EventKind.UPDATE: "pencil",
    EventKind.ASSIGN: "send",
    EventKind.SIGN: "check2-square",
    EventKind.DISPOSE: "signpost-split",
    EventKind.STEP: "list-check",
    EventKind.CONCLUDE: "flag",
    EventKind.CLOSE_OFF: "archive",
    EventKind.DUPLICATE: "files",
    EventKind.ATTACH: "paperclip",
    EventKind.NOTIFY: "megaphone",
    EventKind.CASE: "briefcase",
    EventKind.PERSON_MERGE: "people",
}


def event_details(event) -> list[str]:
    """Readable lines from an event's data (method, result, dates, receiving unit)."""
    data = event.data or {}
    lines = []
    labels = {
        "handling_mode": (_("办理方式"), HandlingMode),
        "method": (_("处置方式"), DisposalMethod),
        "result": (_("结果"), ClueResult),
        "step": (_("步骤"), ClueStep),
    }
    for key, (label, enum) in labels.items():
        if data.get(key):
            try:
                value = enum(data[key]).label
            except ValueError:
                value = data[key]
            lines.append(f"{label}：{value}")
    for key, label in (
        ("receiving_unit", _("承办单位")),
        ("assignee", _("承办人")),
        ("on", _("日期")),
        ("decided_on", _("决定日期")),
        ("concluded_on", _("办结日期")),
        ("next_review_on", _("下次复查")),
        ("original", _("原件")),
        ("duplicate", _("重复件")),
    ):
        if data.get(key):
            lines.append(f"{label}：{data[key]}")
    if event.kind == EventKind.REGISTER and data.get("attachments"):
        lines.append(_("附件 %(n)s 个") % {"n": data["attachments"]})
    return lines


class ClueDetailView(ContentMixin, View):
    template_name = "clues/clue_detail.html"

    def get(self, request, pk):
        clue = selectors.clue_get(user=request.user, pk=pk)
        return self.render(clue)

    def action_forms(self, clue: Clue, allowed: set[str], bound=None) -> dict:
        user = self.request.user
        forms = {}

        def make(action, cls, **kwargs):
            if action not in allowed:
                return
            if bound is not None and bound.action == action:
                forms[action] = bound
            else:
                forms[action] = cls(clue=clue, user=user, **kwargs)

        if "assign" in allowed:
            make(
                "assign",
                AssignForm,
                departments=Department.objects.restrict(user).filter(county=clue.county_id, active=True),
                townships=Township.objects.restrict(user).filter(county=clue.county_id, active=True),
                zones=Zone.objects.restrict(user).filter(county=clue.county_id, active=True),
                assignees=assignee_choices(clue),
            )
        make("sign", SignForm)
        if "dispose" in allowed:
            make("dispose", DisposeForm, approvers=approver_choices(clue))
        if "record_step" in allowed or "notify" in allowed:
            steps = step_choices(clue, allowed)
            if steps:
                allowed = {*allowed, "record_step"}
                make("record_step", StepForm, steps=steps)
        if "conclude" in allowed:
            results = result_choices(clue)
            if results:
                make("conclude", ConcludeForm, results=results, approvers=approver_choices(clue))
        make("close_off", CloseOffForm)
        make("mark_duplicate", DuplicateForm, originals=selectors.clue_queryset(user=user))
        make("attach", AttachForm)
        return forms

    def render(self, clue: Clue, bound=None, status=200):
        user = self.request.user
        today = timezone.localdate()
        timeline = list(selectors.clue_timeline(clue=clue))
        notified = {"accept": False, "result": False}
        for event in timeline:
            if event.kind == EventKind.NOTIFY:
                step = (event.data or {}).get("step")
                if step == ClueStep.REPORTER_ACCEPT_NOTIFIED:
                    notified["accept"] = True
                elif step == ClueStep.REPORTER_RESULT_NOTIFIED:
                    notified["result"] = True
            event.icon = EVENT_ICONS.get(event.kind, "dot")
            event.details = event_details(event)
        identity_allowed = services.identity_visible(clue, user)
        reporter = selectors.reporter_for(clue, user) if identity_allowed else None
        allowed = services.allowed_actions(clue, user)
        forms = self.action_forms(clue, allowed, bound)
        cases = linked_cases(clue, user) if clue.result == ClueResult.FILE_CASE else []
        ctx = {
            "clue": clue,
            "subjects": clue.subjects.all(),
            "problem_types": clue.problem_types.all(),
            "attachments": clue.attachments.all(),
            "duplicates": clue.duplicates.all(),
            "timeline": timeline,
            "deadlines": deadline_rows(clue, notified, today),
            "identity_allowed": identity_allowed,
            "reporter": reporter,
            "confidential": selectors.CONFIDENTIAL,
            "action_forms": forms,
            "bound_action": bound.action if bound is not None else "",
            "cases": cases,
            "today": today,
            "result_methods": {m: [str(r) for r in rs] for m, rs in RESULTS_BY_METHOD.items()},
        }
        return render(self.request, self.template_name, ctx, status=status)


def step_choices(clue: Clue, allowed: set[str]) -> list[ClueStep]:
    """Steps that fit the clue now: those of its disposal method, and the reporter notifications."""
    steps = []
    if "record_step" in allowed and clue.disposal_method:
        steps += [s for s, method in STEP_METHOD.items() if method == clue.disposal_method]
    if "notify" in allowed:
        # Only the notification dates are read here (not the identity): nothing to audit.
        done = Reporter.objects.filter(clue=clue).values("notified_accept_on", "notified_result_on").first() or {}
        if not done.get("notified_accept_on"):
            steps.append(ClueStep.REPORTER_ACCEPT_NOTIFIED)
        if clue.concluded_on and not done.get("notified_result_on"):
            steps.append(ClueStep.REPORTER_RESULT_NOTIFIED)
    return steps


def result_choices(clue: Clue) -> list[ClueResult]:
    """Results the clue may be concluded with now (the service checks the same rule)."""
    if clue.status == ClueStatus.ASSIGNED:
        results = [ClueResult.FORWARDED] if clue.handling_mode == HandlingMode.FORWARD else []
        if clue.category != ClueCategory.ACCUSATION:
            results.append(ClueResult.ANSWERED)
        return results
    if clue.disposal_method == DisposalMethod.CLOSE:
        return []
    return list(RESULTS_BY_METHOD.get(clue.disposal_method, ()))


def linked_cases(clue: Clue, user) -> list:
    """Cases filed from this clue that ``user`` may see, each with ``url`` when the cases pages exist."""
    cases = list(case_hooks().cases_of_clue(clue=clue, user=user))
    for case in cases:
        case.url = _case_url(case)
    return cases


def _case_url(case) -> str:
    try:
        return reverse("cases:case_detail", args=[case.pk])
    except NoReverseMatch:
        return ""


class AttachmentDownloadView(ContentMixin, View):
    """A scoped, audit-logged download of one attachment (never served from the web root)."""

    def get(self, request, pk):
        attachment = selectors.attachment_get(user=request.user, pk=pk)
        handle, name, content_type = selectors.attachment_open(attachment, request.user)
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
