"""Pages for collaboration zones (协作区)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import selectors, services
from ..forms import ZoneForm
from ..models import Zone
from .pages import DetailPage, ListPage, ServiceActionPage, ServiceFormPage, can_change


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
