"""Pages for townships (乡镇), including moving one to another zone."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scoping import scope_for

from .. import selectors, services
from ..forms import TownshipForm, TownshipMoveForm
from ..models import Township, Village, Zone
from .pages import DetailPage, ListPage, ServiceActionPage, ServiceFormPage


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
