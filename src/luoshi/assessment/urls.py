from django.urls import path

from luoshi.assessment import transfer_views, views

urlpatterns = [
    path("assessment/", views.scheme_list, name="assessment_schemes"),
    path("assessment/new/", views.scheme_new, name="assessment_scheme_new"),
    path("assessment/<int:scheme_id>/", views.scheme_detail, name="assessment_scheme"),
    path("assessment/<int:scheme_id>/edit/", views.scheme_edit, name="assessment_scheme_edit"),
    path("assessment/<int:scheme_id>/categories/new/", views.category_new, name="assessment_category_new"),
    path("assessment/categories/<int:category_id>/", views.category_edit, name="assessment_category"),
    path("assessment/categories/<int:category_id>/delete/", views.category_delete,
         name="assessment_category_delete"),
    path("assessment/<int:scheme_id>/compute/", views.compute, name="assessment_compute"),
    path("assessment/<int:scheme_id>/ranking/", views.ranking, name="assessment_ranking"),
    path("assessment/<int:scheme_id>/units/<int:unit_id>/", views.unit_breakdown, name="assessment_breakdown"),
    path("assessment/<int:scheme_id>/units/<int:unit_id>/adjust/", views.adjust, name="assessment_adjust"),
    path("assessment/<int:scheme_id>/units/<int:unit_id>/value/", views.enter_value, name="assessment_value"),
    path("assessment/<int:scheme_id>/criteria/<int:criterion_id>/values/", views.criterion_values,
         name="assessment_values"),
    path("assessment/<int:scheme_id>/values.xlsx", transfer_views.values_template,
         name="assessment_values_template"),
    path("assessment/<int:scheme_id>/import/", transfer_views.values_import, name="assessment_import"),
]
