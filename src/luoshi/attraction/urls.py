from django.urls import path

from luoshi.attraction import transfer_views, views

urlpatterns = [
    path("leads/", views.lead_list, name="leads"),
    path("leads/pipeline/", views.pipeline, name="lead_pipeline"),
    path("leads/new/", views.lead_new, name="lead_new"),
    path("leads/<int:lead_id>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:lead_id>/edit/", views.lead_edit, name="lead_edit"),
    path("leads/<int:lead_id>/move/", views.lead_move, name="lead_move"),
    path("leads/<int:lead_id>/funds/", views.lead_funds, name="lead_funds"),
    path("leads/funds/export/", transfer_views.funds_export, name="funds_export"),
    path("leads/import/<str:what>/", transfer_views.import_view, name="leads_import"),
    path("leads/template/<str:what>/", transfer_views.template_view, name="leads_template"),
]
