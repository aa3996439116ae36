"""The participant list as CSV and XLSX, the same columns as the page."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from indgang.core.exports import safe_cell, xlsx_append
from indgang.families.selectors import ParticipantRow

COLUMNS = [
    "Barn",
    "Alder",
    "Aldersgruppe ved indskrivning",
    "Kommune",
    "Indskrevet",
    "Status",
    "Koordinator",
    "Forudgående sagslængde (mdr.)",
    "Familiemedlemmer med sager i kommunerne",
]


def _values(row: ParticipantRow) -> list:
    case = row.case
    return [
        row.child.full_name,
        row.age,
        case.age_group,
        case.family.municipality.name,
        case.enrolled_on,
        case.get_status_display(),
        case.coordinator_name or "",
        case.prior_case_months,
        "; ".join(row.family_members_with_cases),
    ]


def participants_csv(rows: list[ParticipantRow]) -> bytes:
    buffer = io.StringIO()
    # Semicolon and a BOM: what Danish Excel opens correctly with a double-click.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                v.strftime("%d-%m-%Y")
                if hasattr(v, "strftime")
                else ("" if v is None else safe_cell(v))
                for v in _values(row)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def participants_xlsx(rows: list[ParticipantRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Deltagerliste"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, _values(row))
    for column in ("E",):
        for cell in sheet[column][1:]:
            cell.number_format = "DD-MM-YYYY"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
