from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "indgang.organisation"
    verbose_name = "organisation"
