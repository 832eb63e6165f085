from rest_framework.routers import SimpleRouter

from .views import ClueViewSet, PersonViewSet

router = SimpleRouter()
router.register("clues", ClueViewSet, basename="clue")
router.register("persons", PersonViewSet, basename="person")

urlpatterns = router.urls
