from django.contrib import admin
from django.urls import include, path

from indgang.api.api import api
from indgang.core import views as core_views

admin.site.site_header = "Indgang – administration"
admin.site.site_title = "Indgang"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("indgang.signin.urls")),  # log-ind/, log-ud/, second factor, OIDC
    path("administration/", admin.site.urls),
    path("", include("indgang.organisation.urls")),  # the leader's core-team page
    path("", include("indgang.families.urls")),
    path("", include("indgang.plans.urls")),
    path("", include("indgang.meetings.urls")),
    path("", include("indgang.followup.urls")),
    path("", include("indgang.interventions.urls")),
    path("", include("indgang.surveys.urls")),
    path("", include("indgang.reports.urls")),
    path("", include("indgang.oversight.urls")),
    path("", include("indgang.golive.urls")),  # the go-live import (docs/import.md)
    path("", include("indgang.journal.urls")),  # the journal and archive export
    path("familie/", include("indgang.portal.urls")),
    path("api/v1/", api.urls),  # the JSON API for other systems (docs/api.md)
]

handler403 = "indgang.core.views.permission_denied"
handler404 = "indgang.core.views.page_not_found"
handler500 = "indgang.core.views.server_error"
