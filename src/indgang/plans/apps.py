from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "indgang.plans"
    verbose_name = "Fælles planer"
