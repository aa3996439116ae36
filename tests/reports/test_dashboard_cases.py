"""The dashboard's figures lead to the families behind them; the latest survey themes and
status scores are on the dashboard with their charts and tables."""

from datetime import date

from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.organisation.models import Municipality, Role
from indgang.reports.dashboard import dashboard_for, families_behind
from indgang.surveys import services as survey_services
from indgang.surveys.models import Question
from tests import factories as f
from tests.surveys.helpers import municipal_survey, send_round

URL = reverse("report_dashboard_cases")


def test_families_behind_each_figure(world):
    world.case.enrolled_on = date(2026, 10, 5)
    world.case.save()
    names = lambda figure, **kw: [  # noqa: E731
        fam.name for fam, _ in families_behind(user=world.erin, figure=figure, **kw).rows
    ]
    assert names("indskrevet") == ["Familien Hansen"]
    assert names("indskrevet-i-kvartalet") == ["Familien Hansen"]
    assert names("udskrevet-i-kvartalet") == []
    assert names("klager", year=2026) == []
    board = dashboard_for(user=world.erin, today=date(2026, 11, 23))
    assert board.enrolled_now == len(names("indskrevet"))
    assert board.overdue == len(names("overskredet"))


def test_another_centres_leader_sees_only_their_own(world, login):
    olga = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    html = login(olga).get(URL, {"tal": "indskrevet"}).content.decode()
    assert "Familien Andersen" in html and "Familien Hansen" not in html


def test_page_lists_and_logs_the_families(world, login):
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = login(world.erin).get(URL, {"tal": "indskrevet"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Familien Hansen" in html and "Familien Andersen" not in html
    assert reverse("family_detail", args=[world.family.pk]) in html
    events = AuditEvent.objects.filter(pk__gt=last, action="view", user=world.erin)
    families = set(AuditFamily.objects.filter(event__in=events).values_list("family_id", flat=True))
    assert world.family.pk in families | set(events.values_list("family_id", flat=True))


def test_bad_choices(world, login):
    client = login(world.erin)
    assert client.get(URL, {"tal": "alle-familier"}).status_code == 404
    response = client.get(URL, {"tal": "klager", "aar": "tyve"})
    assert response.status_code == 400
    assert "Året skal være et årstal" in response.content.decode()
    assert login(world.alice).get(URL).status_code == 403


def test_dashboard_links_to_the_families(world, login):
    html = login(world.erin).get(reverse("report_dashboard")).content.decode()
    for figure in ("indskrevet", "indskrevet-i-kvartalet", "udskrevet-i-kvartalet", "overskredet"):
        assert f'href="{URL}?tal={figure}"' in html
    assert f'href="{URL}?tal=klager&amp;aar=2026"' in html


def _answered_round(world):
    survey = municipal_survey(world)
    round_ = send_round(world, survey, name="Slutmåling")
    questions = list(Question.objects.filter(theme__survey=survey))
    token = round_.invitations.get().token
    survey_services.response_submit(token=token, scores={q.pk: 5 for q in questions})
    return survey, round_


def test_latest_survey_themes_and_status_scores(world, login):
    survey, round_ = _answered_round(world)
    ishoj = Municipality.objects.get(name="Ishøj")
    scores = {"inddragelse": 4, "koordineret": 5, "systematisk": 3, "finansiering": 2}
    survey_services.status_scores_record(
        by=world.alice, municipality=ishoj, model="een_familie", year=2026, quarter=3, scores=scores
    )
    survey_services.status_scores_record(
        by=world.alice,
        municipality=ishoj,
        model="een_familie",
        year=2026,
        quarter=4,
        scores={**scores, "finansiering": 4},
    )
    board = dashboard_for(user=world.erin, today=date(2026, 11, 23))
    assert board.themes.round == round_
    assert {c.theme: (c.mean, c.n) for c in board.themes.themes}["Tillid"] == (5.0, 1)
    latest = {s.element: (s.quarter, s.mean, s.n) for s in board.status_scores}
    assert latest["Fælles finansiering"] == ((2026, 4), 4.0, 1)
    html = login(world.erin).get(reverse("report_dashboard")).content.decode()
    assert "Seneste spørgeskemarunde" in html and "Slutmåling" in html
    # caseloads, survey themes and status scores: each an SVG image beside its table
    assert html.count('src="data:image/svg+xml;base64,') == 3
    assert "4. kvt. 2026" in html
    assert reverse("survey_analysis", args=[survey.pk]) in html
    # Another centre's leader sees neither.
    olga = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    other = dashboard_for(user=olga, today=date(2026, 11, 23))
    assert other.themes is None
    assert all(s.quarter is None for s in other.status_scores)
