from django.urls import path

from indgang.interventions import settings_views, views

F = "familier/<int:family_id>/indsatser/"

urlpatterns = [
    path(F, views.family_interventions, name="family_interventions"),
    path(f"{F}ansoegning/ny/", views.application_create, name="application_create"),
    path(
        f"{F}ansoegning/<int:application_id>/afgoerelse/",
        views.decision_create,
        name="decision_create",
    ),
    path(
        f"{F}afgoerelse/<int:decision_id>/brev.pdf", views.decision_letter, name="decision_letter"
    ),
    path(
        f"{F}afgoerelse/<int:decision_id>/digital-post/",
        views.decision_digital_post,
        name="decision_digital_post",
    ),
    path(f"{F}afgoerelse/<int:decision_id>/betaling/", views.cost_split, name="cost_split"),
    path(f"{F}klage/ny/", views.complaint_create, name="complaint_create"),
    path(
        f"{F}klage/<int:complaint_id>/genvurdering/",
        views.complaint_reconsider,
        name="complaint_reconsider",
    ),
    path(
        f"{F}klage/<int:complaint_id>/ankestyrelsen/",
        views.complaint_appeal,
        name="complaint_appeal",
    ),
    path(
        f"{F}ansoegning/<int:application_id>/kerneteam/",
        views.core_team_propose,
        name="core_team_propose",
    ),
    path(f"{F}kerneteam/<int:proposal_id>/", views.core_team_proposal, name="core_team_proposal"),
    path(
        f"{F}kerneteam/<int:proposal_id>/holdning/",
        views.core_team_position,
        name="core_team_position",
    ),
    path(
        f"{F}kerneteam/<int:proposal_id>/behandl/",
        views.core_team_resolve,
        name="core_team_resolve",
    ),
    path(f"{F}revurdering/<int:review_id>/", views.review_start, name="review_start"),
    path("indsatser/rapporter/sagsbehandling/", views.report_processing, name="report_processing"),
    path("indsatser/rapporter/udgifter/", views.report_expenditure, name="report_expenditure"),
    path("indsatser/rapporter/betaling/", views.report_who_pays, name="report_who_pays"),
    path("indsatser/rapporter/klager/", views.report_complaints, name="report_complaints"),
    path("indsatser/brevskabeloner/", views.letter_templates, name="letter_templates"),
    path(
        "indsatser/brevskabeloner/<int:letter_template_id>/",
        views.letter_template_edit,
        name="letter_template_edit",
    ),
    # A municipality's settings before go-live (settings_views.py)
    path("opsaetning/", settings_views.municipality_settings, name="municipality_settings"),
    path(
        "opsaetning/<int:municipality_id>/indsatser/",
        settings_views.intervention_settings,
        name="intervention_settings",
    ),
    path(
        "opsaetning/<int:municipality_id>/indsatser/<int:intervention_type_id>/",
        settings_views.intervention_setting_edit,
        name="intervention_setting_edit",
    ),
    path(
        "opsaetning/<int:municipality_id>/politik/",
        settings_views.municipality_policy,
        name="municipality_policy",
    ),
    path("hjemler/", settings_views.legal_bases, name="legal_bases"),
]
