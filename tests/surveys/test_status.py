"""The quarterly status measurement of the four core elements, and the demo's figures."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indgang.organisation.models import Municipality, Role
from indgang.surveys import demo, selectors
from indgang.surveys.models import CoreElement, StatusScore
from tests import factories as f

# The evaluation's figure 4 for "Én familie – én indgang", keyed by element name as the issue
# does (the report's figure numbers the elements differently from its list).
EVALUATION = {
    "Koordineret sagsbehandling": (4.3, 4.3, 4.7),
    "Inddragelse af familien": (4.6, 4.8, 4.8),
    "Fælles systematisk tilgang": (4.0, 3.7, 4.4),
    "Fælles finansiering": (2.3, 1.6, 2.8),
}


def _scores(**overrides):
    data = {e.value: "4" for e in CoreElement}
    data.update(overrides)
    return data


def test_the_demo_reproduces_the_evaluations_figures(world):
    ishoj = Municipality.objects.get(name="Ishøj")
    ishoj.code = "183"
    ishoj.save()
    demo.load()
    demo.load()  # idempotent
    assert StatusScore.objects.filter(scored_by=None).count() == 4 * 3 * demo.SCORERS
    trend = selectors.status_trend(user=world.erin, municipality=ishoj)
    assert trend.quarters == [(2020, 1), (2020, 3), (2021, 3)]
    figures = {label: tuple(round(m, 1) for m, _ in cells) for label, cells in trend.rows}
    assert figures == EVALUATION
    for _label, cells in trend.rows:
        for mean, n in cells:
            assert n == demo.SCORERS
            assert round(mean, 1) == pytest.approx(mean)  # exact, not rounded into place
    assert all(1 <= s.score <= 6 for s in StatusScore.objects.all())


def test_key_staff_score_a_quarter_and_leaders_see_the_trend(world, login):
    ishoj = Municipality.objects.get(name="Ishøj")
    form = {"municipality": ishoj.pk, "model": "een_familie", "year": 2026, "quarter": 4}
    response = login(world.alice).post(
        reverse("status_measure"), {**form, **_scores(inddragelse="6")}
    )
    assert response.status_code == 302
    assert StatusScore.objects.filter(scored_by=world.alice).count() == 4
    login(world.bob).post(reverse("status_measure"), {**form, **_scores(inddragelse="3")})
    client = login(world.erin)
    page = client.get(reverse("status_trend")).content.decode()
    assert "4. kvt. 2026" in page and "4,5" in page and 'src="data:image/svg+xml;base64,' in page
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("status_trend"), {"format": "xlsx"}).content)
    )
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Kerneelement", "4. kvt. 2026")
    assert ("Inddragelse af familien", 4.5) in rows


@pytest.mark.parametrize("bad", ["7", "0", "x", ""])
def test_a_score_outside_1_to_6_is_refused_by_the_field(world, login, bad):
    ishoj = Municipality.objects.get(name="Ishøj")
    form = {"municipality": ishoj.pk, "model": "een_familie", "year": 2026, "quarter": 4}
    response = login(world.alice).post(
        reverse("status_measure"), {**form, **_scores(finansiering=bad)}
    )
    assert response.status_code == 400
    assert "fra 1 til 6" in response.content.decode()
    assert not StatusScore.objects.exists()


def test_a_quarter_scored_twice_is_a_clear_message(world, login):
    ishoj = Municipality.objects.get(name="Ishøj")
    form = {"municipality": ishoj.pk, "model": "een_familie", "year": 2026, "quarter": 4}
    client = login(world.alice)
    client.post(reverse("status_measure"), {**form, **_scores()})
    response = client.post(reverse("status_measure"), {**form, **_scores(koordineret="2")})
    assert response.status_code == 400
    assert "allerede givet din vurdering" in response.content.decode()
    assert StatusScore.objects.count() == 4


def test_another_centres_leader_sees_none_of_our_scores(world, login):
    roskilde = f.MunicipalityFactory(name="Roskilde", code="265")
    world.other_centre.municipalities.add(roskilde)
    olga = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    ishoj = Municipality.objects.get(name="Ishøj")
    login(world.alice).post(
        reverse("status_measure"),
        {"municipality": ishoj.pk, "model": "een_familie", "year": 2026, "quarter": 4, **_scores()},
    )
    page = login(olga).get(reverse("status_trend")).content.decode()
    assert "4. kvt. 2026" not in page and "Ingen statusvurderinger" in page
    assert selectors.status_trend(user=olga).quarters == []
    # Nor can she score for Ishøj.
    response = login(olga).post(
        reverse("status_measure"),
        {"municipality": ishoj.pk, "model": "een_familie", "year": 2026, "quarter": 4, **_scores()},
    )
    assert response.status_code == 400 and StatusScore.objects.count() == 4
