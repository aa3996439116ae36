from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "indgang.core"
    verbose_name = "Fælles byggesten"
