"""Pages for villages (村/社区) and their groups (村民小组)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scoping import scope_for

from .. import selectors, services
from ..forms import GroupForm, VillageForm
from ..models import Village, VillageCommitteeMember, VillageGroup, VillageSupervisor
from .pages import DetailPage, ListPage, ServiceActionPage, ServiceFormPage


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
