"""Pages for the village rosters: supervisors (村级监督员) and committee members (村两委)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import selectors, services
from ..forms import CommitteeMemberForm, EndTermForm, SupervisorForm
from ..models import VillageCommitteeMember, VillageSupervisor
from .pages import DetailPage, ListPage, ServiceFormPage, detail_url


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
