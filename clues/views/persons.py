"""A person reported (被反映人): their clues and cases, and merging duplicate records."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from people.models import Person
from people.roles import WORKING_ROLES
from people.scopes import scope_for

from .. import selectors, services
from ..forms import PersonMergeForm
from .access import ContentMixin
from .errors import apply_errors


class PersonDetailView(ContentMixin, View):
    template_name = "clues/person_detail.html"

    def get(self, request, pk):
        person = selectors.person_get(user=request.user, pk=pk)
        return self.render(person)

    def post(self, request, pk):
        person = selectors.person_get(user=request.user, pk=pk)
        if not scope_for(request.user).has_role(*WORKING_ROLES):
            raise Http404
        form = PersonMergeForm(request.POST, candidates=merge_candidates(person, request.user))
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                services.person_merge(source=person, target=target, user=request.user)
            except ValidationError as exc:
                apply_errors(form, exc, rename={"source": "target"})
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("您无权合并这两名人员。"))
            else:
                messages.success(
                    request, _("已将“%(source)s”合并到“%(target)s”。") % {"source": person, "target": target}
                )
                return HttpResponseRedirect(reverse("clues:person_detail", args=[target.pk]))
        return self.render(person, form, status=400)

    def render(self, person, merge_form=None, status=200):
        user = self.request.user
        data = selectors.person_record(user=user, person=person)
        can_merge = scope_for(user).has_role(*WORKING_ROLES) and person.merged_into_id is None
        if can_merge and merge_form is None:
            merge_form = PersonMergeForm(candidates=merge_candidates(person, user))
        clues = list(data["clues"])
        ctx = {
            "person": person,
            "clues": clues,
            "cases": data["cases"],
            "merged_from": Person.objects.restrict(user).filter(merged_into=person).order_by("name_key", "id"),
            "merge_form": merge_form if can_merge else None,
            "subject_rows": {
                c.pk: next((s for s in c.subjects.all() if s.person_id in data["merged_ids"]), None) for c in clues
            },
        }
        return render(self.request, self.template_name, ctx, status=status)


def merge_candidates(person: Person, user):
    """Other records in scope that may be the same person: same name (normalized), same county."""
    return (
        Person.objects.restrict(user, "change")
        .filter(county=person.county_id, name_key=person.name_key, merged_into__isnull=True)
        .exclude(pk=person.pk)
        .order_by("unit_key", "id")
    )
