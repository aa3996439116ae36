from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indgang.core import backup


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by 'manage.py backup'."

    def add_arguments(self, parser):
        parser.add_argument("--input", dest="path", required=True, help="the backup file")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask; everything now in the database goes"
        )

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            answer = input("Alt i databasen erstattes af sikkerhedskopien. Skriv 'ja': ")
            if answer.strip().lower() != "ja":
                raise CommandError("Afbrudt; intet er ændret.")
        try:
            backup.restore(Path(path))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path}")
