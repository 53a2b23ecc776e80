from django.urls import path

from luoshi.indicators import views

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/<int:indicator_id>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/observations/", views.observation_list, name="observations"),
    path("indicators/checks/", views.flag_list, name="indicator_flags"),
    path("indicators/checks/<int:flag_id>/review/", views.flag_review, name="indicator_flag_review"),
    path("indicators/import/", views.import_view, name="indicators_import"),
    path("indicators/template/", views.template_view, name="indicators_template"),
    path("indicators/export/", views.export_wide_view, name="indicators_export_wide"),
]
