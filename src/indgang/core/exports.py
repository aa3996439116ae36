"""Cells for CSV and XLSX exports that a spreadsheet shows as text, never runs as a formula.

A name, note or free text that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before looking) would otherwise be taken for a formula
when the file is opened ("CSV injection"). Every export writes its cells through here.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def plain_value(value):
    """Numbers, dates and booleans as they are; lazy translations and the rest as ``str``."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        return value
    return str(value)  # a lazy translation (a choice label) or a model


def safe_cell(value):
    """A CSV cell: text that a spreadsheet would read as a formula gets a leading ``'``."""
    value = plain_value(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_append(sheet, values: Iterable) -> None:
    """Append a row; text is stored as a string cell (``t="s"``), never as a formula.

    openpyxl takes any string starting with ``=`` for a formula; such a cell is turned back
    into text, with Excel's quote prefix so that editing the cell keeps it text.
    """
    sheet.append([plain_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and (
            cell.data_type == "f" or cell.value.startswith(FORMULA_STARTS)
        ):
            cell.data_type = "s"
            cell.quotePrefix = True
