from django.urls import path

from luoshi.projects import stats_views, transfer_views, views

urlpatterns = [
    path("projects/", views.project_list, name="projects"),
    path("projects/stats/", stats_views.project_stats, name="project_stats"),
    path("projects/import/", transfer_views.projects_import, name="projects_import"),
    path("projects/template/", transfer_views.projects_template, name="projects_template"),
    path("projects/export/", transfer_views.projects_export, name="projects_export"),
    path("projects/investment/import/", transfer_views.investment_import, name="investment_import"),
    path("projects/investment/template/", transfer_views.investment_template, name="investment_template"),
    path("projects/investment/export/", transfer_views.investment_export, name="investment_export"),
    path("projects/blockers/", views.blocker_board, name="blocker_board"),
    path("projects/blockers/<int:blocker_id>/resolve/", views.blocker_resolve, name="blocker_resolve"),
    path("projects/helpers/<int:helper_id>/remove/", views.helper_remove, name="helper_remove"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/stage/", views.project_stage, name="project_stage"),
    path("projects/<int:project_id>/investment/", views.project_investment, name="project_investment"),
    path("projects/<int:project_id>/blockers/", views.project_blocker, name="project_blocker"),
    path("projects/<int:project_id>/visits/", views.project_visit, name="project_visit"),
    path("projects/<int:project_id>/helpers/", views.project_helper, name="project_helper"),
]
