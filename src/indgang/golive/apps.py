from django.apps import AppConfig


class GoliveConfig(AppConfig):
    name = "indgang.golive"
    verbose_name = "Idriftsættelse"

    def ready(self):
        from indgang.golive import access  # noqa: F401  (registers the permission)
