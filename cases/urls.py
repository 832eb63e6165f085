from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("export/", views.CaseExportView.as_view(), name="case_export"),
    path("new/", views.CaseCreateView.as_view(), name="case_create"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("<int:pk>/edit/", views.CaseUpdateView.as_view(), name="case_update"),
    path("<int:pk>/actions/<str:action>/", views.CaseActionView.as_view(), name="case_action"),
    path("<int:pk>/extend/", views.CaseExtendView.as_view(), name="case_extend"),
    path("<int:pk>/amounts/", views.CaseAmountsView.as_view(), name="case_amounts"),
    path("<int:pk>/persons/", views.CasePersonAddView.as_view(), name="case_person_add"),
    path("persons/<int:pk>/remove/", views.CasePersonRemoveView.as_view(), name="case_person_remove"),
    path("persons/<int:pk>/measures/new/", views.MeasureCreateView.as_view(), name="measure_create"),
    path("measures/<int:pk>/execute/", views.MeasureStepView.as_view(step="execute"), name="measure_execute"),
    path("measures/<int:pk>/probation/", views.MeasureStepView.as_view(step="probation"), name="measure_probation"),
    path("measures/<int:pk>/delete/", views.MeasureStepView.as_view(step="delete"), name="measure_delete"),
    path("integrity/", views.IntegritySearchView.as_view(), name="integrity_search"),
    path("integrity/<int:pk>/", views.IntegrityDetailView.as_view(), name="integrity_detail"),
    path("integrity/<int:pk>/print/", views.IntegrityPrintView.as_view(), name="integrity_print"),
]
