from django.urls import path

from luoshi.service import transfer_views, views

urlpatterns = [
    path("enterprises/", views.enterprises, name="enterprises"),
    path("enterprises/new/", views.enterprise_edit, name="enterprise_new"),
    path("enterprises/<int:enterprise_id>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:enterprise_id>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:enterprise_id>/assign/", views.assignment_new, name="assignment_new"),
    path("enterprises/<int:enterprise_id>/account/", views.account_new, name="enterprise_account_new"),
    path("enterprises/<int:enterprise_id>/appeal/", views.office_appeal_new, name="office_appeal_new"),
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/<int:assignment_id>/end/", views.assignment_end, name="assignment_end"),
    path("assignments/<int:assignment_id>/visit/", views.visit_new, name="visit_new"),
    path("appeals/", views.appeals, name="appeals"),
    path("appeals/inbox/", views.inbox, name="appeal_inbox"),
    path("appeals/mine/", views.my_appeals, name="my_appeals"),
    path("appeals/stats/", views.stats, name="appeal_stats"),
    path("appeals/<int:appeal_id>/", views.appeal_detail, name="appeal_detail"),
    path("service/<str:what>/import/", transfer_views.import_view, name="service_import"),
    path("service/<str:what>/template/", transfer_views.template_view, name="service_template"),
]
