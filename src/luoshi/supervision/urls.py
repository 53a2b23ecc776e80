from django.urls import path

from luoshi.supervision import views

urlpatterns = [
    path("supervision/warnings/", views.warning_list, name="warnings"),
    path("supervision/orders/", views.order_list, name="orders"),
    path("supervision/orders/new/", views.order_new, name="order_new"),
    path("supervision/orders/<int:order_id>/", views.order_detail, name="order_detail"),
    path("supervision/orders/<int:order_id>/respond/", views.order_respond, name="order_respond"),
    path("supervision/orders/<int:order_id>/decide/", views.order_decide, name="order_decide"),
    path("supervision/orders/<int:order_id>/document.docx", views.order_document, name="order_document"),
    path("supervision/evidence/<int:evidence_id>/", views.evidence_download, name="order_evidence"),
    path("supervision/notifications/", views.notifications, name="order_notifications"),
]
