"""The clue desk in the browser: registration, the clue page with its workflow, the ledger and its export."""

from __future__ import annotations

import datetime
import io
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, Value, When
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from audit.models import AuditAction
from audit.tracking import record
from people.models import Person, RoleAssignment, User
from people.roles import WORKING_ROLES, Role
from people.scopes import scope_for
from zones.models import County, Department, Township, Village, Zone

from . import attachments, selectors, services
from .case_hooks import case_hooks
from .choices import (
    RESULTS_BY_METHOD,
    STEP_METHOD,
    ClueCategory,
    ClueResult,
    ClueStatus,
    ClueStep,
    DisposalMethod,
    EventKind,
    HandlingMode,
    OverdueQueue,
)
from .forms import (
    AssignForm,
    AttachForm,
    CloseOffForm,
    ClueRegisterForm,
    ConcludeForm,
    DisposeForm,
    DuplicateForm,
    PersonMergeForm,
    SignForm,
    StepForm,
    person_formset,
)
from .models import Clue, Reporter

PAGE_SIZES = (20, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
EXPORT_LIMIT = 20000


def apply_errors(form, exc: ValidationError, rename: dict[str, str] | None = None) -> list[str]:
    """Put a service's errors on the form's fields; return the ones no field takes."""
    rename = rename or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return []
    leftover = []
    for field, errors in exc.message_dict.items():
        field = rename.get(field, field)
        if field in form.fields:
            form.add_error(field, errors)
        elif field == "__leftover__":
            leftover.extend(errors)
        else:
            form.add_error(None, errors)
    return leftover


class ContentMixin(LoginRequiredMixin):
    """Users whose roles read clues; everyone else is told the page does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).allows(Clue, "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class WorkingMixin(LoginRequiredMixin):
    """Working roles only (those who register and handle clues)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).has_role(*WORKING_ROLES):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


# Registration ---------------------------------------------------------------------------


def register_townships(user):
    """Townships ``user`` may register clues for (working roles' reach), and the fixed one if only one."""
    reach = scope_for(user).reach(WORKING_ROLES)
    queryset = Township.objects.filter(active=True).select_related("county").order_by("county", "order", "id")
    if not reach.everything:
        queryset = queryset.filter(Q(county__in=reach.counties) | Q(pk__in=reach.townships))
    fixed = None
    if not reach.everything and not reach.counties and len(reach.townships) == 1:
        fixed = queryset.first()
    return queryset, fixed


def register_county(user, township):
    """The county a clue belongs to: the township's, or the user's only county for county-level units."""
    if township is not None:
        return township.county
    reach = scope_for(user).reach(WORKING_ROLES)
    counties = list(County.objects.filter(pk__in=reach.counties)[:2]) if not reach.everything else []
    if reach.everything:
        counties = list(County.objects.filter(active=True)[:2])
    return counties[0] if len(counties) == 1 else None


class ClueCreateView(WorkingMixin, View):
    template_name = "clues/clue_form.html"

    def forms(self, data=None, files=None):
        user = self.request.user
        townships, fixed = register_townships(user)
        form = ClueRegisterForm(data, files, user=user, townships=townships, fixed_township=fixed)
        if data is None:
            form.initial["received_on"] = timezone.localdate()
        persons = person_formset(data, persons=selectors.person_list(user=user))
        return form, persons

    def get(self, request):
        form, persons = self.forms()
        return self.render(form, persons)

    def post(self, request):
        form, persons = self.forms(request.POST, request.FILES)
        files = request.FILES.getlist("attachments")
        if form.is_valid() & persons.is_valid():
            data = form.cleaned_data
            try:
                clue = services.clue_register(
                    user=request.user,
                    county=register_county(request.user, data["township"]),
                    received_on=data["received_on"],
                    category=data["category"],
                    source=data["source"],
                    channel=data["channel"],
                    is_anonymous=data["is_anonymous"],
                    reporter=form.reporter(),
                    persons=persons.entries(),
                    township=data["township"],
                    village=data["village"],
                    domain=data["domain"],
                    problem_types=list(data["problem_types"]),
                    amount=data["amount"],
                    summary=data["summary"],
                    description=data["description"],
                    attachments=data["attachments"],
                )
            except ValidationError as exc:
                for message in apply_errors(form, exc, rename={"persons": "__leftover__"}):
                    persons._non_form_errors.append(message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("您无权在该乡镇（村）登记线索。"))
            else:
                messages.success(
                    request,
                    _("线索已登记，编号 %(number)s。请及时分办（期限 %(due)s）。")
                    % {"number": clue.number, "due": clue.assign_due.isoformat() if clue.assign_due else "—"},
                )
                return HttpResponseRedirect(reverse("clues:clue_detail", args=[clue.pk]))
        return self.render(form, persons, files_dropped=len(files), status=400)

    def render(self, form, persons, *, files_dropped=0, status=200):
        ctx = {
            "form": form,
            "persons": persons,
            "files_dropped": files_dropped,
            "limits": {
                "file": filesizeformat(attachments.max_file_bytes()),
                "clue": filesizeformat(attachments.max_clue_bytes()),
            },
        }
        return render(self.request, self.template_name, ctx, status=status)


class VillageOptionsView(ContentMixin, View):
    """htmx: the ``<option>``s of the chosen township's villages."""

    def get(self, request):
        raw = request.GET.get("township", "")
        villages = Village.objects.none()
        if raw.isdigit():
            villages = Village.objects.restrict(request.user).filter(township_id=int(raw), active=True)
        return render(
            request,
            "clues/includes/village_options.html",
            {"villages": villages, "selected": request.GET.get("village", "")},
        )


class PersonSearchView(ContentMixin, View):
    """htmx: persons already on record whose name matches what is being typed in a person row."""

    def get(self, request):
        query = request.GET.get("q", "")
        if not query:
            # The person row sends its own input (``persons-N-name``).
            query = next((v for k, v in request.GET.items() if k.endswith("-name")), "")
        query = query.strip()[:50]
        persons = list(selectors.person_list(user=request.user, q=query)[:8]) if query else []
        return render(request, "clues/includes/person_results.html", {"persons": persons, "query": query})


class DuplicateCheckView(ContentMixin, View):
    """htmx: earlier clues likely about the same matter, for the registration form's side panel."""

    def post(self, request):
        data = request.POST
        rows = {}
        for key, value in data.items():
            parts = key.split("-")
            if len(parts) == 3 and parts[0] == "persons" and parts[2] in ("name", "unit"):
                rows.setdefault(parts[1], {})[parts[2]] = value.strip()
        township = data.get("township") if str(data.get("township", "")).isdigit() else None
        village = data.get("village") if str(data.get("village", "")).isdigit() else None
        types = [v for v in data.getlist("problem_types") if v.isdigit()]
        found: dict[int, selectors.DuplicateCandidate] = {}
        searches = [r for r in rows.values() if r.get("name")][:5] or [{}]
        for row in searches:
            for candidate in selectors.duplicate_candidates(
                user=request.user,
                name=row.get("name", ""),
                unit=row.get("unit", ""),
                township=int(township) if township else None,
                village=int(village) if village else None,
                problem_types=types,
                limit=10,
            ):
                known = found.get(candidate.clue.pk)
                if known is None:
                    found[candidate.clue.pk] = candidate
                else:
                    known.reasons.extend(r for r in candidate.reasons if r not in known.reasons)
        asked = any(r.get("name") for r in rows.values()) or bool(village and types)
        candidates = sorted(found.values(), key=lambda c: (c.clue.received_on, c.clue.pk), reverse=True)[:10]
        return render(request, "clues/includes/duplicates.html", {"candidates": candidates, "asked": asked})


# The clue page --------------------------------------------------------------------------


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


ACTION_FORMS = {
    "assign": AssignForm,
    "sign": SignForm,
    "dispose": DisposeForm,
    "record_step": StepForm,
    "conclude": ConcludeForm,
    "close_off": CloseOffForm,
    "mark_duplicate": DuplicateForm,
    "attach": AttachForm,
}
SERVICES = {
    "assign": services.clue_assign,
    "sign": services.clue_sign,
    "dispose": services.clue_dispose,
    "record_step": services.clue_record_step,
    "conclude": services.clue_conclude,
    "close_off": services.clue_close_off,
    "mark_duplicate": services.clue_mark_duplicate,
    "attach": None,
}
DONE_MESSAGES = {
    "assign": _lazy("已分办。"),
    "sign": _lazy("已签收。"),
    "dispose": _lazy("已确定处置方式。"),
    "record_step": _lazy("已登记办理步骤。"),
    "conclude": _lazy("已登记办理结果。"),
    "close_off": _lazy("已销号。"),
    "mark_duplicate": _lazy("已标记为重复件并关联原件。"),
    "attach": _lazy("附件已上传。"),
}


class ClueActionView(ContentMixin, View):
    """POST one workflow step; a refused step shows the clue page again with the Chinese reason."""

    def post(self, request, pk, action):
        if action not in ACTION_FORMS:
            raise Http404
        clue = selectors.clue_get(user=request.user, pk=pk)
        page = ClueDetailView()
        page.setup(request, pk=pk)
        allowed = services.allowed_actions(clue, request.user)
        kwargs = self.form_kwargs(clue, action, allowed)
        if kwargs is None:
            # Not open to this user now: nothing is saved, the page says why.
            messages.error(request, refusal(clue, action, request.user))
            denied = not services.can_change(clue, request.user) or (
                action == "sign" and not services.can_sign(clue, request.user)
            )
            return page.render(clue, status=403 if denied else 400)
        form = ACTION_FORMS[action](request.POST, request.FILES, clue=clue, user=request.user, **kwargs)
        if form.is_valid():
            try:
                self.perform(clue, action, form)
            except ValidationError as exc:
                apply_errors(form, exc, rename=form.error_fields)
            except PermissionDenied as exc:
                messages.error(request, str(exc) or _("您无权办理此线索。"))
                return page.render(selectors.clue_get(user=request.user, pk=pk), status=403)
            else:
                messages.success(request, DONE_MESSAGES[action])
                return HttpResponseRedirect(reverse("clues:clue_detail", args=[clue.pk]) + "#qf-timeline")
        messages.error(request, _("未能办理：请按表单中的红色提示修改后重新提交。"))
        fresh = selectors.clue_get(user=request.user, pk=pk)
        form.clue = fresh
        return page.render(fresh, bound=form, status=400)

    def form_kwargs(self, clue, action, allowed) -> dict | None:
        """The form's choices for ``action``, or ``None`` when the action is not open now."""
        user = self.request.user
        if action == "record_step":
            steps = step_choices(clue, allowed)
            return {"steps": steps} if steps else None
        if action not in allowed:
            return None
        if action == "assign":
            return {
                "departments": Department.objects.restrict(user).filter(county=clue.county_id, active=True),
                "townships": Township.objects.restrict(user).filter(county=clue.county_id, active=True),
                "zones": Zone.objects.restrict(user).filter(county=clue.county_id, active=True),
                "assignees": assignee_choices(clue),
            }
        if action == "dispose":
            return {"approvers": approver_choices(clue)}
        if action == "conclude":
            results = result_choices(clue)
            return {"results": results, "approvers": approver_choices(clue)} if results else None
        if action == "mark_duplicate":
            return {"originals": selectors.clue_queryset(user=user)}
        return {}

    def perform(self, clue, action, form):
        user = self.request.user
        if action == "attach":
            services.clue_attach(clue=clue, user=user, files=form.cleaned_data["files"])
            return
        kwargs = form.service_kwargs()
        if action in ("dispose", "conclude"):
            # Blank optional fields are left to the service's defaults.
            kwargs = {k: v for k, v in kwargs.items() if v not in (None, "")}
        SERVICES[action](clue=clue, user=user, **kwargs)


def refusal(clue: Clue, action: str, user) -> str:
    """Why ``action`` is not open on ``clue`` for ``user`` (the service's own message where it has one)."""
    if not services.can_change(clue, user) and action != "sign":
        return _("您无权办理此线索。")
    if (
        action == "sign"
        and clue.status == ClueStatus.ASSIGNED
        and not clue.is_signed
        and not services.can_sign(clue, user)
    ):
        return _("只有承办单位或承办人可以签收此线索。")
    name = action
    if action == "record_step" and not clue.disposal_method:
        name = "notify" if not clue.is_anonymous else "record_step"
    try:
        services.check_transition(clue, name)
    except ValidationError as exc:
        return " ".join(exc.messages)
    if action == "conclude" and clue.disposal_method == DisposalMethod.CLOSE:
        return _("予以了结的线索在确定处置方式时已办结。")
    return _("您无权办理此线索。")


class AttachmentDownloadView(ContentMixin, View):
    """A scoped, audit-logged download of one attachment (never served from the web root)."""

    def get(self, request, pk):
        attachment = selectors.attachment_get(user=request.user, pk=pk)
        handle, name, content_type = selectors.attachment_open(attachment, request.user)
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# Ledger --------------------------------------------------------------------------------


def overdue_flags(ids, today: datetime.date) -> dict[int, list[str]]:
    """``{clue id: [labels of the overdue queues it is in]}`` for the given clues, in one query."""
    from .deadlines import overdue_q

    ids = list(ids)
    if not ids:
        return {}
    annotations = {
        f"od_{queue.value}": Case(When(overdue_q(queue.value, today), then=Value(True)), default=Value(False))
        for queue in OverdueQueue
    }
    flags: dict[int, list[str]] = {}
    for row in Clue.objects.filter(pk__in=ids).annotate(**annotations).values("pk", *annotations):
        labels = [str(queue.label) for queue in OverdueQueue if row[f"od_{queue.value}"]]
        if labels:
            flags[row["pk"]] = labels
    return flags


EXPORT_COLUMNS = (
    (_lazy("编号"), 22),
    (_lazy("受理日期"), 12),
    (_lazy("信访举报分类"), 12),
    (_lazy("线索来源"), 14),
    (_lazy("举报方式"), 9),
    (_lazy("举报人"), 12),
    (_lazy("被反映人"), 36),
    (_lazy("干部层级"), 18),
    (_lazy("乡镇（街道）"), 12),
    (_lazy("村（社区）"), 12),
    (_lazy("领域"), 16),
    (_lazy("问题类型"), 26),
    (_lazy("涉及金额（元）"), 14),
    (_lazy("内容摘要"), 50),
    (_lazy("状态"), 9),
    (_lazy("办理方式"), 9),
    (_lazy("承办单位"), 18),
    (_lazy("承办人"), 10),
    (_lazy("处置方式"), 10),
    (_lazy("处置决定日期"), 13),
    (_lazy("办理结果"), 16),
    (_lazy("办结日期"), 12),
    (_lazy("销号日期"), 12),
    (_lazy("原件编号（重复件）"), 22),
    (_lazy("逾期环节"), 18),
)


def _text_cell(ws, value):
    """A cell whose text is never read as a formula (=, +, -, @ at the start stay text)."""
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def ledger_workbook(queryset, *, title: str, today: datetime.date | None = None) -> bytes:
    """The ledger rows of ``queryset`` as an .xlsx file (write-only, Chinese headers, frozen header)."""
    today = today or timezone.localdate()
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    for index, (_label, width) in enumerate(EXPORT_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    header = []
    for label, _width in EXPORT_COLUMNS:
        cell = WriteOnlyCell(ws, value=str(label))
        cell.font = bold
        cell.fill = fill
        header.append(cell)
    ws.append(header)
    date_style = "yyyy-mm-dd"
    money_style = "#,##0.00"
    confidential = str(selectors.CONFIDENTIAL)

    def date_cell(value):
        cell = WriteOnlyCell(ws, value=value)
        if value is not None:
            cell.number_format = date_style
        return cell

    chunk: list[Clue] = []

    def flush():
        flags = overdue_flags([c.pk for c in chunk], today)
        for clue in chunk:
            subjects = list(clue.subjects.all())
            persons = "；".join(
                f"{s.person.name}（{s.unit or s.person.unit}{'·' + s.position if s.position else ''}）"
                for s in subjects
            )
            levels = "、".join(dict.fromkeys(s.get_cadre_level_display() for s in subjects))
            amount = WriteOnlyCell(ws, value=clue.amount)
            amount.number_format = money_style
            row = [
                _text_cell(ws, clue.number),
                date_cell(clue.received_on),
                _text_cell(ws, clue.get_category_display()),
                _text_cell(ws, clue.get_source_display()),
                _text_cell(ws, clue.get_channel_display()),
                _text_cell(ws, _("匿名") if clue.is_anonymous else _("实名（%(c)s）") % {"c": confidential}),
                _text_cell(ws, persons),
                _text_cell(ws, levels),
                _text_cell(ws, clue.township.name if clue.township else ""),
                _text_cell(ws, clue.village.name if clue.village else ""),
                _text_cell(ws, clue.get_domain_display()),
                _text_cell(ws, "、".join(pt.name for pt in clue.problem_types.all())),
                amount,
                _text_cell(ws, clue.summary),
                _text_cell(ws, clue.get_status_display()),
                _text_cell(ws, clue.get_handling_mode_display()),
                _text_cell(ws, str(clue.receiving_unit or "")),
                _text_cell(ws, str(clue.assignee or "")),
                _text_cell(ws, clue.get_disposal_method_display()),
                date_cell(clue.decided_on),
                _text_cell(ws, clue.get_result_display()),
                date_cell(clue.concluded_on),
                date_cell(clue.closed_on),
                _text_cell(ws, clue.duplicate_of.number if clue.duplicate_of_id else ""),
                _text_cell(ws, "、".join(flags.get(clue.pk, []))),
            ]
            ws.append(row)
        chunk.clear()

    for clue in queryset.iterator(chunk_size=500):
        chunk.append(clue)
        if len(chunk) >= 500:
            flush()
    flush()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SORT_COLUMNS = {
    "number": _lazy("编号"),
    "received_on": _lazy("受理日期"),
    "township": _lazy("乡镇"),
    "status": _lazy("状态"),
    "decided_on": _lazy("处置决定"),
    "amount": _lazy("金额（元）"),
}


def _page_size(raw) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_PAGE_SIZE
    return value if value in PAGE_SIZES else DEFAULT_PAGE_SIZE


def filtered(filterset):
    """The filterset's rows, or none when its parameters are invalid (the page shows why)."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


class ClueListView(ContentMixin, TemplateView):
    template_name = "clues/clue_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        params = self.request.GET
        filterset = selectors.clue_list(user=user, filters=params or None)
        queryset = filtered(filterset)
        size = _page_size(params.get("page_size"))
        page = Paginator(queryset, size).get_page(params.get("page"))
        rows = list(page.object_list)
        flags = overdue_flags([c.pk for c in rows], timezone.localdate())
        for clue in rows:
            clue.overdue_labels = flags.get(clue.pk, [])
        query = params.copy()
        query.pop("page", None)
        base = params.copy()
        for key in ("page", "ordering"):
            base.pop(key, None)
        current = params.get("ordering", "") or "-received_on"
        columns = {}
        for key, label in SORT_COLUMNS.items():
            direction = "asc" if current == key else ("desc" if current == f"-{key}" else "")
            target = f"-{key}" if current == key else key
            link = base.copy()
            link["ordering"] = target
            columns[key] = {"label": label, "url": "?" + link.urlencode(), "direction": direction}
        queues_query = params.copy()
        for key in ("page", "overdue", "queue"):
            queues_query.pop(key, None)
        queues = []
        for key, label, count, _url in selectors.overdue_queues(user):
            q = queues_query.copy()
            q["overdue"] = "true"
            q["queue"] = key
            queues.append({"key": key, "label": label, "count": count, "url": "?" + q.urlencode()})
        export_query = params.copy()
        for key in ("page", "page_size"):
            export_query.pop(key, None)
        ctx.update(
            filter=filterset,
            form=filterset.form,
            page_obj=page,
            clues=rows,
            query=query.urlencode(),
            columns=columns,
            queues=queues,
            current_queue=params.get("queue", "") if params.get("overdue") == "true" else "",
            all_url="?" + queues_query.urlencode(),
            export_url=reverse("clues:clue_export") + ("?" + export_query.urlencode() if export_query else ""),
            page_sizes=PAGE_SIZES,
            page_size=size,
            can_register=scope_for(user).has_role(*WORKING_ROLES),
            overdue_queue_labels=dict(OverdueQueue.choices),
            today=timezone.localdate(),
            advanced_open=(params.get("overdue") and not params.get("queue"))
            or any(
                params.get(k)
                for k in (
                    "source",
                    "category",
                    "village",
                    "domain",
                    "problem_type",
                    "cadre_level",
                    "decided_from",
                    "decided_to",
                    "duplicate",
                )
            ),
        )
        return ctx


class ClueExportView(ContentMixin, View):
    """The ledger's current filter as an .xlsx workbook (audit-logged)."""

    def get(self, request):
        filterset = selectors.clue_list(user=request.user, filters=request.GET or None)
        if filterset.is_bound and not filterset.is_valid():
            messages.error(request, _("筛选条件有误，未导出。"))
            return HttpResponseRedirect(reverse("clues:clue_list") + "?" + request.GET.urlencode())
        queryset = filterset.qs
        count = queryset.count()
        if count > EXPORT_LIMIT:
            messages.error(
                request,
                _("符合条件的线索有 %(n)s 条，超过单次导出上限 %(limit)s 条，请缩小日期范围后分批导出。")
                % {"n": count, "limit": EXPORT_LIMIT},
            )
            return HttpResponseRedirect(reverse("clues:clue_list") + "?" + request.GET.urlencode())
        record(
            action=AuditAction.EXPORT,
            user=request.user,
            detail=_("导出线索台账 %(n)s 条；筛选条件：%(query)s")
            % {"n": count, "query": request.GET.urlencode() or _("无")},
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(
            ledger_workbook(queryset, title=_("问题线索台账")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = quote(f"问题线索台账-{stamp}.xlsx")
        response["Content-Disposition"] = f"attachment; filename=\"clues-{stamp}.xlsx\"; filename*=UTF-8''{filename}"
        response["Cache-Control"] = "private, no-store"
        return response


# Persons --------------------------------------------------------------------------------


class PersonDetailView(ContentMixin, View):
    template_name = "clues/person_detail.html"

    def get(self, request, pk):
        person = selectors.person_get(user=request.user, pk=pk)
        return self.render(person)

    def post(self, request, pk):
        person = selectors.person_get(user=request.user, pk=pk)
        if not scope_for(request.user).has_role(*WORKING_ROLES):
            raise Http404
        form = PersonMergeForm(request.POST, candidates=merge_candidates(person, request.user))
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                services.person_merge(source=person, target=target, user=request.user)
            except ValidationError as exc:
                apply_errors(form, exc, rename={"source": "target"})
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("您无权合并这两名人员。"))
            else:
                messages.success(
                    request, _("已将“%(source)s”合并到“%(target)s”。") % {"source": person, "target": target}
                )
                return HttpResponseRedirect(reverse("clues:person_detail", args=[target.pk]))
        return self.render(person, form, status=400)

    def render(self, person, merge_form=None, status=200):
        user = self.request.user
        data = selectors.person_record(user=user, person=person)
        can_merge = scope_for(user).has_role(*WORKING_ROLES) and person.merged_into_id is None
        if can_merge and merge_form is None:
            merge_form = PersonMergeForm(candidates=merge_candidates(person, user))
        clues = list(data["clues"])
        ctx = {
            "person": person,
            "clues": clues,
            "cases": data["cases"],
            "merged_from": Person.objects.restrict(user).filter(merged_into=person).order_by("name_key", "id"),
            "merge_form": merge_form if can_merge else None,
            "subject_rows": {
                c.pk: next((s for s in c.subjects.all() if s.person_id in data["merged_ids"]), None) for c in clues
            },
        }
        return render(self.request, self.template_name, ctx, status=status)


def merge_candidates(person: Person, user):
    """Other records in scope that may be the same person: same name (normalized), same county."""
    return (
        Person.objects.restrict(user, "change")
        .filter(county=person.county_id, name_key=person.name_key, merged_into__isnull=True)
        .exclude(pk=person.pk)
        .order_by("unit_key", "id")
    )
