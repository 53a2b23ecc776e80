from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from luoshi.api import api

urlpatterns = [
    path("", include("luoshi.core.urls")),
    path("", include("luoshi.orgs.urls")),
    path("", include("luoshi.plans.urls")),
    path("", include("luoshi.progress.urls")),
    path("", include("luoshi.indicators.urls")),
    path("", include("luoshi.ingest.urls")),
    path("", include("luoshi.cockpit.urls")),
    path("", include("luoshi.projects.urls")),
    path("", include("luoshi.attraction.urls")),
    path("", include("luoshi.supervision.urls")),
    path("", include("luoshi.service.urls")),
    path("", include("luoshi.assessment.urls")),
    path("", include("luoshi.briefs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
]
