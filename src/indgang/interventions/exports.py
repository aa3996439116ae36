"""The leader reports as XLSX: the same columns as the pages."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from indgang.core.exports import xlsx_append

PROCESSING_COLUMNS = [
    "Kommune",
    "Kvartal",
    "Indsats",
    "Afgørelser",
    "Median (dage)",
    "90. percentil (dage)",
    "Andel inden for fristen",
]
EXPENDITURE_COLUMNS = [
    "Kategori",
    "Kvartal",
    "Bevillinger",
    "Børn med bevilling",
    "Udgift (kr.)",
    "Udgift pr. barn (kr.)",
]
WHO_PAYS_COLUMNS = ["Kommune", "Afdeling", "Kvartal", "Udgift (kr.)"]
COMPLAINT_COLUMNS = [
    "Kommune",
    "År",
    "Klager over afgørelser",
    "Klager over sagsbehandling",
    "Sendt til Ankestyrelsen",
    "Udgift til klagebehandling (kr.)",
]


def processing_values(r) -> list:
    return [
        r.municipality,
        f"K{r.quarter}",
        r.intervention,
        r.decisions,
        r.median_days,
        r.p90_days,
        round(r.within_deadline, 4),
    ]


def expenditure_values(r) -> list:
    return [r.category, f"K{r.quarter}", r.grants, r.children, r.expenditure, r.per_child]


def who_pays_values(r) -> list:
    return [r.municipality, r.department, f"K{r.quarter}", r.expenditure]


def complaint_values(r) -> list:
    return [r.municipality, r.year, r.decisions, r.case_handling, r.sent_on, r.cost]


def table_xlsx(title: str, columns: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, row)  # choice labels are lazy translations; text never a formula
    for column_cells in sheet.iter_cols(min_row=2):
        for cell in column_cells:
            if columns[cell.column - 1].startswith("Andel"):
                cell.number_format = "0%"
            elif "(kr.)" in columns[cell.column - 1]:
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
