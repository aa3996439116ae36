"""Building import files for the tests: rows as dicts, written as the example module writes."""

from datetime import date

from django.apps import apps

from indgang.golive.columns import read_file
from indgang.golive.example import rows_to_csv, rows_to_xlsx
from indgang.golive.importer import import_families

# Made-up CPR numbers with valid dates; serials 9xx, which the factories never hand out.
CHILD_CPR = "140324-4913"  # born 14.03.2024: 2 years old on the tests' day (automatic: 0-1)
BABY_CPR = "020625-4968"  # born 02.06.2025: 1 year old, enrolled automatically
PARENT_CPR = "120590-1934"
PARENT2_CPR = "030888-1951"

# Every table the import may write to, to prove that a dry run writes nothing.
DOMAIN_MODELS = [
    "families.Family",
    "families.Person",
    "families.Case",
    "families.CaseStatusChange",
    "families.EligibilityAssessment",
    "families.Consent",
    "families.CoordinatorAssignment",
    "golive.ImportKey",
]


def counts() -> dict[str, int]:
    return {name: apps.get_model(name).objects.count() for name in DOMAIN_MODELS}


def enrolled_row(**overrides) -> dict:
    row = {
        "ekstern_nøgle": "SAG-1",
        "familie": "Familien Skovgaard",
        "kommunekode": "183",
        "adresse": "Engvej 12",
        "postnummer": "2635",
        "by": "Ishøj",
        "barn_cpr": CHILD_CPR,
        "barn_fornavn": "Emil",
        "barn_efternavn": "Skovgaard",
        "forælder1_cpr": PARENT_CPR,
        "forælder1_fornavn": "Line",
        "forælder1_efternavn": "Skovgaard",
        "forælder1_email": "line@eksempel.invalid",
        "forælder1_telefon": "20 11 22 33",
        "status": "Indskrevet",
        "henvist_dato": date(2025, 9, 1),
        "koordinator": "alice",
        "vurderet_dato": date(2025, 9, 15),
        "flere_indsatser": "ja",
        "betydelig_påvirkning": "ja",
        "samtykke_dato": date(2025, 9, 20),
        "indskrevet_dato": date(2025, 10, 1),
        "forudgående_sagslængde": "8",
    }
    row.update(overrides)
    return row


def referred_row(**overrides) -> dict:
    row = {
        "ekstern_nøgle": "SAG-2",
        "familie": "Familien Bach",
        "kommunekode": "187",
        "barn_cpr": BABY_CPR,
        "barn_fornavn": "Yasmin",
        "barn_efternavn": "Bach",
        "forælder1_fornavn": "Nour",
        "forælder1_efternavn": "Bach",
        "status": "Henvist",
        "henvist_dato": date(2026, 10, 10),
    }
    row.update(overrides)
    return row


def sheet(rows, fmt="csv", delimiter=";"):
    content = rows_to_xlsx(rows) if fmt == "xlsx" else rows_to_csv(rows, delimiter=delimiter)
    return read_file(content, f"familier.{fmt}")


def run(world, rows, *, dry_run=False, fmt="csv", by=None):
    return import_families(
        by=by or world.erin, centre=world.centre, sheet=sheet(rows, fmt), dry_run=dry_run
    )
