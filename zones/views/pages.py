"""The building blocks of the jurisdiction pages: list, detail, service form and one-click action pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.forms import apply_errors
from core.scoping import scope_for

from ..models import Township, Village, VillageCommitteeMember, VillageGroup, VillageSupervisor, Zone

PAGE_SIZE = 50


DETAIL_URLS = {
    Zone: "zones:zone_detail",
    Township: "zones:township_detail",
    Village: "zones:village_detail",
    VillageGroup: "zones:group_detail",
    VillageSupervisor: "zones:supervisor_detail",
    VillageCommitteeMember: "zones:committee_member_detail",
}


def detail_url(obj) -> str:
    return reverse(DETAIL_URLS[type(obj)], args=[obj.pk])


def can_change(user, obj) -> bool:
    """Whether ``user`` may edit ``obj`` (buttons are shown only then)."""
    return type(obj).objects.restrict(user, "change").filter(pk=obj.pk).exists()


def crumbs_for(obj) -> list[tuple[str, str]]:
    """Breadcrumbs from the list page down to ``obj`` (the related rows are already loaded)."""
    if isinstance(obj, Zone):
        return [(_("协作区"), reverse("zones:zone_list")), (obj.name, detail_url(obj))]
    if isinstance(obj, Township):
        return [(_("乡镇"), reverse("zones:township_list")), (obj.name, detail_url(obj))]
    if isinstance(obj, Village):
        return [*crumbs_for(obj.township), (obj.name, detail_url(obj))]
    if isinstance(obj, VillageGroup):
        return [*crumbs_for(obj.village), (obj.name, detail_url(obj))]
    if isinstance(obj, VillageSupervisor):
        return [(_("村级监督员"), reverse("zones:supervisor_list")), (obj.name, detail_url(obj))]
    return [*crumbs_for(obj.village), (obj.name, detail_url(obj))]


class ListPage(LoginRequiredMixin, TemplateView):
    """A filtered, paginated list whose rows come from a selector's FilterSet."""

    model = None
    selector = None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        filterset = type(self).selector(user=user, filters=self.request.GET)
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            filter=filterset,
            page_obj=page,
            rows=page.object_list,
            query=query.urlencode(),
            filtered=any(v for k, v in self.request.GET.items() if k != "page"),
            can_create=scope_for(user).allows(self.model, "manage"),
        )
        return ctx


class DetailPage(LoginRequiredMixin, TemplateView):
    """One object in the user's scope, or 404."""

    queryset_selector = None

    def get_object(self):
        queryset = type(self).queryset_selector(user=self.request.user)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object = self.get_object()
        ctx.update(object=obj, crumbs=crumbs_for(obj), can_change=can_change(self.request.user, obj))
        ctx.update(self.get_extra_context(obj))
        return ctx

    def get_extra_context(self, obj) -> dict:
        return {}


class ServiceFormPage(LoginRequiredMixin, View):
    """GET shows the form; POST validates it, calls a service, and keeps the typed input on any error.

    Pages that create something need ``manage`` on the model; pages about one object load it
    from ``target_selector`` with the ``change`` action, so outsiders get 404 either way.
    """

    template_name = "zones/form.html"
    model = None
    form_class = None
    target_selector = None
    title = ""
    submit_label = gettext_lazy("保存")
    danger = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).allows(self.model, "manage"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_target(self):
        if self.target_selector is None:
            return None
        queryset = type(self).target_selector(user=self.request.user, action="change")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict:
        return {}

    def get_initial(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        self.target = self.get_target()
        form = self.form_class(initial=self.get_initial(), user=request.user, **self.get_form_kwargs())
        return self.render(form)

    def post(self, request, *args, **kwargs):
        self.target = self.get_target()
        form = self.form_class(request.POST, user=request.user, **self.get_form_kwargs())
        if form.is_valid():
            try:
                obj = self.perform(form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, self.success_message(obj))
                return HttpResponseRedirect(self.success_url(obj))
        return self.render(form)

    def perform(self, data: dict):
        raise NotImplementedError

    def success_message(self, obj) -> str:
        return _("已保存“%(name)s”。") % {"name": obj}

    def success_url(self, obj) -> str:
        return detail_url(obj)

    def get_title(self) -> str:
        return self.title % {"name": self.target} if self.target is not None else str(self.title)

    def get_crumbs(self) -> list[tuple[str, str]]:
        return crumbs_for(self.target) if self.target is not None else []

    def cancel_url(self) -> str:
        return detail_url(self.target)

    def get_context(self) -> dict:
        return {}

    def render(self, form):
        ctx = {
            "form": form,
            "title": self.get_title(),
            "crumbs": self.get_crumbs(),
            "cancel_url": self.cancel_url(),
            "submit_label": self.submit_label,
            "danger": self.danger,
            "target": self.target,
            **self.get_context(),
        }
        return render(self.request, self.template_name, ctx)


class ServiceActionPage(LoginRequiredMixin, View):
    """POST only: a one-click change (deactivate, reactivate) on an object the user may change."""

    model = None
    target_selector = None
    service = None
    message = ""

    def post(self, request, pk):
        if not scope_for(request.user).allows(self.model, "manage"):
            raise Http404
        target = get_object_or_404(type(self).target_selector(user=request.user, action="change"), pk=pk)
        try:
            self.run(target)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, self.message % {"name": target})
        return HttpResponseRedirect(detail_url(target))

    def run(self, target):
        raise NotImplementedError
