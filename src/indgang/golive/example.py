"""The example import file in docs/ (docs/import-example.csv and .xlsx), made from here.

Every name and CPR number is made up. The CPR numbers have a valid format and a real date,
as the import demands (modulus 11 is not checked, as nowhere in Indgang); their serials
(9xx) are ones the test factories never hand out. The file fits the demo data
(``manage.py load_demo``): the centre's municipalities 183 and 187 and its coordinators.

Regenerate with ``PYTHONPATH=src .venv/bin/python -m indgang.golive.example docs/``; a test checks that
the committed files are what this module makes.
"""

import csv
import io
import sys
from datetime import date
from pathlib import Path

from indgang.golive.columns import COLUMNS

HEADERS = [column.name for column in COLUMNS]

ROWS: list[dict] = [
    {
        "ekstern_nøgle": "SAG-1001",
        "familie": "Familien Skovgaard",
        "kommunekode": "183",
        "center": "Center for Børn og Forebyggelse",
        "adresse": "Engvej 12",
        "postnummer": "2635",
        "by": "Ishøj",
        "sprog": "dansk",
        "tolk": "nej",
        "kontaktform": "SMS",
        "barn_cpr": "140324-4913",
        "barn_fornavn": "Emil",
        "barn_efternavn": "Skovgaard",
        "forælder1_cpr": "120590-1934",
        "forælder1_fornavn": "Line",
        "forælder1_efternavn": "Skovgaard",
        "forælder1_email": "line.skovgaard@eksempel.invalid",
        "forælder1_telefon": "20 11 22 33",
        "forælder1_forældremyndighed": "ja",
        "forælder2_cpr": "030888-1951",
        "forælder2_fornavn": "Jesper",
        "forælder2_efternavn": "Skovgaard",
        "forælder2_email": "",
        "forælder2_telefon": "20 44 55 66",
        "forælder2_forældremyndighed": "ja",
        "status": "Indskrevet",
        "henvist_dato": date(2025, 9, 1),
        "henvist_af": "Sundhedsplejen",
        "koordinator": "koordinator",
        "vurderet_dato": date(2025, 9, 15),
        "vurderet_af": "Specialrådgiver og socialfaglig leder",
        "flere_indsatser": "ja",
        "betydelig_påvirkning": "ja",
        "samtykke_dato": date(2025, 9, 20),
        "indskrevet_dato": date(2025, 10, 1),
        "forudgående_sagslængde": "8",
    },
    {
        "ekstern_nøgle": "SAG-1002",
        "familie": "Familien Bach",
        "kommunekode": "187",
        "adresse": "Søvej 3, 1. th.",
        "postnummer": "2625",
        "by": "Vallensbæk",
        "sprog": "arabisk",
        "tolk": "ja",
        "kontaktform": "Telefon",
        "barn_cpr": "020625-4968",
        "barn_fornavn": "Yasmin",
        "barn_efternavn": "Bach",
        "forælder1_cpr": "170293-2906",
        "forælder1_fornavn": "Nour",
        "forælder1_efternavn": "Bach",
        "forælder1_telefon": "31 22 44 88",
        "forælder1_forældremyndighed": "ja",
        "status": "Samtykke givet",
        "henvist_dato": date(2026, 10, 10),
        "henvist_af": "Hospitalet",
        "koordinator": "koordinator2@indgang.invalid",
        "samtykke_dato": date(2026, 10, 20),
    },
    {
        "ekstern_nøgle": "SAG-1003",
        "familie": "Familien Ravn",
        "kommunekode": "183",
        "barn_cpr": "301121-4977",
        "barn_fornavn": "Storm",
        "barn_efternavn": "Ravn",
        "forælder1_fornavn": "Mia",
        "forælder1_efternavn": "Ravn",
        "forælder1_email": "mia.ravn@eksempel.invalid",
        "status": "Henvist",
        "henvist_dato": date(2026, 11, 2),
        "henvist_af": "Dagplejen",
    },
    {
        "ekstern_nøgle": "SAG-0877",
        "familie": "Familien Lykke",
        "kommunekode": "187",
        "barn_cpr": "080120-4985",
        "barn_fornavn": "Ella",
        "barn_efternavn": "Lykke",
        "forælder1_cpr": "221187-1996",
        "forælder1_fornavn": "Sofie",
        "forælder1_efternavn": "Lykke",
        "forælder1_forældremyndighed": "ja",
        "status": "Udskrevet",
        "henvist_dato": date(2024, 2, 1),
        "koordinator": "koordinator",
        "vurderet_dato": date(2024, 2, 12),
        "flere_indsatser": "ja",
        "betydelig_påvirkning": "ja",
        "samtykke_dato": date(2024, 2, 20),
        "indskrevet_dato": date(2024, 3, 1),
        "forudgående_sagslængde": "14",
        "udskrevet_dato": date(2026, 6, 30),
        "udskrivningsårsag": "Fraflyttet kommunen",
    },
]


def _csv_value(value) -> str:
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return "" if value is None else str(value)


def rows_to_csv(rows: list[dict], delimiter: str = ";", headers=None) -> bytes:
    """UTF-8 with a BOM and semicolons: what Danish Excel writes and opens."""
    headers = headers or HEADERS
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(row.get(h)) for h in headers])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(rows: list[dict], headers=None) -> bytes:
    """Dates as real dates, everything else as text (a CPR number typed as a number would
    lose its leading zero in Excel)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    headers = headers or HEADERS
    book = Workbook()
    sheet = book.active
    sheet.title = "Familier"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(h) if row.get(h) != "" else None for h in headers])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(directory: Path) -> list[Path]:
    csv_path = directory / "import-example.csv"
    xlsx_path = directory / "import-example.xlsx"
    csv_path.write_bytes(rows_to_csv(ROWS))
    xlsx_path.write_bytes(rows_to_xlsx(ROWS))
    return [csv_path, xlsx_path]


if __name__ == "__main__":  # pragma: no cover
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
