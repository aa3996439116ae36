from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "indgang.followup"
    verbose_name = "Opfølgning"

    def ready(self):
        from indgang.followup import signals

        signals.connect()
