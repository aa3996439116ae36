from django.urls import path

from indgang.oversight import views

urlpatterns = [
    path("log/", views.audit_search, name="audit_search"),
    path("log/hvem-har-set/", views.who_has_seen, name="who_has_seen"),
    path("log/stikproever/", views.spot_check, name="spot_check"),
    path("log/stikproever/rapport/", views.spot_check_report, name="spot_check_report"),
    path(
        "log/stikproever/<int:spot_check_id>/",
        views.spot_check_mark,
        name="spot_check_mark",
    ),
    path("log/vaerdispring/", views.value_jump_list, name="value_jump_list"),
    path(
        "log/vaerdispring/<int:value_jump_event_id>/kontrol/",
        views.value_jump_check,
        name="value_jump_check",
    ),
    path(
        "log/indsigt/<int:person_id>/",
        views.subject_access_export,
        name="subject_access_export",
    ),
]
