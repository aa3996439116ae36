from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "indgang.journal"
    verbose_name = "Journal og arkiv"
