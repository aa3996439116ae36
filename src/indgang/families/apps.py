from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "indgang.families"
    verbose_name = "families"
