from django.urls import path

from luoshi.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/logins/", views.login_log, name="login_log"),
]
