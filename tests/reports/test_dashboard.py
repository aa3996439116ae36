"""The leader's dashboard: figures linked to their reports, the chart with its table."""

from datetime import date

from django.urls import reverse

from indgang.organisation.models import Role
from indgang.reports.dashboard import dashboard_for
from tests import factories as f


def test_figures(world):
    board = dashboard_for(user=world.erin, today=date(2026, 11, 23))
    assert board.enrolled_now == 1  # the Hansen family
    assert [load.coordinator for load in board.caseloads] == [world.alice]
    assert board.caseloads[0].active == 1
    assert board.complaints == [(2025, 0, 0), (2026, 0, 0)]


def test_another_centres_leader_sees_none_of_it(world):
    olga = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    board = dashboard_for(user=olga, today=date(2026, 11, 23))
    assert board.enrolled_now == 1  # the Andersen family of her own centre, not Hansen
    assert world.alice not in [load.coordinator for load in board.caseloads]


def test_page(world, login):
    response = login(world.frank).get(reverse("report_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and 'alt="Sagstal pr. koordinator"' in html
    assert f'href="{reverse("participant_list")}">1</a>' in html
    assert reverse("report_kos_status") in html and reverse("report_economics") in html
    assert "Familien Hansen" not in html
