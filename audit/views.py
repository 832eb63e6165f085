"""The audit log for commission leaders and auditors: a filtered list and a readable detail."""

from __future__ import annotations

import datetime
import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from . import selectors

PAGE_SIZE = 50
SOURCES = {"web": _lazy("网页"), "api": _lazy("接口"), "system": _lazy("系统任务")}


class AuditReaderMixin(LoginRequiredMixin):
    """Only commission leaders and auditors; everyone else is told the page does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.can_read_audit(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EventPage:
    """One page of events without counting the whole table (the log grows without bound)."""

    def __init__(self, queryset, number: int, size: int = PAGE_SIZE):
        self.number = number
        rows = list(queryset[(number - 1) * size : number * size + 1])
        self.has_next = len(rows) > size
        self.object_list = rows[:size]
        self.has_previous = number > 1
        self.previous_page_number = number - 1
        self.next_page_number = number + 1


def _page_number(raw) -> int:
    try:
        return max(1, min(int(raw), 10_000))
    except (TypeError, ValueError):
        return 1


class EventListView(AuditReaderMixin, TemplateView):
    template_name = "audit/event_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.event_list(user=self.request.user, filters=self.request.GET)
        queryset = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
        query = self.request.GET.copy()
        query.pop("page", None)
        page = EventPage(queryset, _page_number(self.request.GET.get("page")))
        ctx.update(filter=filterset, page=page, events=page.object_list, query=query.urlencode())
        return ctx


class EventDetailView(AuditReaderMixin, TemplateView):
    template_name = "audit/event_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        event = get_object_or_404(selectors.event_queryset(user=self.request.user), pk=self.kwargs["pk"])
        model = event.content_type.model_class() if event.content_type_id else None
        ctx.update(event=event, model=model, rows=change_rows(event.changes, model, self.request.user))
        ctx["source_label"] = SOURCES.get(event.source, event.source)
        ctx["raw_changes"] = json.dumps(event.changes, ensure_ascii=False, indent=2) if event.changes else ""
        return ctx


def _field_for(model, key: str):
    if model is None:
        return None
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if key in (field.attname, field.name):
            return field
    return None


def _related_labels(field, values: set, user) -> dict:
    """``{pk: str(obj)}`` for the related objects ``user`` may see; others stay as numbers."""
    related = field.related_model
    manager = related._default_manager
    if not hasattr(manager, "restrict") or not values:
        return {}
    try:
        objs = manager.restrict(user, "view").filter(pk__in=values)
        return {obj.pk: str(obj) for obj in objs}
    except (TypeError, ValueError):
        return {}


def _format(field, value, labels: dict) -> str:
    if value is None or value == "":
        return "—"
    if field is None:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if field.is_relation and (field.many_to_one or field.one_to_one):
        return labels.get(value, _("编号 %(id)s") % {"id": value})
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return formats.date_format(parsed, "Y-m-d H:i:s")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def change_rows(changes: dict, model, user) -> list[dict]:
    """The recorded changes as rows of field label, value before and value after."""
    if not isinstance(changes, dict):
        return []
    fields = {key: _field_for(model, key) for key in changes}
    labels: dict[str, dict] = {}
    for key, field in fields.items():
        value = changes[key]
        if field is not None and field.is_relation and isinstance(value, list) and len(value) == 2:
            labels[key] = _related_labels(field, {v for v in value if v is not None}, user)
    rows = []
    verbs = {"added": _("新增"), "removed": _("移除"), "cleared": _("清空")}
    for key, value in changes.items():
        field = fields[key]
        label = str(field.verbose_name) if field is not None else key
        if isinstance(value, list) and len(value) == 2:
            before, after = (_format(field, v, labels.get(key, {})) for v in value)
            rows.append({"field": label, "before": before, "after": after})
        elif isinstance(value, dict):
            for verb, ids in value.items():
                shown = "、".join(str(i) for i in ids) if isinstance(ids, list) else str(ids)
                rows.append({"field": label, "before": verbs.get(verb, verb), "after": shown or "—"})
        else:
            rows.append({"field": label, "before": "", "after": _format(None, value, {})})
    return rows
