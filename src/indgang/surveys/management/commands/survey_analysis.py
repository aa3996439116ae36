"""``manage.py survey_analysis --input responses.csv --json``: the survey analysis on a CSV.

Columns respondent, round, theme, question, score ("ved ikke" as an empty score). Prints per
theme and round the mean, n and sd, and per theme the final-vs-baseline Welch t and p. A bad
row stops the run with its line number and exit status 2; nothing is stored.
"""

import json
import sys

from django.core.management.base import BaseCommand

from indgang.surveys import analysis


class Command(BaseCommand):
    help = "Analysér besvarelser fra en CSV-fil (respondent, round, theme, question, score)."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="CSV-fil, UTF-8")
        parser.add_argument("--json", action="store_true", help="udskriv resultatet som JSON")
        parser.add_argument("--baseline", help="rundens navn (standard: baseline / første)")
        parser.add_argument("--final", help="rundens navn (standard: final / sidste)")

    def handle(self, *args, **options):
        try:
            with open(options["input"], encoding="utf-8-sig", newline="") as handle:
                rows = analysis.read_csv(handle)
        except OSError as error:
            self._fail(f"Kan ikke åbne filen: {error.strerror}")
        except UnicodeDecodeError:
            self._fail("Filen er ikke UTF-8.")
        except analysis.RowError as error:
            self._fail(str(error))
        rounds = list(dict.fromkeys(r.round for r in rows))
        for name in ("baseline", "final"):
            if options[name] and options[name] not in rounds:
                self._fail(f"Runden «{options[name]}» findes ikke i filen.")
        result = analysis.analyse(rows, baseline=options["baseline"], final=options["final"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        for theme in result.themes:
            self.stdout.write(theme)
            for cell in (c for c in result.cells if c.theme == theme):
                mean = "–" if cell.mean is None else f"{cell.mean:.2f}"
                sd = "–" if cell.sd is None else f"{cell.sd:.2f}"
                self.stdout.write(f"  {cell.round}: gennemsnit {mean}, n={cell.n}, sd {sd}")
        for c in result.comparisons:
            p = "–" if c.p is None else f"{c.p:.4f}"
            self.stdout.write(f"{c.theme}: {c.final} mod {c.baseline}, p={p}")

    def _fail(self, message: str):
        self.stderr.write(f"Fejl: {message}")
        sys.exit(2)
