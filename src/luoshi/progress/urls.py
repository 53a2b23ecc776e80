from django.urls import path

from luoshi.progress import views

urlpatterns = [
    path("reports/inbox/", views.inbox, name="report_inbox"),
    path("reports/open/<int:node_id>/<str:period>/", views.open_report, name="report_open"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/evidence/", views.report_evidence, name="report_evidence"),
    path("reports/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("reports/evidence/<int:evidence_id>/remove/", views.evidence_remove, name="evidence_remove"),
    path("reports/approvals/", views.approvals, name="report_approvals"),
    path("reports/review/", views.review, name="report_review"),
    path("reports/delivery/", views.delivery, name="report_delivery"),
]
