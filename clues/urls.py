from django.urls import path

from . import views

app_name = "clues"
urlpatterns = [
    path("", views.ClueListView.as_view(), name="clue_list"),
    path("export/", views.ClueExportView.as_view(), name="clue_export"),
    path("new/", views.ClueCreateView.as_view(), name="clue_create"),
    path("new/villages/", views.VillageOptionsView.as_view(), name="village_options"),
    path("new/persons/", views.PersonSearchView.as_view(), name="person_search"),
    path("new/duplicates/", views.DuplicateCheckView.as_view(), name="duplicate_check"),
    path("<int:pk>/", views.ClueDetailView.as_view(), name="clue_detail"),
    path("<int:pk>/<slug:action>/", views.ClueActionView.as_view(), name="clue_action"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("persons/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
]
