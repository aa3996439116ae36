from django.urls import path

from indgang.meetings import observation_views, views

F = "familier/<int:family_id>/"
M = F + "moeder/<int:meeting_id>/"

urlpatterns = [
    path(F + "moeder/", views.meeting_list, name="meeting_list"),
    path(F + "moeder/nyt/", views.meeting_create, name="meeting_create"),
    path(F + "moeder/opstart/", views.startup_meetings, name="startup_meetings"),
    path(M, views.meeting_detail, name="meeting_detail"),
    path(M + "ret/", views.meeting_edit, name="meeting_edit"),
    path(M + "forberedelse/", views.meeting_print, name="meeting_print"),
    path(M + "aflys/", views.meeting_cancel, name="meeting_cancel"),
    path(M + "inviter/", views.meeting_invite, name="meeting_invite"),
    path(M + "deltagere/ny/", views.participant_add, name="participant_add"),
    path(M + "deltagere/vaelg/", views.participants_invite, name="participants_invite"),
    path(F + "deltagere/<int:participant_id>/", views.participant_edit, name="participant_edit"),
    path(
        F + "deltagere/<int:participant_id>/fjern/",
        views.participant_remove,
        name="participant_remove",
    ),
    path(F + "aftaler/ny/", views.agreement_create, name="agreement_create"),
    path(F + "aftaler/<int:agreement_id>/", views.agreement_edit, name="agreement_edit"),
    path(F + "udredning/", views.assessment_list, name="assessment_list"),
    path(F + "udredning/ny/", views.assessment_create, name="assessment_create"),
    path(F + "udredning/sammenlign/", views.assessment_compare, name="assessment_compare"),
    path(F + "udredning/<int:assessment_id>/", views.assessment_board, name="assessment_board"),
    path(F + "udredning/<int:assessment_id>/ret/", views.assessment_edit, name="assessment_edit"),
    path(
        F + "udredning/<int:assessment_id>/iagttagelser/ny/",
        observation_views.observation_add,
        name="assessment_observation_add",
    ),
    path(
        F + "udredning/<int:assessment_id>/iagttagelser/<int:observation_id>/",
        observation_views.observation_edit,
        name="assessment_observation_edit",
    ),
    path(
        F + "udredning/<int:assessment_id>/iagttagelser/<int:observation_id>/slet/",
        observation_views.observation_delete,
        name="assessment_observation_delete",
    ),
    path("aftaler/", views.my_agreements, name="my_agreements"),
    path("moeder/", views.my_meetings, name="my_meetings"),
    path("kerneteam/moeder/", views.core_team_meetings, name="core_team_meetings"),
    path("kalender/", views.calendar_settings, name="calendar_settings"),
    # feed_id is the feed's secret token, not a database id.
    path("kalender/<slug:feed_id>.ics", views.calendar_feed, name="calendar_feed"),
]
