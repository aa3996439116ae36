"""The KOS status report's page, PDF and XLSX, read back; bad input; another centre."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from indgang.audit.models import AuditEvent
from indgang.organisation.models import Role
from indgang.reports.demo import load_kos_cohort
from tests import factories as f

URL = "report_kos_status"
ON = {"on": "2021-06-15"}


@pytest.fixture
def cohort(world):
    return load_kos_cohort(centre=world.centre, by=world.erin)


def _text(html: str) -> str:
    return " ".join(html.split())


def test_page_shows_the_report(world, cohort, login):
    response = login(world.erin).get(reverse(URL), ON)
    assert response.status_code == 200
    html = _text(response.content.decode())
    for expected in [
        "21 indskrevne børn",
        '<th scope="row">0-1 år</th><td class="num text-align-right">5</td>',
        '<th scope="row">2-6 år</th><td class="num text-align-right">15</td>',
        '<th scope="row">1-2 år</th><td class="num text-align-right">10</td>',
        "<svg",  # the chart, with the table beside it
        '<th scope="row">§ 42 Tabt arbejdsfortjeneste</th><td class="num text-align-right">13</td>'
        '<td class="num text-align-right">15</td>',
        "14 af 19 = 74 %",
        '<th scope="row">I alt</th><td class="num text-align-right">35</td>'
        '<td class="num text-align-right">34</td><td class="num text-align-right">11</td>',
    ]:
        assert expected in html, expected
    # Figures only: no child's or family's name.
    for family in cohort:
        assert family.name not in html
    assert AuditEvent.objects.filter(object_type="report_kos_status", action="view").exists()


def test_pdf_read_back(world, cohort, login):
    response = login(world.frank).get(reverse(URL), {**ON, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in [
        "KOS-statusrapport",
        "21 indskrevne børn",
        "Ishøj 19 22 6",
        "Vallensbæk 16 12 5",
        "I alt 35 34 11",
        "14 af 19 = 74 %",
        "§ 41 Merudgifter 16 16",
        "§ 32 Specialiseret dagtilbud 6 5",
    ]:
        assert expected in text, expected
    assert AuditEvent.objects.filter(object_type="report_kos_status", action="export").exists()


def test_xlsx_read_back(world, cohort, login):
    response = login(world.erin).get(reverse(URL), {**ON, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    assert ("0-1 år", 5) in rows and ("2-6 år", 15) in rows and ("7 år og derover", 1) in rows
    assert ("Under 1 år", 7) in rows and ("1-2 år", 10) in rows and ("3-5 år", 4) in rows
    expected = {
        "§ 41 Merudgifter": (16, 16),
        "§ 42 Tabt arbejdsfortjeneste": (13, 15),
        "§ 44 Aflastning": (5, 8),
        "§ 50 Børnefaglig undersøgelse": (4, 4),
        "§ 52 Foranstaltninger": (2, 2),
        "§ 32 Specialiseret dagtilbud": (6, 5),
    }
    for label, (start, now) in expected.items():
        assert any(r[:3] == (label, start, now) for r in rows), label
    assert ("Færre timer end ved indskrivning", 2) in rows
    assert ("Flere timer end ved indskrivning", 3) in rows
    assert ("Ved indskrivning", 12) in rows and ("Ved statusdato", 14) in rows
    assert ("Børn i dagtilbudsalderen", 19) in rows
    assert ("Andel med tilknytning (%)", 74) in rows
    assert ("Børn, der har skiftet dagtilbud eller skole", 5) in rows
    assert ("Mistet tilknytning", 0) in rows
    assert ("Klager over afgørelser", 2019, 2020, 2021) in rows
    assert ("Ishøj", 19, 22, 6) in rows and ("Vallensbæk", 16, 12, 5) in rows
    assert ("I alt", 35, 34, 11) in rows


def test_a_date_before_any_data_is_a_message(world, cohort, login):
    client = login(world.erin)
    response = client.get(reverse(URL), {"on": "2019-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_on-error"' in html
    assert "Der er ingen data før den 02.03.2020" in html
    response = client.get(reverse(URL), {"on": "2019-01-01", "format": "pdf"})
    assert response["Content-Type"].startswith("text/html")  # the message, not a PDF


@pytest.mark.parametrize("on", ["15.06.2021x", "2021-13-40", "ikke en dato"])
def test_a_bad_date_is_a_message(world, login, on):
    response = login(world.erin).get(reverse(URL), {"on": on})
    assert response.status_code == 200
    assert 'id="id_on-error"' in response.content.decode()


def test_another_centres_leader_sees_none_of_centre_as_figures(world, cohort, login):
    olga = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    ishoj = world.centre.municipalities.get(name="Ishøj")
    client = login(olga)
    response = client.get(reverse(URL), {**ON, "municipalities": [ishoj.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_municipalities-error"' in html  # not a municipality her centre serves
    assert "Ishøj" not in html.split("<form", 1)[1].split("</form>", 1)[0].split("error")[-1]
    response = client.get(reverse(URL), {**ON, "format": "xlsx"})
    assert response["Content-Type"].startswith("text/html")  # nothing to export
    # None of the cohort's figures: not "21 indskrevne børn", not the total row's 35.
    html = _text(response.content.decode())
    assert "21 indskrevne børn" not in html
    assert '<th scope="row">I alt</th><td class="num text-align-right">35</td>' not in html


def test_ivan_and_alice_may_not(world, login):
    for user in (world.ivan, world.alice):
        assert login(user).get(reverse(URL)).status_code == 403
