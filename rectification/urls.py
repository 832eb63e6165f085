from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("", views.LetterListView.as_view(), name="letter_list"),
    path("letters/new/", views.LetterCreateView.as_view(), name="letter_create"),
    path("letters/<int:pk>/", views.LetterDetailView.as_view(), name="letter_detail"),
    path("letters/<int:pk>/print/", views.LetterPrintView.as_view(), name="letter_print"),
    path("items/", views.ItemListView.as_view(), name="item_list"),
    path("items/export/", views.ItemExportView.as_view(), name="item_export"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<int:pk>/report/", views.ItemReportView.as_view(), name="item_report"),
    path("items/<int:pk>/<str:action>/", views.ItemActionView.as_view(), name="item_action"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
]
