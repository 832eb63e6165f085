from rest_framework.routers import SimpleRouter

from .views import ItemViewSet, LetterViewSet

router = SimpleRouter()
router.register("letters", LetterViewSet, basename="letter")
router.register("rectification-items", ItemViewSet, basename="rectification-item")

urlpatterns = router.urls
