from django.apps import AppConfig


class OversightConfig(AppConfig):
    """The data-protection officer's and leaders' desk over the audit log (above every domain app)."""

    name = "indgang.oversight"
    verbose_name = "Tilsyn med persondata"

    def ready(self):
        from indgang.oversight import access  # noqa: F401  (registers the permissions)
