"""The clue ledger (线索台账): filters, sorting, pages, overdue flags and the export."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from audit.models import AuditAction
from audit.tracking import record
from people.roles import WORKING_ROLES
from people.scopes import scope_for

from .. import selectors
from ..choices import OverdueQueue
from .access import ContentMixin
from .export import EXPORT_LIMIT, ledger_workbook, overdue_flags

PAGE_SIZES = (20, 50, 100, 200)


DEFAULT_PAGE_SIZE = 50


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
