from django.urls import path

from indgang.reports import views

urlpatterns = [
    path("rapporter/", views.dashboard_page, name="report_dashboard"),
    path("rapporter/familier/", views.dashboard_cases, name="report_dashboard_cases"),
    path("rapporter/kos-status/", views.kos_status_page, name="report_kos_status"),
    path(
        "rapporter/udgiftsudvikling/",
        views.expenditure_development_page,
        name="report_expenditure_development",
    ),
    path("rapporter/oekonomi/", views.economics_page, name="report_economics"),
    path(
        "familier/<int:family_id>/dagtilbud-og-skole/",
        views.daycare_attachments,
        name="daycare_attachments",
    ),
]
