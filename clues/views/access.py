"""Who reaches the clue pages: readers of clues, and the working roles who register and handle them."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404

from people.roles import WORKING_ROLES
from people.scopes import scope_for

from ..models import Clue


class ContentMixin(LoginRequiredMixin):
    """Users whose roles read clues; everyone else is told the page does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).allows(Clue, "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class WorkingMixin(LoginRequiredMixin):
    """Working roles only (those who register and handle clues)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).has_role(*WORKING_ROLES):
            raise Http404
        return super().dispatch(request, *args, **kwargs)
