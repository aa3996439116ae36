from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "indgang.audit"
    verbose_name = "Log"

    def ready(self):
        from indgang.audit import signals  # noqa: F401
