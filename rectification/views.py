"""Pages for letters, items, the ledger (整改台账) and its export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from audit.models import AuditAction
from audit.tracking import record
from people.admin_views import apply_errors
from people.scopes import scope_for

from . import exports, selectors, services
from .choices import ItemAction, ItemStatus
from .forms import ActionForm, ItemFormSet, LetterForm, ReportForm
from .models import Item, Letter

PAGE_SIZE = 50


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class ScopedMixin(LoginRequiredMixin):
    """Signed-in users with a content role; everyone else is told the page does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).allows(Letter, "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_letter(self, pk):
        try:
            return selectors.letter_detail(user=self.request.user, pk=pk)
        except Letter.DoesNotExist as exc:
            raise Http404 from exc

    def get_item(self, pk):
        try:
            return selectors.item_detail(user=self.request.user, pk=pk)
        except Item.DoesNotExist as exc:
            raise Http404 from exc


class LetterListView(ScopedMixin, TemplateView):
    template_name = "rectification/letter_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.letter_list(user=self.request.user, filters=self.request.GET or None)
        queryset = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(
            filter=filterset,
            page_obj=page,
            letters=page.object_list,
            query=_query_without_page(self.request),
            can_issue=services.can_issue(self.request.user),
        )
        return ctx


class LetterCreateView(ScopedMixin, View):
    template_name = "rectification/letter_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.can_issue(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = LetterForm(user=request.user)
        formset = ItemFormSet(prefix="items", form_kwargs={"user": request.user})
        return self.render(form, formset)

    def post(self, request):
        form = LetterForm(request.POST, user=request.user)
        formset = ItemFormSet(request.POST, prefix="items", form_kwargs={"user": request.user})
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            items = [
                services.ItemInput(**{k: f.cleaned_data.get(k) for k in services.ItemInput.__dataclass_fields__})
                for f in formset.forms
                if f.cleaned_data
            ]
            try:
                letter = services.letter_issue(
                    county=form.county,
                    kind=data["kind"],
                    subject=data["subject"],
                    requirements=data["requirements"],
                    issuer_zone=data["issuer_zone"],
                    addressee_township=data["addressee_township"],
                    addressee_village=data["addressee_village"],
                    addressee_department=data["addressee_department"],
                    approver=data["approver"],
                    issued_on=data["issued_on"],
                    items=items,
                    user=request.user,
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("您无权向该单位下发整改文书。"))
            except ValidationError as exc:
                self.apply_item_errors(form, formset, exc)
            else:
                messages.success(request, _("已下发 %(number)s。") % {"number": letter.number})
                return HttpResponseRedirect(letter.get_absolute_url())
        return self.render(form, formset)

    @staticmethod
    def apply_item_errors(form, formset, exc):
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc.messages)
            return
        rest = {}
        for key, errors in exc.message_dict.items():
            parts = key.split(".")
            if parts[0] == "items" and len(parts) == 3:
                item_form = formset.forms[int(parts[1])]
                item_form.add_error(parts[2] if parts[2] in item_form.fields else None, errors)
            elif key == "items":
                form.add_error(None, errors)
            else:
                rest[key] = errors
        if rest:
            apply_errors(form, ValidationError(rest))

    def render(self, form, formset):
        return render(self.request, self.template_name, {"form": form, "formset": formset})


class LetterDetailView(ScopedMixin, TemplateView):
    template_name = "rectification/letter_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        letter = self.get_letter(kwargs["pk"])
        items = list(letter.items.all())
        ctx.update(
            letter=letter,
            items=items,
            closed_count=sum(1 for i in items if i.status == ItemStatus.CLOSED),
            events=selectors.letter_timeline(letter=letter),
            today=timezone.localdate(),
        )
        return ctx


class LetterPrintView(LetterDetailView):
    template_name = "rectification/letter_print.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        items = list(ctx["items"])
        ctx["last_due"] = max((i.due_on for i in items), default=None)
        return ctx


class ItemListView(ScopedMixin, TemplateView):
    template_name = "rectification/item_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.item_list(user=self.request.user, filters=self.request.GET or None)
        queryset = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = _query_without_page(self.request)
        ctx.update(
            filter=filterset,
            page_obj=page,
            items=page.object_list,
            query=query,
            export_url=reverse("rectification:item_export") + (f"?{query}" if query else ""),
            today=timezone.localdate(),
        )
        return ctx


class ItemExportView(ScopedMixin, View):
    def get(self, request):
        filterset = selectors.item_list(user=request.user, filters=request.GET or None)
        if filterset.is_bound and not filterset.is_valid():
            messages.error(request, _("筛选条件无效，请重新选择后再导出。"))
            return HttpResponseRedirect(reverse("rectification:item_list"))
        content = exports.ledger_xlsx(filterset.qs, today=timezone.localdate())
        record(action=AuditAction.EXPORT, detail=f"整改台账导出 {request.GET.urlencode()}"[:500])
        filename = f"整改台账-{timezone.localdate():%Y%m%d}.xlsx"
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{urlencode({'': filename})[1:]}"
        return response


class ItemDetailView(ScopedMixin, TemplateView):
    template_name = "rectification/item_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        item = kwargs.get("item") or self.get_item(kwargs["pk"])
        actions = services.allowed_actions(self.request.user, item)
        ctx.update(
            item=item,
            letter=item.letter,
            reports=item.reports.all(),
            events=item.events.all(),
            actions=actions,
            action_buttons=[
                (a, ItemAction(a).label) for a in actions if a not in (ItemAction.REPORT, ItemAction.START)
            ],
            can_start=ItemAction.START in actions,
            can_report=ItemAction.REPORT in actions,
            action_form=kwargs.get("action_form") or ActionForm(),
            failed_action=kwargs.get("failed_action"),
            today=timezone.localdate(),
        )
        return ctx


class ItemActionView(ScopedMixin, View):
    """POST a lifecycle step (start, verify, reject, close_off, reopen) from the item page."""

    def post(self, request, pk, action):
        item = self.get_item(pk)
        if action not in services.ACTION_SERVICES:
            raise Http404
        form = ActionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            kwargs = {"item": item, "user": request.user}
            if action in (ItemAction.REJECT, ItemAction.REOPEN):
                kwargs.update(reason=data["note"], due_on=data["due_on"])
            else:
                kwargs["note"] = data["note"]
            try:
                services.ACTION_SERVICES[action](**kwargs)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                apply_errors(form, exc, rename={"reason": "note"})
                messages.error(request, " ".join(exc.messages))
                page = ItemDetailView()
                page.setup(request, pk=pk)
                ctx = page.get_context_data(pk=pk, item=self.get_item(pk), action_form=form, failed_action=action)
                return render(request, page.template_name, ctx, status=400)
            else:
                messages.success(
                    request, _("已%(action)s：%(item)s") % {"action": ItemAction(action).label, "item": item.label}
                )
        return HttpResponseRedirect(item.get_absolute_url())


class ItemReportView(ScopedMixin, View):
    template_name = "rectification/item_report.html"

    def get_item_for_unit(self, pk):
        item = self.get_item(pk)
        if not services.is_unit_member(self.request.user, item.letter):
            raise Http404
        return item

    def get(self, request, pk):
        item = self.get_item_for_unit(pk)
        return self.render(item, ReportForm())

    def post(self, request, pk):
        item = self.get_item_for_unit(pk)
        form = ReportForm(request.POST)
        files = request.FILES.getlist("evidence")
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.item_report(
                        item=item, measures=form.cleaned_data["measures"], files=files, user=request.user
                    )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_errors(form, exc)
                if "evidence" in getattr(exc, "message_dict", {}):
                    form.evidence_errors = exc.message_dict["evidence"]
            else:
                messages.success(request, _("已报送整改情况，等待验收。"))
                return HttpResponseRedirect(item.get_absolute_url())
        return self.render(item, form)

    def render(self, item, form):
        ctx = {"item": item, "letter": item.letter, "form": form, "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}
        return render(self.request, self.template_name, ctx)


class EvidenceDownloadView(ScopedMixin, View):
    def get(self, request, pk):
        evidence = get_object_or_404(selectors.evidence_get_queryset(user=request.user), pk=pk)
        record(action=AuditAction.DOWNLOAD, obj=evidence, detail=evidence.original_name)
        handle = evidence.file.open("rb")
        return FileResponse(
            handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
        )


def home_panel(user):
    """Queue counts on the home page: overdue, due soon, awaiting verification."""
    scope = scope_for(user)
    if not scope.allows(Letter, "view") or not scope.has_role(*services.SUPERVISOR_ROLES, "township_officer"):
        return None
    from django.conf import settings

    from core import calendar

    counts = selectors.item_queue_counts(user=user)
    today = timezone.localdate()
    horizon = calendar.add_workdays(today, getattr(settings, "QINGFENG_REMINDER_DAYS_BEFORE", 3))
    base = reverse("rectification:item_list")
    return {
        "title": _("整改督办"),
        "queues": [
            {"label": _("整改逾期"), "count": counts["overdue"], "url": f"{base}?overdue=true"},
            {
                "label": _("即将到期"),
                "count": counts["due_soon"],
                "url": f"{base}?status=open&due_from={today:%Y-%m-%d}&due_to={horizon:%Y-%m-%d}",
            },
            {"label": _("待验收"), "count": counts["awaiting"], "url": f"{base}?awaiting_verification=true"},
        ],
    }
