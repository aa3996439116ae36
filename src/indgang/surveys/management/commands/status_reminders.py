"""``manage.py status_reminders``: e-mail the key staff whose centre's quarterly status
measurement (the annual cycle's "Statusmåling" event) is due and who have not scored the
quarter; once per person per quarter, so it can run every morning (cron, systemd timer or
``settings.SCHEDULED_JOBS``)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from indgang.surveys.reminders import status_reminders_send


class Command(BaseCommand):
    help = "Mind nøglepersonerne om kvartalets statusmåling af kerneelementerne."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default=settings.SITE_URL, help="adressen i linket (SITE_URL)"
        )

    def handle(self, *args, **options):
        sent = status_reminders_send(today=timezone.localdate(), base_url=options["base_url"])
        self.stdout.write(f"Påmindelser om statusmåling sendt: {sent}")
