from django.urls import path

from indgang.journal import views

urlpatterns = [
    path("familier/<int:family_id>/journaludtraek/", views.journal_export, name="journal_export"),
]
