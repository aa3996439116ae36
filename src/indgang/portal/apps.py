from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "indgang.portal"
    verbose_name = "Forældreportal"

    def ready(self):
        from indgang.portal import signals  # noqa: F401
