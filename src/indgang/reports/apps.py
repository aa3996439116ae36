from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "indgang.reports"
    verbose_name = "Rapporter"
