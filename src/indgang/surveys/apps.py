from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "indgang.surveys"
    verbose_name = "Spørgeskemaer"

    def ready(self):
        from indgang.surveys import access  # noqa: F401  (registers the permissions)
