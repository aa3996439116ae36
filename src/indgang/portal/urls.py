from django.urls import path

from indgang.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", views.login_view, name="login"),
    path("log-ind/mitid/", views.oidc_start, name="oidc_start"),
    path("log-ind/mitid/retur/", views.oidc_callback, name="oidc_callback"),
    path("log-ud/", views.logout_view, name="logout"),
    path("sprog/", views.language, name="language"),
    path("invitation/<int:invitation_id>/", views.invitation, name="invitation"),
    path("koordinator/", views.coordinator, name="coordinator"),
    path("plan/", views.plan, name="plan"),
    path("plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plan/mal/<int:goal_id>/kommentar/", views.goal_comment, name="goal_comment"),
    path("plan/forslag/", views.goal_suggest, name="goal_suggest"),
    path("det-der-sker/", views.meetings, name="meetings"),
    path("det-der-sker/<int:meeting_id>/svar/", views.meeting_respond, name="meeting_respond"),
    path("det-der-sker/<int:meeting_id>/emne/", views.meeting_topic, name="meeting_topic"),
    path(
        "det-der-sker/<int:meeting_id>/feedback/", views.meeting_feedback, name="meeting_feedback"
    ),
    path("ansoegninger/", views.applications, name="applications"),
    path(
        "ansoegninger/afgoerelse/<int:decision_id>/brev/",
        views.decision_letter,
        name="decision_letter",
    ),
    path("samtykke/", views.consents, name="consents"),
    path(
        "samtykke/<int:consent_id>/traek-tilbage/", views.consent_withdraw, name="consent_withdraw"
    ),
    path("hvem-har-set/", views.access_log, name="access_log"),
    path("beskeder/", views.messages_page, name="messages"),
    path("beskeder/fil/<int:attachment_id>/", views.attachment, name="attachment"),
    path(
        "medarbejder/familier/<int:family_id>/beskeder/",
        views.staff_messages,
        name="staff_messages",
    ),
    path(
        "medarbejder/familier/<int:family_id>/beskeder/fil/<int:attachment_id>/",
        views.staff_attachment,
        name="staff_attachment",
    ),
    path(
        "medarbejder/familier/<int:family_id>/beskeder/deltagere/",
        views.conversation_member_add,
        name="conversation_member_add",
    ),
    path(
        "medarbejder/familier/<int:family_id>/beskeder/deltagere/<int:member_id>/fjern/",
        views.conversation_member_remove,
        name="conversation_member_remove",
    ),
    path("medarbejder/traeffetid/", views.availability, name="availability"),
    path("medarbejder/tilbagemeldinger/", views.feedback_trend, name="feedback_trend"),
    # The coordinator's action, from the portal's panel on the family overview.
    path(
        "medarbejder/familier/<int:family_id>/inviter/<int:guardian_id>/",
        views.invite,
        name="invite",
    ),
]
