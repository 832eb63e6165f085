app_name = "zones"
urlpatterns = []
