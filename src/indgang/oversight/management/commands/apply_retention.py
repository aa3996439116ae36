"""Delete what is past the municipalities' retention periods (oversight.retention).

Run daily from cron or a systemd timer (docs/operations.md), as the database role that owns
the audit tables. ``--dry-run`` reports what a run would remove and removes nothing.
The report (counts per record type) is printed, kept as a ``RetentionRun`` and, with
``--report FILE``, written as JSON.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from indgang.oversight.retention import retention_apply


class Command(BaseCommand):
    help = "Sletter sagsdata og logposter, hvis opbevaringsperiode er udløbet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hvad der ville blive slettet."
        )
        parser.add_argument("--report", type=Path, help="Skriv rapporten som JSON til filen.")

    def handle(self, *args, dry_run=False, report=None, **options):
        result, run = retention_apply(dry_run=dry_run)
        payload = {"run": run.pk, "ran_at": run.ran_at.isoformat(), "dry_run": dry_run}
        payload.update(result.as_dict())
        if report:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        heading = "Prøvekørsel (intet slettet)" if dry_run else "Slettet"
        self.stdout.write(f"{heading}: {result.families} familier")
        for record_type, count in sorted(result.counts.items()):
            self.stdout.write(f"  {record_type}: {count}")
