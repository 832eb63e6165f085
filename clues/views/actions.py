"""The workflow steps posted from the clue page, each through its service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from zones.models import Department, Township, Zone

from .. import selectors, services
from ..choices import ClueStatus, DisposalMethod
from ..forms import AssignForm, AttachForm, CloseOffForm, ConcludeForm, DisposeForm, DuplicateForm, SignForm, StepForm
from ..models import Clue
from .access import ContentMixin
from .detail import ClueDetailView, approver_choices, assignee_choices, result_choices, step_choices
from .errors import apply_errors

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
