"""Registering a clue (登记), with the lookups its form calls: villages, persons, possible duplicates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from people.roles import WORKING_ROLES
from people.scopes import scope_for
from zones.models import County, Township, Village

from .. import attachments, selectors, services
from ..forms import ClueRegisterForm, person_formset
from .access import ContentMixin, WorkingMixin
from .errors import apply_errors


def register_townships(user):
    """Townships ``user`` may register clues for (working roles' reach), and the fixed one if only one."""
    reach = scope_for(user).reach(WORKING_ROLES)
    queryset = Township.objects.filter(active=True).select_related("county").order_by("county", "order", "id")
    if not reach.everything:
        queryset = queryset.filter(Q(county__in=reach.counties) | Q(pk__in=reach.townships))
    fixed = None
    if not reach.everything and not reach.counties and len(reach.townships) == 1:
        fixed = queryset.first()
    return queryset, fixed


def register_county(user, township):
    """The county a clue belongs to: the township's, or the user's only county for county-level units."""
    if township is not None:
        return township.county
    reach = scope_for(user).reach(WORKING_ROLES)
    counties = list(County.objects.filter(pk__in=reach.counties)[:2]) if not reach.everything else []
    if reach.everything:
        counties = list(County.objects.filter(active=True)[:2])
    return counties[0] if len(counties) == 1 else None


class ClueCreateView(WorkingMixin, View):
    template_name = "clues/clue_form.html"

    def forms(self, data=None, files=None):
        user = self.request.user
        townships, fixed = register_townships(user)
        form = ClueRegisterForm(data, files, user=user, townships=townships, fixed_township=fixed)
        if data is None:
            form.initial["received_on"] = timezone.localdate()
        persons = person_formset(data, persons=selectors.person_list(user=user))
        return form, persons

    def get(self, request):
        form, persons = self.forms()
        return self.render(form, persons)

    def post(self, request):
        form, persons = self.forms(request.POST, request.FILES)
        files = request.FILES.getlist("attachments")
        if form.is_valid() & persons.is_valid():
            data = form.cleaned_data
            try:
                clue = services.clue_register(
                    user=request.user,
                    county=register_county(request.user, data["township"]),
                    received_on=data["received_on"],
                    category=data["category"],
                    source=data["source"],
                    channel=data["channel"],
                    is_anonymous=data["is_anonymous"],
                    reporter=form.reporter(),
                    persons=persons.entries(),
                    township=data["township"],
                    village=data["village"],
                    domain=data["domain"],
                    problem_types=list(data["problem_types"]),
                    amount=data["amount"],
                    summary=data["summary"],
                    description=data["description"],
                    attachments=data["attachments"],
                )
            except ValidationError as exc:
                for message in apply_errors(form, exc, rename={"persons": "__leftover__"}):
                    persons._non_form_errors.append(message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("您无权在该乡镇（村）登记线索。"))
            else:
                messages.success(
                    request,
                    _("线索已登记，编号 %(number)s。请及时分办（期限 %(due)s）。")
                    % {"number": clue.number, "due": clue.assign_due.isoformat() if clue.assign_due else "—"},
                )
                return HttpResponseRedirect(reverse("clues:clue_detail", args=[clue.pk]))
        return self.render(form, persons, files_dropped=len(files), status=400)

    def render(self, form, persons, *, files_dropped=0, status=200):
        ctx = {
            "form": form,
            "persons": persons,
            "files_dropped": files_dropped,
            "limits": {
                "file": filesizeformat(attachments.max_file_bytes()),
                "clue": filesizeformat(attachments.max_clue_bytes()),
            },
        }
        return render(self.request, self.template_name, ctx, status=status)


class VillageOptionsView(ContentMixin, View):
    """htmx: the ``<option>``s of the chosen township's villages."""

    def get(self, request):
        raw = request.GET.get("township", "")
        villages = Village.objects.none()
        if raw.isdigit():
            villages = Village.objects.restrict(request.user).filter(township_id=int(raw), active=True)
        return render(
            request,
            "clues/includes/village_options.html",
            {"villages": villages, "selected": request.GET.get("village", "")},
        )


class PersonSearchView(ContentMixin, View):
    """htmx: persons already on record whose name matches what is being typed in a person row."""

    def get(self, request):
        query = request.GET.get("q", "")
        if not query:
            # The person row sends its own input (``persons-N-name``).
            query = next((v for k, v in request.GET.items() if k.endswith("-name")), "")
        query = query.strip()[:50]
        persons = list(selectors.person_list(user=request.user, q=query)[:8]) if query else []
        return render(request, "clues/includes/person_results.html", {"persons": persons, "query": query})


class DuplicateCheckView(ContentMixin, View):
    """htmx: earlier clues likely about the same matter, for the registration form's side panel."""

    def post(self, request):
        data = request.POST
        rows = {}
        for key, value in data.items():
            parts = key.split("-")
            if len(parts) == 3 and parts[0] == "persons" and parts[2] in ("name", "unit"):
                rows.setdefault(parts[1], {})[parts[2]] = value.strip()
        township = data.get("township") if str(data.get("township", "")).isdigit() else None
        village = data.get("village") if str(data.get("village", "")).isdigit() else None
        types = [v for v in data.getlist("problem_types") if v.isdigit()]
        found: dict[int, selectors.DuplicateCandidate] = {}
        searches = [r for r in rows.values() if r.get("name")][:5] or [{}]
        for row in searches:
            for candidate in selectors.duplicate_candidates(
                user=request.user,
                name=row.get("name", ""),
                unit=row.get("unit", ""),
                township=int(township) if township else None,
                village=int(village) if village else None,
                problem_types=types,
                limit=10,
            ):
                known = found.get(candidate.clue.pk)
                if known is None:
                    found[candidate.clue.pk] = candidate
                else:
                    known.reasons.extend(r for r in candidate.reasons if r not in known.reasons)
        asked = any(r.get("name") for r in rows.values()) or bool(village and types)
        candidates = sorted(found.values(), key=lambda c: (c.clue.received_on, c.clue.pk), reverse=True)[:10]
        return render(request, "clues/includes/duplicates.html", {"candidates": candidates, "asked": asked})
