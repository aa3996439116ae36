from django.urls import path

from indgang.surveys import views

urlpatterns = [
    path("evaluering/", views.survey_list, name="survey_list"),
    path("evaluering/skema/<int:survey_id>/", views.survey_detail, name="survey_detail"),
    path("evaluering/skema/<int:survey_id>/spoergsmaal/", views.question_add, name="question_add"),
    path("evaluering/skema/<int:survey_id>/runde/", views.round_create, name="round_create"),
    path(
        "evaluering/skema/<int:survey_id>/analyse/", views.survey_analysis, name="survey_analysis"
    ),
    path("evaluering/runde/<int:round_id>/paamind/", views.round_remind, name="round_remind"),
    path("evaluering/status/", views.status_measure, name="status_measure"),
    path("evaluering/status/udvikling/", views.status_trend, name="status_trend"),
    # Parents and staff answer here without an account: the token is the key.
    path("svar/<str:token_id>/", views.survey_answer, name="survey_answer"),
]
