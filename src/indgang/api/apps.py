from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "indgang.api"
    label = "api"
    verbose_name = "API-klienter"
