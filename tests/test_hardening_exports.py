"""Exports write text as text: no cell becomes a formula (issue 8); reports with data work."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indgang.core.exports import safe_cell, xlsx_append
from tests.interventions.helpers import configure, grant

pytestmark = pytest.mark.django_db

NASTY = ['=HYPERLINK("http://x.invalid")', "+41", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


def _cells(data: bytes):
    return [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]


def test_safe_cell_quotes_formula_starts_and_leaves_the_rest():
    assert [safe_cell(v) for v in NASTY] == ["'" + v for v in NASTY]
    assert safe_cell("Alma Hansen") == "Alma Hansen"
    assert safe_cell(-3) == -3 and safe_cell(None) is None


def test_xlsx_append_keeps_the_text_and_writes_no_formula():
    book = Workbook()
    xlsx_append(book.active, [*NASTY, "ok", 4])
    out = io.BytesIO()
    book.save(out)
    cells = _cells(out.getvalue())
    # XML keeps a carriage return as a line feed; the text is otherwise unchanged.
    assert [c.value for c in cells] == [v.replace("\r", "\n") for v in NASTY] + ["ok", 4]
    assert not [c for c in cells if c.data_type == "f"]
    assert b"<f>" not in _sheet_xml(out.getvalue())


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_participant_list_exports_names_as_text(world, login):
    world.child.first_name = '=HYPERLINK("http://x.invalid","klik")'
    world.child.save()
    world.alice.first_name = "@Alice"
    world.alice.save()
    client = login(world.frank)

    xlsx = client.get(reverse("participant_list"), {"format": "xlsx"}).content
    cells = _cells(xlsx)
    assert not [c for c in cells if c.data_type == "f"]
    assert b"<f>" not in _sheet_xml(xlsx)
    values = [c.value for c in cells]
    assert '=HYPERLINK("http://x.invalid","klik") Hansen' in values

    raw = client.get(reverse("participant_list"), {"format": "csv"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert lines[1][0] == '\'=HYPERLINK("http://x.invalid","klik") Hansen'
    assert lines[1][6].startswith("'@Alice")
    assert not [cell for line in lines for cell in line if cell[:1] and cell[0] in "=+-@"]


def test_expenditure_export_with_grants_answers_with_a_workbook(world, login):
    # The category was a lazy translation, which openpyxl refused: a 500 whenever there
    # were grants.
    configure(world)
    grant(world, period_from=date(2026, 4, 1), amount=Decimal("3000"))
    response = login(world.erin).get(reverse("report_expenditure") + "?year=2026&format=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Kategori"
    assert any(row[0] == "Merudgifter" for row in rows[1:])


def test_a_department_name_starting_with_a_formula_is_text_in_who_pays(world, login):
    depts = configure(world)["Ishøj"]
    depts["children"].name = "=1+1"
    depts["children"].save()
    grant(world, period_from=date(2026, 4, 1), amount=Decimal("3000"))
    data = login(world.erin).get(reverse("report_who_pays") + "?year=2026&format=xlsx").content
    assert b"<f>" not in _sheet_xml(data)
