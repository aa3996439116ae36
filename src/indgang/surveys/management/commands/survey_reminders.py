"""``manage.py survey_reminders``: remind everyone who has not answered a round's link after
``--days`` days (default 7), at most once per that many days. For cron or a systemd timer."""

from django.core.management.base import BaseCommand

from indgang.surveys import services


class Command(BaseCommand):
    help = "Send påmindelser om spørgeskemaer, der ikke er besvaret."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="adressen i linkene"
        )

    def handle(self, *args, **options):
        count = services.invitations_remind_due(
            base_url=options["base_url"], after_days=options["days"]
        )
        self.stdout.write(f"Påmindelser sendt: {count}")
