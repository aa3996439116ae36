from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from indgang.core import views as core_views
from indgang.core.auth_views import LoginView

admin.site.site_header = "Indgang – administration"
admin.site.site_title = "Indgang"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("log-ind/", LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("administration/", admin.site.urls),
    path("", include("indgang.families.urls")),
    path("", include("indgang.plans.urls")),
    path("", include("indgang.meetings.urls")),
    path("", include("indgang.followup.urls")),
    path("", include("indgang.interventions.urls")),
    path("", include("indgang.oversight.urls")),
]

handler403 = "indgang.core.views.permission_denied"
handler404 = "indgang.core.views.page_not_found"
handler500 = "indgang.core.views.server_error"
