from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "reports"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="reports:dashboard", query_string=True), name="index"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("records/", views.FigureRecordsView.as_view(), name="figure_records"),
    path("builds/", views.BuildListView.as_view(), name="build_list"),
    path("builds/<int:pk>/", views.BuildDetailView.as_view(), name="build_detail"),
    path("builds/<int:pk>/download/", views.BuildDownloadView.as_view(), name="build_download"),
]
