"""Management pages for zones, townships, villages, groups and village rosters.

Everyone signed in reads the part of the jurisdiction in their scope; only roles the
models allow to ``manage`` (administrators) create, edit and deactivate. Anything outside
the user's reach, and every write page for a user who may not write, answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.forms import apply_errors
from core.scoping import scope_for

from . import selectors, services
from .forms import (
    CommitteeMemberForm,
    EndTermForm,
    GroupForm,
    SupervisorForm,
    TownshipForm,
    TownshipMoveForm,
    VillageForm,
    ZoneForm,
)
from .models import Township, Village, VillageCommitteeMember, VillageGroup, VillageSupervisor, Zone

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


# ---------------------------------------------------------------- building blocks


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


# ---------------------------------------------------------------- zones


class ZoneListView(ListPage):
    template_name = "zones/zone_list.html"
    model = Zone
    selector = selectors.zone_list


class ZoneDetailView(DetailPage):
    template_name = "zones/zone_detail.html"
    queryset_selector = selectors.zone_get_queryset

    def get_extra_context(self, zone):
        user = self.request.user
        members = list(selectors.zone_members(user=user, zone=zone))
        leader_has_role = (
            zone.leader is None
            or zone.leader.role_assignments.filter(role="zone_leader", zone=zone).exists()
            or not can_change(user, zone)
        )
        return {
            "members": members,
            "history": selectors.zone_history(user=user, zone=zone),
            "totals": {
                "villages": sum(t.village_count for t in members),
                "groups": sum(t.group_count for t in members),
                "supervisors": sum(t.supervisor_count for t in members),
            },
            "leader_lacks_role": not leader_has_role,
        }


class ZoneCreateView(ServiceFormPage):
    model = Zone
    form_class = ZoneForm
    title = gettext_lazy("新建协作区")

    def get_crumbs(self):
        return [(_("协作区"), reverse("zones:zone_list"))]

    def cancel_url(self):
        return reverse("zones:zone_list")

    def perform(self, data):
        return services.zone_create(user=self.request.user, **data)

    def success_message(self, obj):
        return _("已新建协作区“%(name)s”，请在乡镇页面将成员乡镇调整进来。") % {"name": obj}


class ZoneUpdateView(ServiceFormPage):
    model = Zone
    form_class = ZoneForm
    target_selector = selectors.zone_get_queryset
    title = gettext_lazy("编辑协作区：%(name)s")

    def get_form_kwargs(self):
        return {"zone": self.target}

    def get_initial(self):
        zone = self.target
        return {
            "name": zone.name,
            "leader": zone.leader_id,
            "coordinating_department": zone.coordinating_department_id,
            "order": zone.order,
        }

    def perform(self, data):
        return services.zone_update(zone=self.target, user=self.request.user, **data)


class ZoneDeactivateView(ServiceActionPage):
    model = Zone
    target_selector = selectors.zone_get_queryset
    message = gettext_lazy("已停用协作区“%(name)s”。")

    def run(self, target):
        services.zone_deactivate(zone=target, user=self.request.user)


class ZoneReactivateView(ServiceActionPage):
    model = Zone
    target_selector = selectors.zone_get_queryset
    message = gettext_lazy("已重新启用协作区“%(name)s”。")

    def run(self, target):
        services.zone_reactivate(zone=target, user=self.request.user)


# ---------------------------------------------------------------- townships


class TownshipListView(ListPage):
    template_name = "zones/township_list.html"
    model = Township
    selector = selectors.township_list


class TownshipDetailView(DetailPage):
    template_name = "zones/township_detail.html"
    queryset_selector = selectors.township_get_queryset

    def get_extra_context(self, township):
        user = self.request.user
        return {
            "villages": selectors.township_villages(user=user, township=township),
            "history": selectors.township_history(user=user, township=township),
            "current": township.current_memberships[0] if township.current_memberships else None,
            "can_add_village": scope_for(user).allows(Village, "manage") and township.active,
        }


class TownshipCreateView(ServiceFormPage):
    model = Township
    form_class = TownshipForm
    title = gettext_lazy("新建乡镇（街道）")

    def get_crumbs(self):
        return [(_("乡镇"), reverse("zones:township_list"))]

    def get_initial(self):
        """Coming from a zone's page (``?zone=``): that zone, and its county."""
        zone_id = self.request.GET.get("zone", "")
        zone = (
            Zone.objects.restrict(self.request.user, "manage").filter(pk=zone_id).first() if zone_id.isdigit() else None
        )
        return {"zone": zone.pk, "county": zone.county_id} if zone else {}

    def cancel_url(self):
        return reverse("zones:township_list")

    def perform(self, data):
        return services.township_create(user=self.request.user, **data)

    def success_message(self, obj):
        return _("已新建乡镇“%(name)s”。") % {"name": obj}


class TownshipUpdateView(ServiceFormPage):
    model = Township
    form_class = TownshipForm
    target_selector = selectors.township_get_queryset
    title = gettext_lazy("编辑乡镇：%(name)s")

    def get_form_kwargs(self):
        return {"township": self.target}

    def get_initial(self):
        t = self.target
        return {"name": t.name, "kind": t.kind, "slug": t.slug, "order": t.order}

    def perform(self, data):
        return services.township_update(township=self.target, user=self.request.user, **data)


class TownshipMoveView(ServiceFormPage):
    """Move a township to another zone; the page shows its membership history."""

    template_name = "zones/township_move.html"
    model = Township
    form_class = TownshipMoveForm
    target_selector = selectors.township_get_queryset
    title = gettext_lazy("调整协作区：%(name)s")
    submit_label = gettext_lazy("确认调整")

    def get_form_kwargs(self):
        return {"township": self.target}

    def get_context(self):
        return {
            "history": selectors.township_history(user=self.request.user, township=self.target),
            "current": self.target.current_memberships[0] if self.target.current_memberships else None,
        }

    def perform(self, data):
        services.township_move_zone(township=self.target, user=self.request.user, **data)
        return self.target

    def success_message(self, obj):
        return _("已将“%(name)s”调整到新的协作区，原成员关系已保留在历史中。") % {"name": obj}


class TownshipDeactivateView(ServiceActionPage):
    model = Township
    target_selector = selectors.township_get_queryset
    message = gettext_lazy("已停用乡镇“%(name)s”，其协作区成员关系截至今日。")

    def run(self, target):
        services.township_deactivate(township=target, user=self.request.user)


class TownshipReactivateView(ServiceActionPage):
    model = Township
    target_selector = selectors.township_get_queryset
    message = gettext_lazy("已重新启用乡镇“%(name)s”，请为其选择协作区。")

    def run(self, target):
        services.township_reactivate(township=target, user=self.request.user)


# ---------------------------------------------------------------- villages and groups


class VillageListView(ListPage):
    template_name = "zones/village_list.html"
    model = Village
    selector = selectors.village_list


class VillageDetailView(DetailPage):
    template_name = "zones/village_detail.html"
    queryset_selector = selectors.village_get_queryset

    def get_extra_context(self, village):
        user = self.request.user
        scope = scope_for(user)
        groups = list(selectors.village_groups(user=user, village=village))
        for group in groups:
            group.in_office = [s for s in group.supervisors.all() if s.active]
            group.former = [s for s in group.supervisors.all() if not s.active]
        committee = list(selectors.village_committee(user=user, village=village))
        return {
            "groups": groups,
            "committee": committee,
            "director": next((m for m in committee if m.active and m.position == "director"), None),
            "max_per_group": VillageSupervisor.MAX_ACTIVE_PER_GROUP,
            "can_add_group": scope.allows(VillageGroup, "manage") and village.active,
            "can_add_supervisor": scope.allows(VillageSupervisor, "manage"),
            "can_add_member": scope.allows(VillageCommitteeMember, "manage") and village.active,
        }


class VillageCreateView(ServiceFormPage):
    model = Village
    form_class = VillageForm
    title = gettext_lazy("新建村（社区）")

    def get_initial(self):
        return {"township": self.request.GET.get("township")}

    def get_crumbs(self):
        return [(_("村（社区）"), reverse("zones:village_list"))]

    def cancel_url(self):
        return reverse("zones:village_list")

    def perform(self, data):
        return services.village_create(user=self.request.user, **data)

    def success_message(self, obj):
        return _("已新建“%(name)s”，请继续添加村民小组和村务监督委员会成员。") % {"name": obj}


class VillageUpdateView(ServiceFormPage):
    model = Village
    form_class = VillageForm
    target_selector = selectors.village_get_queryset
    title = gettext_lazy("编辑村（社区）：%(name)s")

    def get_form_kwargs(self):
        return {"village": self.target}

    def get_initial(self):
        return {"name": self.target.name, "kind": self.target.kind}

    def perform(self, data):
        return services.village_update(village=self.target, user=self.request.user, **data)


class VillageDeactivateView(ServiceActionPage):
    model = Village
    target_selector = selectors.village_get_queryset
    message = gettext_lazy("已停用“%(name)s”。")

    def run(self, target):
        services.village_deactivate(village=target, user=self.request.user)


class VillageReactivateView(ServiceActionPage):
    model = Village
    target_selector = selectors.village_get_queryset
    message = gettext_lazy("已重新启用“%(name)s”。")

    def run(self, target):
        services.village_reactivate(village=target, user=self.request.user)


class GroupDetailView(DetailPage):
    template_name = "zones/group_detail.html"
    queryset_selector = selectors.group_get_queryset

    def get_extra_context(self, group):
        supervisors = list(selectors.group_supervisors(user=self.request.user, group=group))
        in_office = [s for s in supervisors if s.active]
        return {
            "in_office": in_office,
            "former": [s for s in supervisors if not s.active],
            "max_per_group": VillageSupervisor.MAX_ACTIVE_PER_GROUP,
            "has_room": len(in_office) < VillageSupervisor.MAX_ACTIVE_PER_GROUP,
            "can_add_supervisor": scope_for(self.request.user).allows(VillageSupervisor, "manage") and group.active,
        }


class GroupCreateView(ServiceFormPage):
    """Add a group to a village (the village comes from the URL)."""

    model = VillageGroup
    form_class = GroupForm
    target_selector = selectors.village_get_queryset
    title = gettext_lazy("新建村民小组：%(name)s")

    def perform(self, data):
        return services.group_create(village=self.target, user=self.request.user, **data)

    def success_message(self, obj):
        return _("已新建村民小组“%(name)s”。") % {"name": obj}


class GroupUpdateView(ServiceFormPage):
    model = VillageGroup
    form_class = GroupForm
    target_selector = selectors.group_get_queryset
    title = gettext_lazy("编辑村民小组：%(name)s")

    def get_initial(self):
        return {"name": self.target.name}

    def perform(self, data):
        return services.group_update(group=self.target, user=self.request.user, **data)


class GroupDeactivateView(ServiceActionPage):
    model = VillageGroup
    target_selector = selectors.group_get_queryset
    message = gettext_lazy("已停用村民小组“%(name)s”。")

    def run(self, target):
        services.group_deactivate(group=target, user=self.request.user)


class GroupReactivateView(ServiceActionPage):
    model = VillageGroup
    target_selector = selectors.group_get_queryset
    message = gettext_lazy("已重新启用村民小组“%(name)s”。")

    def run(self, target):
        services.group_reactivate(group=target, user=self.request.user)


# ---------------------------------------------------------------- supervisors


class SupervisorListView(ListPage):
    template_name = "zones/supervisor_list.html"
    model = VillageSupervisor
    selector = selectors.supervisor_list


class SupervisorDetailView(DetailPage):
    template_name = "zones/roster_detail.html"
    queryset_selector = selectors.supervisor_get_queryset

    def get_extra_context(self, supervisor):
        return {
            "kind_label": _("村级监督员"),
            "edit_url": reverse("zones:supervisor_update", args=[supervisor.pk]),
            "end_url": reverse("zones:supervisor_end", args=[supervisor.pk]),
        }


class SupervisorCreateView(ServiceFormPage):
    """Appoint a supervisor; ``?group=`` preselects the group and ``?village=`` narrows the choice."""

    model = VillageSupervisor
    form_class = SupervisorForm
    title = gettext_lazy("任命村级监督员")

    def get_form_kwargs(self):
        village_id = self.request.GET.get("village")
        village = None
        if village_id and village_id.isdigit():
            village = selectors.village_get_queryset(user=self.request.user).filter(pk=village_id).first()
        return {"village": village}

    def get_initial(self):
        return {"group": self.request.GET.get("group")}

    def get_crumbs(self):
        return [(_("村级监督员"), reverse("zones:supervisor_list"))]

    def cancel_url(self):
        # Only a path on this site: a crafted link must not put "javascript:" behind 取消.
        target = self.request.GET.get("next", "")
        if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return target
        return reverse("zones:supervisor_list")

    def perform(self, data):
        return services.supervisor_appoint(user=self.request.user, **data)

    def success_message(self, obj):
        return _("已任命“%(name)s”为%(group)s监督员。") % {"name": obj.name, "group": obj.group}

    def success_url(self, obj):
        return detail_url(obj.group)


class SupervisorUpdateView(ServiceFormPage):
    model = VillageSupervisor
    form_class = SupervisorForm
    target_selector = selectors.supervisor_get_queryset
    title = gettext_lazy("编辑村级监督员：%(name)s")

    def get_form_kwargs(self):
        return {"current_account": self.target.user}

    def get_initial(self):
        s = self.target
        return {
            "group": s.group_id,
            "name": s.name,
            "kind": s.kind,
            "phone": s.phone,
            "appointed_on": s.appointed_on,
            "account": s.user_id,
        }

    def perform(self, data):
        return services.supervisor_update(supervisor=self.target, user=self.request.user, **data)


class SupervisorEndView(ServiceFormPage):
    model = VillageSupervisor
    form_class = EndTermForm
    target_selector = selectors.supervisor_get_queryset
    title = gettext_lazy("办理离任：%(name)s")
    submit_label = gettext_lazy("确认离任")
    danger = True

    def perform(self, data):
        return services.supervisor_end(supervisor=self.target, user=self.request.user, **data)

    def success_message(self, obj):
        return _("“%(name)s”已离任，记录保留在名册中。") % {"name": obj}


# ---------------------------------------------------------------- committee members


class CommitteeMemberDetailView(DetailPage):
    template_name = "zones/roster_detail.html"
    queryset_selector = selectors.committee_member_get_queryset

    def get_extra_context(self, member):
        return {
            "kind_label": _("村务监督委员会成员"),
            "edit_url": reverse("zones:committee_member_update", args=[member.pk]),
            "end_url": reverse("zones:committee_member_end", args=[member.pk]),
        }


class CommitteeMemberCreateView(ServiceFormPage):
    """Appoint a committee member of the village in the URL."""

    model = VillageCommitteeMember
    form_class = CommitteeMemberForm
    target_selector = selectors.village_get_queryset
    title = gettext_lazy("任命村务监督委员会成员：%(name)s")

    def get_initial(self):
        has_director = self.target.committee_members.filter(active=True, position="director").exists()
        return {"position": "member" if has_director else "director"}

    def perform(self, data):
        return services.committee_member_appoint(village=self.target, user=self.request.user, **data)

    def success_message(self, obj):
        return _("已任命%(name)s。") % {"name": obj}

    def success_url(self, obj):
        return detail_url(obj.village)


class CommitteeMemberUpdateView(ServiceFormPage):
    model = VillageCommitteeMember
    form_class = CommitteeMemberForm
    target_selector = selectors.committee_member_get_queryset
    title = gettext_lazy("编辑村监委成员：%(name)s")

    def get_form_kwargs(self):
        return {"current_account": self.target.user}

    def get_initial(self):
        m = self.target
        return {
            "name": m.name,
            "position": m.position,
            "phone": m.phone,
            "appointed_on": m.appointed_on,
            "account": m.user_id,
        }

    def perform(self, data):
        return services.committee_member_update(member=self.target, user=self.request.user, **data)


class CommitteeMemberEndView(ServiceFormPage):
    model = VillageCommitteeMember
    form_class = EndTermForm
    target_selector = selectors.committee_member_get_queryset
    title = gettext_lazy("办理离任：%(name)s")
    submit_label = gettext_lazy("确认离任")
    danger = True

    def perform(self, data):
        return services.committee_member_end(member=self.target, user=self.request.user, **data)

    def success_message(self, obj):
        return _("“%(name)s”已离任，记录保留在村监委名单中。") % {"name": obj.name}
