from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "indgang.interventions"
    verbose_name = "interventions"
