from django.urls import path

from luoshi.ingest import views

urlpatterns = [
    path("ingest/", views.source_list, name="ingest"),
    path("ingest/<int:source_id>/", views.source_review, name="ingest_review"),
    path("ingest/<int:source_id>/facts/<int:start>-<int:end>/accept/", views.fact_accept,
         name="ingest_fact_accept"),
    path("ingest/<int:source_id>/facts/<int:start>-<int:end>/reject/", views.fact_reject,
         name="ingest_fact_reject"),
]
