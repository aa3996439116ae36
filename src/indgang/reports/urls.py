from django.urls import path

from indgang.reports import views

urlpatterns = [
    path("rapporter/oekonomi/", views.economics_page, name="report_economics"),
]
