import time

from django.core.management.base import BaseCommand

from indgang.followup.services import due_compute


class Command(BaseCommand):
    help = "Compute what is due and overdue for every enrolled family (run nightly from cron)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = due_compute()
        self.stdout.write(f"{count} sager beregnet på {time.perf_counter() - started:.1f} s")
