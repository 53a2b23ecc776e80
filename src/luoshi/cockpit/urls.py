from django.urls import path

from luoshi.cockpit import views

urlpatterns = [
    path("cockpit/", views.cockpit, name="cockpit"),
    path("cockpit/panels/<slug:key>/", views.cockpit_panel, name="cockpit_panel"),
]
