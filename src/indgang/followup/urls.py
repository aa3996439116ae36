from django.urls import path

from indgang.followup import agenda_views, views

urlpatterns = [
    path("familier/<int:family_id>/kontakt/", views.contact_list, name="contact_list"),
    path("familier/<int:family_id>/kontakt/ny/", views.contact_create, name="contact_create"),
    path(
        "familier/<int:family_id>/sag/vaesentlig-aendring/",
        views.major_change_create,
        name="major_change_create",
    ),
    path(
        "familier/<int:family_id>/sag/kadence/", views.case_cadence_edit, name="case_cadence_edit"
    ),
    path("min-uge/", views.my_week, name="my_week"),
    path("mine-opgaver/", views.my_tasks, name="my_tasks"),
    path("kerneteam/", agenda_views.core_team_agenda, name="core_team_agenda"),
    path(
        "kerneteam/ugemoede/ny/", agenda_views.core_team_meeting_plan, name="core_team_meeting_plan"
    ),
    path(
        "kerneteam/ugemoede/<int:weekly_meeting_id>/",
        agenda_views.core_team_meeting_edit,
        name="core_team_meeting_edit",
    ),
    path("kerneteam/punkter/", agenda_views.agenda_item_add, name="agenda_item_add"),
    path(
        "kerneteam/punkter/<int:agenda_item_id>/",
        agenda_views.agenda_minutes,
        name="agenda_minutes",
    ),
    path("ledelse/kadence/", views.compliance, name="compliance"),
    path("ledelse/kadence/sager/", views.compliance_cases, name="compliance_cases"),
    path("ledelse/kadence/kommuner/", views.municipality_cadence, name="municipality_cadence"),
    path("aarshjul/", views.annual_cycle, name="annual_cycle"),
    path("aarshjul/abonnement/", views.annual_cycle_subscription, name="annual_cycle_subscription"),
    path(
        "aarshjul/feed/<slug:annual_feed_id>.ics",
        views.annual_cycle_feed,
        name="annual_cycle_feed",
    ),
    path("aarshjul/ny/", views.annual_event_create, name="annual_event_create"),
]
