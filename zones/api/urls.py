from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("counties", views.CountyViewSet, basename="county")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("townships", views.TownshipViewSet, basename="township")
router.register("villages", views.VillageViewSet, basename="village")
router.register("village-groups", views.VillageGroupViewSet, basename="village-group")
router.register("zone-memberships", views.ZoneMembershipViewSet, basename="zone-membership")
router.register("village-supervisors", views.VillageSupervisorViewSet, basename="village-supervisor")
router.register("committee-members", views.VillageCommitteeMemberViewSet, basename="committee-member")

urlpatterns = router.urls
