from django.core.management.base import BaseCommand

from indgang.followup.services import reminders_send


class Command(BaseCommand):
    help = "Send today's e-mail digest of what is due to each member of staff (once a day)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} påmindelser sendt")
