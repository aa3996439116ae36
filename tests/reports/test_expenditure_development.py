"""Expenditure development (the Randers method) over the cohort's grants."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indgang.reports.demo import load_kos_cohort
from indgang.reports.expenditure import expenditure_development

D = Decimal


@pytest.fixture
def cohort(world):
    return load_kos_cohort(centre=world.centre, by=world.erin)


def test_quarter_against_the_baseline_average(world, cohort):
    d = expenditure_development(user=world.erin, baseline_year=2019, year=2021, quarter=1)
    rows = {r.label: r for r in d.rows}
    # 16 families with §41 at 1,500 a month, the whole quarter.
    assert rows["Merudgifter (§ 41)"].now == D("72000.00")
    # One extra case worker at 325,000 a year from the first quarter after the baseline.
    salary = rows["Øget lønomkostning (reduceret sagsstamme)"]
    assert (salary.baseline, salary.now) == (D("0"), D("81250.00"))
    assert rows["I alt"].now == D("153250.00")
    baseline_quarters = [q for q in d.quarters if q[0].startswith("2019")]
    assert len(baseline_quarters) == 4
    assert rows["Merudgifter (§ 41)"].baseline == (
        sum(q[1][2] for q in baseline_quarters) / 4
    ).quantize(D("0.01"))
    assert rows["I alt"].percent == (
        (rows["I alt"].now - rows["I alt"].baseline) / rows["I alt"].baseline * 100
    ).quantize(D("1"))
    assert d.quarters[-1][0] == "2021 K1"
    assert d.now_per_child == (D("153250") / d.quarters[-1][3]).quantize(D("0.01"))


def test_page_xlsx_and_bad_input(world, cohort, login):
    client = login(world.erin)
    params = {"baseline_year": 2019, "year": 2021, "quarter": 1}
    response = client.get(reverse("report_expenditure_development"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "72.000,00" in html and "81.250,00" in html and "<svg" in html
    response = client.get(reverse("report_expenditure_development"), {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert any(r[0] == "Merudgifter (§ 41)" and r[2] == 72000 for r in rows)
    assert any(r[0] == "I alt" and r[2] == 153250 for r in rows)
    bad = client.get(
        reverse("report_expenditure_development"),
        {**params, "year": 2019, "caseworkers": "to"},
    )
    assert bad.status_code == 200
    html = bad.content.decode()
    assert 'id="id_year-error"' in html and "Året skal ligge efter basisåret" in html
    assert 'id="id_caseworkers-error"' in html and "er ikke et tal" in html


def test_another_centre_sees_nothing(world, cohort):
    from indgang.organisation.models import Role
    from tests import factories as f

    olga = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    d = expenditure_development(user=olga, baseline_year=2019, year=2021, quarter=1)
    assert all(r.now == 0 for r in d.rows[:4])
    assert all(q[3] == 0 for q in d.quarters)
