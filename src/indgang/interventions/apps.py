from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "indgang.interventions"
    verbose_name = "interventions"

    def ready(self):
        from indgang.interventions import access  # noqa: F401  (registers the permissions)
