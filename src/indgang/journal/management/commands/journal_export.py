"""Write a family's journal export (ZIP) to a folder, for batch runs:

    manage.py journal_export --family 12 --output /srv/journal/indbakke [--with-cpr]

Exit codes: 0 written; 1 the family does not exist or the folder cannot be written to;
2 bad arguments. The run is logged as an export by "manage.py journal_export".
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indgang.families.models import Family
from indgang.journal.export import journal_export

SYSTEM_NAME = "manage.py journal_export"


class Command(BaseCommand):
    help = "Skriv en families udtræk til journal og arkiv (ZIP med PDF/A og indeks) i en mappe."

    def add_arguments(self, parser):
        parser.add_argument("--family", type=int, required=True, help="Familiens id i Indgang")
        parser.add_argument("--output", required=True, help="Mappen ZIP-filen skrives i")
        parser.add_argument(
            "--with-cpr",
            action="store_true",
            help="Fulde CPR-numre i indekset (ellers maskerede)",
        )

    def handle(self, *args, family, output, with_cpr, **options):
        folder = Path(output)
        if not folder.is_dir():
            raise CommandError(f"Mappen findes ikke: {folder}")
        found = Family.objects.select_related("municipality").filter(pk=family).first()
        if found is None:
            raise CommandError(f"Der er ingen familie med id {family}.")
        export = journal_export(
            by=None, family=found, include_cpr=with_cpr, system_name=SYSTEM_NAME
        )
        target = folder / export.filename
        try:
            target.write_bytes(export.data)
        except OSError as error:
            raise CommandError(f"Kunne ikke skrive {target}: {error.strerror}") from error
        self.stdout.write(f"{target} ({len(export.documents)} dokumenter)")
