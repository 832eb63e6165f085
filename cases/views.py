"""Case pages: ledger, export, filing, detail with its action forms, measures, integrity opinions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from audit.models import AuditAction
from audit.tracking import record

from . import exports, forms, selectors, services
from .choices import TRANSITIONS, CaseAction, CaseStatus, Queue
from .models import Case

PAGE_SIZE = 50


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's errors on the form, on the field they name when it has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class CaseReaderMixin(LoginRequiredMixin):
    """Only roles that read cases; everyone else is told the page does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.can_read_cases(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CaseWriterMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.can_work_cases(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_case(self, pk, action: str = "change") -> Case:
        return get_object_or_404(selectors.case_queryset(user=self.request.user, action=action), pk=pk)


# Ledger -------------------------------------------------------------------


def _filtered(request):
    filterset = selectors.case_list(user=request.user, filters=request.GET)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, filterset.queryset.none()
    return filterset, filterset.qs


class CaseListView(CaseReaderMixin, TemplateView):
    template_name = "cases/case_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset, queryset = _filtered(self.request)
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            filter=filterset,
            page_obj=page,
            cases=page.object_list,
            query=query.urlencode(),
            today=timezone.localdate(),
            can_file=selectors.can_work_cases(self.request.user),
            queues=Queue.choices,
            form_choices=[(1, _("第一种形态")), (2, _("第二种形态")), (3, _("第三种形态")), (4, _("第四种形态"))],
        )
        return ctx


class CaseExportView(CaseReaderMixin, View):
    def get(self, request):
        _filterset, queryset = _filtered(request)
        content = exports.case_workbook(queryset, today=timezone.localdate())
        query = request.GET.urlencode()
        record(
            action=AuditAction.EXPORT, detail=_("导出案件台账 %(q)s") % {"q": query or _("（全部）")}, user=request.user
        )
        name = f"cases-{timezone.localdate():%Y%m%d}.xlsx"
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# Filing -------------------------------------------------------------------


class CaseCreateView(CaseWriterMixin, View):
    template_name = "cases/case_form.html"

    def get(self, request):
        initial = {}
        if request.GET.get("clue"):
            initial["clue"] = request.GET["clue"]
        return self.render(forms.CaseFileForm(user=request.user, initial=initial))

    def post(self, request):
        form = forms.CaseFileForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    kwargs = {
                        "title": data["title"],
                        "summary": data["summary"],
                        "township": data["township"],
                        "department": data["department"],
                        "handler": data["handler"],
                        "joint_handling": data["joint_handling"],
                        "joint_zone": data["joint_zone"],
                    }
                    case = services.case_file(
                        county=data["county"],
                        filed_on=data["filed_on"],
                        approver=data["approver"],
                        user=request.user,
                        clue=data["clue"],
                        **kwargs,
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已立案，案件编号 %(n)s。") % {"n": case.number})
                return HttpResponseRedirect(reverse("cases:case_detail", args=[case.pk]))
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "title": _("立案登记")})


class CaseUpdateView(CaseWriterMixin, View):
    template_name = "cases/case_form.html"

    def get(self, request, pk):
        case = self.get_case(pk)
        initial = {
            "title": case.title,
            "summary": case.summary,
            "township": case.township_id,
            "department": case.department_id,
            "handler": case.handler_id,
            "joint_handling": case.joint_handling,
            "joint_zone": case.joint_zone_id,
        }
        return self.render(case, forms.CaseInfoForm(user=request.user, initial=initial))

    def post(self, request, pk):
        case = self.get_case(pk)
        form = forms.CaseInfoForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.case_update(case=case, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已保存案件信息。"))
                return HttpResponseRedirect(reverse("cases:case_detail", args=[case.pk]))
        return self.render(case, form)

    def render(self, case, form):
        title = _("编辑案件：%(n)s") % {"n": case.number}
        return render(self.request, self.template_name, {"form": form, "case": case, "title": title})


# Detail -------------------------------------------------------------------

ACTION_FORMS = {
    CaseAction.START: forms.StartForm,
    CaseAction.SEND_TO_REVIEW: forms.SendToReviewForm,
    CaseAction.RETURN_FOR_INVESTIGATION: forms.ReturnForm,
    CaseAction.DECIDE: forms.DecideForm,
    CaseAction.CONCLUDE: forms.ConcludeForm,
}


def render_detail(request, case: Case, *, status: int = 200, **bound) -> HttpResponse:
    """The case page; ``bound`` replaces a blank form with one that failed, keeping what was typed."""
    user = request.user
    today = timezone.localdate()
    can_change = selectors.can_work_cases(user) and (Case.objects.restrict(user, "change").filter(pk=case.pk).exists())
    action_forms = []
    for action in services.allowed_actions(case):
        form = bound.get(f"action_{action}") or ACTION_FORMS[action](
            prefix=action, initial=_action_initial(action, today)
        )
        action_forms.append({"action": action, "label": CaseAction(action).label, "form": form})
    persons = list(case.persons.all())
    person_q = request.GET.get("person_q", "").strip()
    candidates = []
    if person_q and can_change:
        linked = {cp.person_id for cp in persons}
        candidates = [
            p
            for p in selectors.person_search(user=user, name=person_q).filter(county=case.county)[:20]
            if p.pk not in linked
        ]
    ctx = {
        "case": case,
        "clue_url": _optional_url("clues:clue_detail", case.clue_id),
        "persons": persons,
        "events": list(case.events.all()),
        "extension": getattr(case, "extension", None),
        "today": today,
        "can_change": can_change and case.status != CaseStatus.CONCLUDED,
        # Sanctions are executed, and 留党察看 resolved, after the case is closed too.
        "can_follow_up": can_change,
        "action_forms": action_forms,
        "extension_form": bound.get("extension_form")
        or forms.ExtensionForm(case=case, initial={"approved_on": today, "days": 90}),
        "amounts_form": bound.get("amounts_form")
        or forms.AmountsForm(
            initial={
                "violation_amount": case.violation_amount,
                "recovered_amount": case.recovered_amount,
                "returned_amount": case.returned_amount,
            }
        ),
        "person_form": bound.get("person_form") or forms.PersonCreateForm(),
        "person_q": person_q,
        "candidates": candidates,
        "can_extend": case.in_investigation and not hasattr(case, "extension"),
        "investigation_left": case.investigation_days_left(today),
        "investigation_overdue": -(case.investigation_days_left(today) or 0),
        "review_left": case.review_days_left(today),
        "open_panel": bound.get("open_panel", ""),
    }
    return render(request, "cases/case_detail.html", ctx, status=status)


def _optional_url(name: str, pk: int | None) -> str | None:
    """A link to another app's page when it is wired up (the clue pages land separately)."""
    if pk is None:
        return None
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def _action_initial(action, today):
    return {
        CaseAction.START: {"on_date": today},
        CaseAction.SEND_TO_REVIEW: {"received_on": today},
        CaseAction.RETURN_FOR_INVESTIGATION: {"on_date": today},
        CaseAction.DECIDE: {"review_concluded_on": today, "decided_on": today},
        CaseAction.CONCLUDE: {"concluded_on": today},
    }.get(action, {})


class CaseDetailView(CaseReaderMixin, View):
    def get(self, request, pk):
        case = get_object_or_404(selectors.case_detail_queryset(user=request.user), pk=pk)
        return render_detail(request, case)


class CaseWriteView(CaseWriterMixin, View):
    """POST-only steps on a case; a refused step re-renders the case page with the typed input."""

    def fail(self, pk, **bound):
        case = get_object_or_404(selectors.case_detail_queryset(user=self.request.user), pk=pk)
        return render_detail(self.request, case, **bound)

    def done(self, case, message):
        messages.success(self.request, message)
        return HttpResponseRedirect(reverse("cases:case_detail", args=[case.pk]))


class CaseActionView(CaseWriteView):
    def post(self, request, pk, action):
        if action not in TRANSITIONS:
            raise Http404
        case = self.get_case(pk)
        form = ACTION_FORMS[action](request.POST, prefix=action)
        if form.is_valid():
            try:
                services.ACTION_SERVICES[action](case=case, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return self.done(case, _("已完成：%(a)s。") % {"a": CaseAction(action).label})
        return self.fail(pk, **{f"action_{action}": form, "open_panel": "actions"})


class CaseExtendView(CaseWriteView):
    def post(self, request, pk):
        case = self.get_case(pk)
        form = forms.ExtensionForm(request.POST, case=case)
        if form.is_valid():
            try:
                extension = services.case_extend(case=case, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return self.done(case, _("审查调查期限已延长至 %(d)s。") % {"d": extension.new_due})
        return self.fail(pk, extension_form=form, open_panel="extension")


class CaseAmountsView(CaseWriteView):
    def post(self, request, pk):
        case = self.get_case(pk)
        form = forms.AmountsForm(request.POST)
        if form.is_valid():
            try:
                services.case_set_amounts(case=case, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return self.done(case, _("已更新涉案金额。"))
        return self.fail(pk, amounts_form=form, open_panel="amounts")


class CasePersonAddView(CaseWriteView):
    """Add an existing person (``person``) or a new one (the person form)."""

    def post(self, request, pk):
        case = self.get_case(pk)
        if request.POST.get("person"):
            person = get_object_or_404(
                selectors.integrity_person_queryset(user=request.user).filter(county=case.county),
                pk=request.POST["person"],
            )
            try:
                services.case_person_add(case=case, person=person, user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return HttpResponseRedirect(reverse("cases:case_detail", args=[case.pk]))
            return self.done(case, _("已增加被审查调查人：%(p)s。") % {"p": person})
        form = forms.PersonCreateForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    person = services.person_create(
                        county=case.county, township=case.township, user=request.user, **form.cleaned_data
                    )
                    services.case_person_add(case=case, person=person, user=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return self.done(case, _("已登记并增加被审查调查人：%(p)s。") % {"p": person})
        return self.fail(pk, person_form=form, open_panel="persons")


class CasePersonRemoveView(CaseWriteView):
    def post(self, request, pk):
        link = get_object_or_404(selectors.case_person_queryset(user=request.user), pk=pk)
        try:
            services.case_person_remove(case_person=link, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("cases:case_detail", args=[link.case_id]))
        return self.done(link.case, _("已移除被审查调查人：%(p)s。") % {"p": link.person})


# Measures -----------------------------------------------------------------


class MeasureCreateView(CaseWriterMixin, View):
    template_name = "cases/measure_form.html"

    def get_link(self, pk):
        return get_object_or_404(selectors.case_person_queryset(user=self.request.user), pk=pk)

    def get(self, request, pk):
        link = self.get_link(pk)
        return self.render(link, forms.MeasureForm(initial={"decided_on": link.case.decided_on}))

    def post(self, request, pk):
        link = self.get_link(pk)
        form = forms.MeasureForm(request.POST)
        if form.is_valid():
            try:
                measure = services.measure_record(case_person=link, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已记录：%(p)s %(k)s。") % {"p": link.person.name, "k": measure.get_kind_display()},
                )
                return HttpResponseRedirect(reverse("cases:case_detail", args=[link.case_id]) + "#persons")
        return self.render(link, form)

    def render(self, link, form):
        measures = list(link.measures.all())
        return render(
            self.request,
            self.template_name,
            {"form": form, "link": link, "case": link.case, "measures": measures},
        )


class MeasureStepView(CaseWriterMixin, View):
    """POST-only: execute a sanction, resolve a probation, or withdraw a measure recorded in error."""

    step = ""

    def post(self, request, pk):
        measure = get_object_or_404(
            selectors.measure_queryset(user=request.user, action="change").filter(case_person__isnull=False), pk=pk
        )
        case_id = measure.case_person.case_id
        form_class, service, field = {
            "execute": (forms.ExecuteForm, services.measure_execute, "executed_on"),
            "probation": (forms.ProbationForm, services.measure_resolve_probation, "resolved_on"),
            "delete": (forms.MeasureDeleteForm, services.measure_delete, "reason"),
        }[self.step]
        form = form_class(request.POST)
        if form.is_valid():
            try:
                service(measure=measure, user=request.user, **{field: form.cleaned_data[field]})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已保存。"))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(reverse("cases:case_detail", args=[case_id]) + "#persons")


# Integrity opinions -------------------------------------------------------


class IntegritySearchView(CaseReaderMixin, TemplateView):
    template_name = "cases/integrity_search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = forms.IntegritySearchForm(self.request.GET or None)
        results = None
        if form.is_bound and form.is_valid():
            name, unit = form.cleaned_data["name"], form.cleaned_data["unit"]
            results = list(selectors.person_search(user=self.request.user, name=name, unit=unit)[:100])
            record(
                action=AuditAction.INTEGRITY_LOOKUP,
                detail=_("廉洁意见查询：姓名“%(n)s”，单位“%(u)s”，命中 %(c)s 人")
                % {"n": name, "u": unit, "c": len(results)},
                user=self.request.user,
            )
        ctx.update(form=form, results=results)
        return ctx


class IntegrityDetailView(CaseReaderMixin, View):
    template_name = "cases/integrity_detail.html"

    def get(self, request, pk):
        person = get_object_or_404(selectors.integrity_person_queryset(user=request.user), pk=pk)
        form = forms.IntegrityDateForm(request.GET or None)
        on_date = timezone.localdate()
        if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
            on_date = form.cleaned_data["date"]
        elif not form.is_bound:
            form = forms.IntegrityDateForm(initial={"date": on_date})
        data = selectors.integrity_record(user=request.user, person=person, on_date=on_date)
        record(
            action=AuditAction.INTEGRITY_LOOKUP,
            obj=person,
            detail=_("查看廉洁意见（截至 %(d)s）%(p)s")
            % {"d": on_date.isoformat(), "p": _("打印稿") if self.printable else ""},
            user=request.user,
        )
        ctx = {"person": person, "record": data, "form": form, "on_date": on_date, "generated": timezone.localtime()}
        return render(request, self.template_name, ctx)

    printable = False


class IntegrityPrintView(IntegrityDetailView):
    template_name = "cases/integrity_print.html"
    printable = True


# Home panel ---------------------------------------------------------------


def home_panel(user):
    """Queue counts for the user's scope on the home page (None for roles that do not read cases)."""
    if not selectors.can_read_cases(user):
        return None
    url = reverse("cases:case_list")
    return {
        "title": _("案件督办"),
        "queues": [
            {"label": queue.label, "count": count, "url": f"{url}?queue={queue.value}"}
            for queue, count in selectors.queue_counts(user=user)
        ],
    }
