from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "indgang.organisation"
    verbose_name = "Organisation"

    def ready(self):
        # Importing the access module registers its permissions.
        from indgang.organisation import access  # noqa: F401
