from django.urls import path

from indgang.organisation import views

urlpatterns = [
    path("kerneteam/medlemmer/", views.core_team_members, name="core_team_members"),
    path(
        "kerneteam/medlemmer/<int:membership_id>/",
        views.core_team_member_edit,
        name="core_team_member_edit",
    ),
    path(
        "kerneteam/medlemmer/<int:membership_id>/fjern/",
        views.core_team_member_remove,
        name="core_team_member_remove",
    ),
]
