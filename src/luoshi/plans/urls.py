from django.urls import path

from luoshi.plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:plan_id>/", views.plan_tree, name="plan_tree"),
    path("plans/<int:plan_id>/lights.xlsx", views.plan_tree_export, name="plan_tree_export"),
    path("plans/nodes/<int:node_id>/", views.node_detail, name="node_detail"),
]
