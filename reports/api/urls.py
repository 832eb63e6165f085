from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ReportBuildViewSet, StatsView

router = SimpleRouter()
router.register("reports", ReportBuildViewSet, basename="api-report")

urlpatterns = [path("stats/", StatsView.as_view(), name="api-stats"), *router.urls]
