from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "indgang.followup"
    verbose_name = "followup"

    def ready(self):
        from indgang.followup import signals

        signals.connect()
