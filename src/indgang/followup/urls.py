from django.urls import path

from indgang.followup import views

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
    path("kerneteam/", views.core_team_agenda, name="core_team_agenda"),
    path("kerneteam/punkter/", views.agenda_item_add, name="agenda_item_add"),
    path("kerneteam/punkter/<int:agenda_item_id>/", views.agenda_minutes, name="agenda_minutes"),
    path("ledelse/kadence/", views.compliance, name="compliance"),
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
