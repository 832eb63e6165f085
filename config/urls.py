from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from people import views as people_views

admin.site.site_header = _("清风 · 纪检监察业务管理")
admin.site.site_title = _("清风管理后台")
admin.site.index_title = _("系统管理")

urlpatterns = [
    path("", people_views.HomeView.as_view(), name="home"),
    path("healthz/", people_views.healthz, name="healthz"),
    path("accounts/login/", people_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", people_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("zones/", include("zones.urls")),
    path("people/", include("people.urls")),
    path("audit/", include("audit.urls")),
    path("clues/", include("clues.urls")),
    path("cases/", include("cases.urls")),
    path("rectification/", include("rectification.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]
