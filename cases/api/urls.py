from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")

urlpatterns = [
    *router.urls,
    path("persons/<int:pk>/integrity/", views.IntegrityView.as_view(), name="person-integrity"),
]
