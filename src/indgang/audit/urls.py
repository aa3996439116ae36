from django.urls import path

from indgang.audit import views

urlpatterns = [
    path("log/", views.audit_search, name="audit_search"),
    path("log/stikproever/", views.spot_check, name="spot_check"),
    path(
        "log/stikproever/<int:spot_check_id>/",
        views.spot_check_mark,
        name="spot_check_mark",
    ),
]
