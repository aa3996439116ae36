"""The KOS status report as XLSX (openpyxl), every cell written as a value, never a formula."""

import io

from openpyxl import Workbook

from indgang.core.exports import xlsx_append
from indgang.reports.selectors import KosStatus, complaint_rows


def status_rows(s: KosStatus) -> list[list]:
    """The report as rows: a section title, then its table."""
    rows: list[list] = [
        ["KOS-statusrapport"],
        ["Statusdato", s.on],
        ["Kommuner", ", ".join(s.municipalities)],
        [],
        ["Indskrevne børn efter alder ved indskrivning", "Antal"],
        *[[label, n] for label, n in s.age_groups],
        ["I alt", s.children],
        [],
        ["Forudgående sagslængde ved indskrivning", "Antal"],
        *[[label, n] for label, n in s.prior],
        [],
        [
            "Indsatser efter hjemmel",
            f"Ved indskrivning (de {s.with_prior} med forudgående sag)",
            "Ved statusdato (med forudgående sag)",
            f"Ved indskrivning (de {s.without_prior} uden forudgående sag)",
            "Ved statusdato (uden forudgående sag)",
        ],
        *[[r.label, r.prior_start, r.prior_now, r.new_start, r.new_now] for r in s.interventions],
        [],
        ["Tabt arbejdsfortjeneste: timer pr. uge", "Ved indskrivning", "Ved statusdato"],
    ]
    for hours, start, now in s.lost_earnings.table:
        rows.append([f"{hours} timer", start, now])
    rows += [
        ["Færre timer end ved indskrivning", s.lost_earnings.reduced],
        ["Flere timer end ved indskrivning", s.lost_earnings.increased],
        [],
        ["Tilknytning til dagtilbud eller skole", "Antal"],
        ["Ved indskrivning", s.attachment.at_start],
        ["Ved statusdato", s.attachment.now],
        ["Børn i dagtilbudsalderen", s.attachment.of_age],
        ["Heraf med tilknytning ved statusdato", s.attachment.now_of_age],
        ["Andel med tilknytning (%)", s.attachment.share_percent],
        ["Mistet tilknytning", s.attachment.lost],
        ["Børn, der har skiftet dagtilbud eller skole", s.attachment.changed],
        *[[f"Skift fra {a} til {b}", n] for a, b, n in s.attachment.changes],
        [],
        ["Klager over afgørelser", *s.complaints.years],
        *[[name, *values] for name, values in complaint_rows(s)],
    ]
    return rows


def status_xlsx(s: KosStatus) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Status"
    for row in status_rows(s):
        xlsx_append(sheet, row)
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def development_xlsx(d) -> bytes:
    """The Randers table and every quarter, as values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Udvikling"
    xlsx_append(sheet, ["Udgiftsudvikling (Randers-metoden)"])
    xlsx_append(
        sheet,
        [
            "Kategori",
            f"Gns. pr. kvartal {d.baseline_year}",
            f"{d.year} K{d.quarter}",
            "Ændring (kr.)",
            "Ændring (%)",
        ],
    )
    for r in d.rows:
        xlsx_append(sheet, [r.label, r.baseline, r.now, r.change, r.percent])
    xlsx_append(sheet, ["Pr. barn", d.baseline_per_child, d.now_per_child])
    xlsx_append(sheet, [])
    xlsx_append(sheet, ["Kvartal", *[r.label for r in d.rows[:-1]], "I alt", "Børn med bevilling"])
    for label, figures, total, children in d.quarters:
        xlsx_append(sheet, [label, *figures, total, children])
    sheet.column_dimensions["A"].width = 44
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
