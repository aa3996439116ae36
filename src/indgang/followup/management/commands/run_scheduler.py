"""Run the scheduled jobs (docs/followup.md, "Scheduler"): start beside the web process."""

import time

from django.core.management.base import BaseCommand

from indgang.followup.scheduler import jobs, run_due_jobs


class Command(BaseCommand):
    help = (
        "Kør de planlagte job (beregning af forfald om natten, forslag om revurdering, "
        "påmindelser om morgenen). Startes ved siden af webprocessen; --once kører det, der "
        "er forfaldent nu, og slutter."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="kør forfaldne job én gang")
        parser.add_argument("--interval", type=int, default=60, help="sekunder mellem kig")
        parser.add_argument(
            "--max-loops", type=int, default=0, help="stop efter så mange kig (0: aldrig)"
        )

    def handle(self, *args, once=False, interval=60, max_loops=0, **options):
        if not once:
            for name, at, command, job_args in jobs():
                self.stdout.write(f"{at:%H:%M} {name}: manage.py {command} {' '.join(job_args)}")
        loops = 0
        while True:
            for name, ok in run_due_jobs():
                self.stdout.write(f"{name}: {'ok' if ok else 'FEJL'}")
            loops += 1
            if once or (max_loops and loops >= max_loops):
                return
            time.sleep(max(1, interval))
