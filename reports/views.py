"""Dashboards (zone leader, county) and the report builds pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from people.scopes import scope_for

from . import dashboard, services
from .choices import BuildStatus
from .forms import ReportRequestForm
from .models import ReportBuild
from .periods import Period, parse_period, today
from .scopes import BUILD_ROLES, STATS_ROLES, parse_scope, scope_choices

PAGE_SIZE = 30


class StatsRoleMixin(LoginRequiredMixin):
    """Only the roles that read statistics; to anyone else the pages do not exist."""

    roles = STATS_ROLES

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).has_role(*self.roles):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class DashboardView(StatsRoleMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get(self, request, *args, **kwargs):
        errors = []
        try:
            scope = parse_scope(request.GET.get("scope"), request.user)
        except ValidationError as exc:
            raise Http404(exc.messages[0]) from exc
        default = Period.quarter_containing(today())
        try:
            period = parse_period(request.GET, default=default)
        except ValidationError as exc:
            errors = [m for msgs in exc.message_dict.values() for m in msgs]
            period = default
        ctx = self.get_context_data(**dashboard.build(user=request.user, scope=scope, period=period))
        ctx["period_errors"] = errors
        ctx["scope_choices"] = scope_choices(request.user)
        return self.render_to_response(ctx)


def _builds(user):
    return ReportBuild.objects.restrict(user).select_related("requested_by", "county", "zone", "township")


class BuildListView(StatsRoleMixin, View):
    template_name = "reports/build_list.html"

    def get(self, request):
        return self.render(ReportRequestForm(user=request.user) if self.can_build() else None)

    def post(self, request):
        if not self.can_build():
            raise Http404
        form = ReportRequestForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                build = services.report_request(
                    kind=form.cleaned_data["kind"],
                    period=form.cleaned_data["period_value"],
                    scope=form.cleaned_data["scope_value"],
                    user=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已提交生成申请：%(name)s。生成完成后可在下方下载。") % {"name": build})
                return HttpResponseRedirect(reverse("reports:build_list"))
        return self.render(form, status=400)

    def can_build(self) -> bool:
        return scope_for(self.request.user).has_role(*BUILD_ROLES)

    def render(self, form, status=200):
        page = Paginator(_builds(self.request.user), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return render(
            self.request,
            self.template_name,
            {"form": form, "page_obj": page, "builds": page.object_list, "statuses": BuildStatus},
            status=status,
        )


class BuildDetailView(StatsRoleMixin, View):
    def get(self, request, pk):
        build = get_object_or_404(_builds(request.user), pk=pk)
        if request.headers.get("HX-Request") and request.GET.get("row"):
            return render(request, "reports/includes/build_row.html", {"build": build})
        return render(request, "reports/build_detail.html", {"build": build})


class BuildDownloadView(StatsRoleMixin, View):
    def get(self, request, pk):
        build = get_object_or_404(_builds(request.user), pk=pk, status=BuildStatus.DONE)
        if not build.file:
            raise Http404
        try:
            handle = build.file.open("rb")
        except FileNotFoundError:
            raise Http404(_("文件已不存在，请重新生成。")) from None
        services.report_download_record(build=build, user=request.user)
        return FileResponse(handle, as_attachment=True, filename=build.download_name)


RECORDS_PAGE_SIZE = 50


def _page_of_two(querysets, fetch, number):
    """A page over the rows of two querysets (people in cases, then people on clues), fetched per page."""
    keys = [(i, pk) for i, qs in enumerate(querysets) for pk in qs.order_by("id").values_list("id", flat=True)]
    page = Paginator(keys, RECORDS_PAGE_SIZE).get_page(number)
    loaded = {}
    for i in range(len(querysets)):
        ids = [pk for j, pk in page.object_list if j == i]
        if ids:
            loaded.update({(i, obj.pk): obj for obj in fetch(i, ids)})
    page.object_list = [loaded[key] for key in page.object_list if key in loaded]
    return page


class FigureRecordsView(StatsRoleMixin, TemplateView):
    """The records behind one figure of one row: what the number counts, each linked to its page."""

    template_name = "reports/figure_records.html"

    def get(self, request, *args, **kwargs):
        from django.db.models import Prefetch

        from cases.models import CasePerson, ClueMeasureSubject, Measure

        from .selectors import figure_records, percentage

        try:
            scope = parse_scope(request.GET.get("scope"), request.user)
            period = parse_period(request.GET, default=Period.quarter_containing(today()))
            found = figure_records(
                figure=request.GET.get("figure", ""), period=period, scope=scope, row=request.GET.get("row", "total")
            )
        except ValidationError as exc:
            errors = [m for msgs in exc.message_dict.values() for m in msgs]
            return self.render_to_response({"errors": errors}, status=400)
        user = request.user
        querysets = [qs.restrict(user) for qs in found.querysets]
        number = request.GET.get("page")
        if found.kind in ("person", "form"):
            measures = (
                found.measures.restrict(user) if found.measures is not None else Measure.objects.restrict(user)
            ).order_by("decided_on", "id")
            models = (CasePerson, ClueMeasureSubject)
            related = (("person", "case", "case__township"), ("person", "clue", "township"))

            def fetch(i, ids):
                return (
                    models[i]
                    .objects.filter(pk__in=ids)
                    .select_related(*related[i])
                    .prefetch_related(Prefetch("measures", queryset=measures, to_attr="shown"))
                )

            page = _page_of_two(querysets, fetch, number)
        else:
            related = {
                "clue": ("township",),
                "case": ("township", "department"),
                "letter": ("township", "addressee_township", "addressee_village__township", "addressee_department"),
                "item": ("letter", "letter__township"),
            }[found.kind]
            order = {
                "clue": ("received_on", "id"),
                "case": ("filed_on", "id"),
                "letter": ("issued_on", "id"),
                "item": ("letter__issued_on", "letter_id", "seq"),
            }[found.kind]
            queryset = querysets[0].select_related(*related).order_by(*order)
            page = Paginator(queryset, RECORDS_PAGE_SIZE).get_page(number)
        share = None
        if found.figure.kind == "percent":
            whole = figure_records(figure="form_total", period=period, scope=scope, row=request.GET.get("row", "total"))
            share = {"whole": whole.count, "pct": percentage(found.count, whole.count)}
        query = request.GET.copy()
        query.pop("page", None)
        ctx = {
            "found": found,
            "figure": found.figure,
            "scope": scope,
            "period": period,
            "total": found.count,
            "share": share,
            "page_obj": page,
            "records": page.object_list,
            "query": query.urlencode(),
            "dashboard_url": f"{reverse('reports:dashboard')}?scope={scope.key}&from={period.start}&to={period.end}",
        }
        return self.render_to_response(ctx)
