from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indgang.core import backup


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump on PostgreSQL, the online backup API on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default var/backups/indgang-<time>)")

    def handle(self, *args, output=None, **options):
        from django.conf import settings
        from django.db import connection

        if output is None:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
            output = Path(settings.VAR_DIR) / "backups" / f"indgang-{stamp}.{suffix}"
        try:
            path = backup.backup(Path(output))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
