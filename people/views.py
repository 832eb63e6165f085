from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.views.generic import TemplateView

from zones.models import Township, Zone

from .forms import LoginForm
from .scopes import scope_for


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["assignments"] = user.role_assignments.select_related("county", "zone", "township", "village")
        ctx["zones"] = Zone.objects.restrict(user).select_related("leader", "coordinating_department")
        ctx["township_count"] = Township.objects.restrict(user).count()
        ctx["home_panels"] = [p for p in (panel(user) for panel in HOME_PANELS) if p]
        ctx["scope"] = scope_for(user)
        return ctx


# Callables ``(user) -> dict | None`` giving the queue counts on the home page:
# ``{"title": str, "queues": [{"label": str, "count": int, "url": str}]}``.
HOME_PANELS: list = []


def register_home_panel(panel) -> None:
    """Add a home-page panel; apps call this from ``AppConfig.ready()``."""
    if panel not in HOME_PANELS:
        HOME_PANELS.append(panel)


def healthz(request):
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
