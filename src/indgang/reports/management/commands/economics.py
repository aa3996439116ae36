"""Print the KOS report's two scenario tables for the given parameters."""

import argparse
import json

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from indgang.reports import economics


class _Formatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    pass


def _parameter_help() -> str:
    lines = ["Parametre (NAME, betydning, standardværdi = rapportens tal):", ""]
    for info in economics.parameter_info():
        lines.append(f"  {info.name}")
        lines.append(f"      {info.label}: {info.meaning}.")
        lines.append(f"      Standard: {info.default} {info.unit}")
    lines += ["", "Tal kan skrives 1102.20 eller 1.102,20. Fejl giver exit-status 2."]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Regn KOS-rapportens to scenarier (sagsstamme og specialiseret dagtilbud) og udskriv "
        "hver linje og total."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = _Formatter
        parser.epilog = _parameter_help()
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Udskriv som JSON.")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="Sæt en parameter (kan gentages); se listen nedenfor.",
        )

    def handle(self, *args, **options):
        values: dict[str, str] = {}
        for item in options["set"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set skal være NAME=VALUE, ikke »{item}«.", returncode=2)
            values[name.strip()] = value
        unknown = [n for n in values if n not in economics.PARAMETER_NAMES]
        if unknown:
            raise CommandError(
                f"Ukendt parameter: {', '.join(unknown)}. Se --help for listen.", returncode=2
            )
        empty = [n for n, v in values.items() if not v.strip()]
        if empty:
            raise CommandError(f"Ingen værdi for {', '.join(empty)}.", returncode=2)
        params, errors = economics.parameters_from(values)
        if errors:
            message = "; ".join(f"{name}={values[name]!r}: {text}" for name, text in errors.items())
            raise CommandError(f"Ugyldig værdi: {message}", returncode=2)
        result = economics.as_json(params)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for key in ("caseload", "daycare"):
            table = result[key]
            self.stdout.write(table["title"])
            for scenario in ("scenario_1", "scenario_2"):
                s = table[scenario]
                self.stdout.write(f"  {s['title']}")
                for line in s["lines"]:
                    self.stdout.write(f"    {line['label']:<80} {line['yearly']:>14,.2f}")
                self.stdout.write(f"    {'Samlede udgifter':<80} {s['total']:>14,.2f}")
            self.stdout.write(f"  {'Merudgift':<82} {table['difference']:>14,.2f}\n")
