from django.urls import path

from luoshi.plans import transfer_views, views

urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/import/", transfer_views.import_view, name="plans_import"),
    path("plans/template/", transfer_views.template_view, name="plans_template"),
    path("plans/<int:plan_id>/export/", transfer_views.export_view, name="plans_export"),
    path("plans/<int:plan_id>/", views.plan_tree, name="plan_tree"),
    path("plans/<int:plan_id>/lights.xlsx", views.plan_tree_export, name="plan_tree_export"),
    path("plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/nodes/<int:node_id>/", views.node_detail, name="node_detail"),
    path("plans/nodes/<int:node_id>/edit/", views.node_edit, name="node_edit"),
    path("plans/milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
]
