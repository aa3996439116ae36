"""Import a centre's existing families from CSV or XLSX (docs/import.md).

Exit status: 0 every line was imported (or would be), 1 some lines were refused (the others
were imported), 2 the file or the arguments are wrong and nothing was looked at.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indgang.core.templatetags.indgang_format import counted
from indgang.golive.access import may_import
from indgang.golive.columns import FileRefused, read_file
from indgang.golive.importer import OUTCOMES, import_families
from indgang.organisation.models import Centre, User


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Importér eksisterende familier og sager fra CSV eller XLSX (se docs/import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- (UTF-8, ; eller ,) eller XLSX-fil")
        parser.add_argument(
            "--by",
            required=True,
            help="Brugernavnet på den leder eller systemadministrator, der står for importen",
        )
        parser.add_argument(
            "--centre", help="Centrets id eller navn (standard: brugerens eget center)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis kun, hvad der ville ske; intet gemmes"
        )
        parser.add_argument("--json", action="store_true", help="Rapporten som JSON")

    def handle(self, *args, file, by, centre, dry_run, json: bool, **options):
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise _bad(f"Ukendt eller inaktiv bruger: {by}")
        found = user.centre
        if centre:
            lookup = {"pk": int(centre)} if centre.isdigit() else {"name__iexact": centre}
            found = Centre.objects.filter(**lookup).first()
            if found is None:
                raise _bad(f"Centret findes ikke: {centre}")
        if found is None:
            raise _bad("Angiv centret med --centre.")
        if not may_import(user, found):
            raise _bad(
                f"{by} kan ikke importere til {found}: kun centrets ledere og "
                "systemadministrator kan."
            )
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise _bad(f"Filen kan ikke læses: {error.strerror or error}") from None
        try:
            sheet = read_file(content, path.name)
        except FileRefused as refused:
            raise _bad(f"Filen afvises: {refused}") from None
        try:
            report = import_families(by=user, centre=found, sheet=sheet, dry_run=dry_run)
        except ValidationError as error:
            raise _bad("; ".join(error.messages)) from None
        if json:
            self.stdout.write(_json_dumps(report.as_dict()))
        else:
            self._print(report)
        if refused := report.counts()["refuse"]:
            raise CommandError(
                f"{counted(refused, 'linje', 'linjer')} afvist; ret dem og kør importen igen.",
                returncode=1,
            )

    def _print(self, report):
        column = 0 if report.dry_run else 1
        title = "Prøvekørsel – intet er gemt" if report.dry_run else "Import"
        self.stdout.write(f"{title}: {report.centre}")
        for line in report.lines:
            label = OUTCOMES[line.outcome][column]
            details = "; ".join(line.messages or line.changes)
            self.stdout.write(
                f"Linje {line.line}: {label} – {line.family or '(uden navn)'}"
                + (f": {details}" if details else "")
            )
        self.stdout.write(report.summary())


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
