from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FollowupConfig(AppConfig):
    name = "indgang.followup"
    verbose_name = "Opfølgning"

    def ready(self):
        from indgang.followup import signals

        signals.connect()
        post_migrate.connect(_compute_missing_due, sender=self)


def _compute_missing_due(using="default", **kwargs):
    """After ``migrate``: a migration that changes what the due table holds empties it, and it
    is filled again here, when every app's tables are current (an empty table beside open
    enrolled cases means exactly that; a fresh database has neither)."""
    from indgang.families.models import Case
    from indgang.followup.models import DueStatus
    from indgang.followup.services import due_compute

    if DueStatus.objects.using(using).exists():
        return
    if Case.objects.using(using).filter(status=Case.Status.ENROLLED).exists():
        due_compute()
