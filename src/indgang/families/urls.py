from django.urls import path

from indgang.families import reports, views

urlpatterns = [
    path("", views.home, name="home"),
    path("familier/", views.family_list, name="family_list"),
    path("familier/ny/", views.family_create, name="family_create"),
    path("familier/<int:family_id>/", views.family_detail, name="family_detail"),
    path("familier/<int:family_id>/ret/", views.family_edit, name="family_edit"),
    path("familier/<int:family_id>/begrundelse/", views.value_jump, name="value_jump"),
    path("familier/<int:family_id>/adgang/", views.family_access, name="family_access"),
    path("familier/<int:family_id>/personer/ny/", views.person_create, name="person_create"),
    path(
        "familier/<int:family_id>/personer/<int:person_id>/",
        views.person_detail,
        name="person_detail",
    ),
    path(
        "familier/<int:family_id>/personer/fra-anden-husstand/",
        views.household_join,
        name="household_join",
    ),
    path(
        "familier/<int:family_id>/personer/<int:person_id>/foraeldremyndighed/",
        views.custody_edit,
        name="custody_edit",
    ),
    path(
        "familier/<int:family_id>/personer/<int:person_id>/ret/",
        views.person_edit,
        name="person_edit",
    ),
    path(
        "familier/<int:family_id>/sag/maalgruppe/",
        views.eligibility_assess,
        name="eligibility_assess",
    ),
    path("familier/<int:family_id>/sag/samtykke/", views.consent_record, name="consent_record"),
    path(
        "familier/<int:family_id>/sag/samtykke/<int:consent_id>/tilbagetraek/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("familier/<int:family_id>/sag/indskriv/", views.case_enrol, name="case_enrol"),
    path("familier/<int:family_id>/sag/udskriv/", views.case_discharge, name="case_discharge"),
    path("familier/<int:family_id>/sag/ny/", views.case_reopen, name="case_reopen"),
    path(
        "familier/<int:family_id>/sag/koordinator/",
        views.coordinator_assign,
        name="coordinator_assign",
    ),
    path(
        "familier/<int:family_id>/sag/overlevering/",
        views.handover_start,
        name="handover_start",
    ),
    path("familier/<int:family_id>/sag/daekning/", views.cover_start, name="cover_start"),
    path(
        "familier/<int:family_id>/sag/overlevering/<int:handover_id>/",
        views.handover_detail,
        name="handover_detail",
    ),
    path("familier/<int:family_id>/sag/partnere/", views.partner_link, name="partner_link"),
    path(
        "familier/<int:family_id>/sag/partnere/<int:link_id>/afmeld/",
        views.partner_unlink,
        name="partner_unlink",
    ),
    path(
        "familier/<int:family_id>/andre-sager/",
        views.external_case_add,
        name="external_case_add",
    ),
    path("deltagerliste/", reports.participant_list, name="participant_list"),
    path("sagstal/", reports.caseload, name="caseload"),
]
