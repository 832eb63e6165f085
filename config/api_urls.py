from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("people.api.urls")),
    path("", include("zones.api.urls")),
    path("", include("clues.api.urls")),
    path("", include("cases.api.urls")),
    path("", include("rectification.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("reports.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A person opens the docs in the browser: send them to the sign-in page first.
    path("docs/", login_required(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
]
