from django.urls import path

from indgang.plans import views

P = "familier/<int:family_id>/plan/"

urlpatterns = [
    path(P, views.plan_detail, name="plan_detail"),
    path(f"{P}pdf/", views.plan_pdf, name="plan_pdf"),
    path(f"{P}maal/nyt/", views.goal_create, name="goal_create"),
    path(f"{P}maal/<int:goal_id>/ret/", views.goal_edit, name="goal_edit"),
    path(f"{P}maal/<int:goal_id>/flyt/", views.goal_move, name="goal_move"),
    path(f"{P}maal/<int:goal_id>/delmaal/nyt/", views.subgoal_create, name="subgoal_create"),
    path(f"{P}maal/<int:goal_id>/aktiviteter/ny/", views.activity_create, name="activity_create"),
    path(f"{P}godkend/", views.plan_agree, name="plan_agree"),
    path(f"{P}versioner/", views.version_list, name="version_list"),
    path(f"{P}versioner/sammenlign/", views.version_compare, name="version_compare"),
    path(f"{P}opfoelgning/ny/", views.followup_create, name="followup_create"),
]
