from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "indgang.interventions"
    verbose_name = "Indsatser"

    def ready(self):
        # Importing the access modules registers their permissions.
        from indgang.interventions import access, settings_access  # noqa: F401
