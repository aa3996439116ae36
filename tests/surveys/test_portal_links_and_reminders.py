"""Survey links on the parents' portal; a round's closing day; the quarterly reminder to score
the core elements (annual cycle, e-mail, Min uge)."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from indgang.followup.models import AnnualEvent
from indgang.organisation.models import Municipality
from indgang.surveys import services
from indgang.surveys.models import Invitation, Question, Round, StatusReminder
from indgang.surveys.reminders import scorers_to_remind, status_event_ensure, status_reminders_send
from indgang.surveys.selectors import open_links_for_person
from tests.portal.conftest import maria, parents  # noqa: F401  (fixtures)
from tests.surveys.helpers import BASE, municipal_survey, send_round

HEADING = "Vi vil gerne høre din mening"


def _answer(token):
    survey = Invitation.objects.get(token=token).round.survey
    questions = Question.objects.filter(theme__survey=survey)
    return services.response_submit(token=token, scores={q.pk: 4 for q in questions})


def test_the_link_is_on_the_portal_until_answered(world, maria):  # noqa: F811
    survey = municipal_survey(world)
    round_ = send_round(world, survey)
    invitation = round_.invitations.get(person=world.parent)
    link = reverse("survey_answer", kwargs={"token_id": invitation.token})
    html = maria.get(reverse("portal:home")).content.decode()
    assert HEADING in html and f'href="{link}"' in html
    assert survey.name in html
    _answer(invitation.token)
    html = maria.get(reverse("portal:home")).content.decode()
    assert HEADING not in html and link not in html


def test_only_the_parents_own_links(world, parents):  # noqa: F811
    round_ = send_round(world, municipal_survey(world))
    maria_links = open_links_for_person(person=world.parent)
    peter_links = open_links_for_person(person=parents.peter)
    assert len(maria_links) == len(peter_links) == 1
    assert maria_links[0].url != peter_links[0].url
    mine = round_.invitations.get(person=world.parent).token
    assert mine in maria_links[0].url


def test_a_closed_round_leaves_the_portal_and_refuses_answers(world, maria, client):  # noqa: F811
    survey = municipal_survey(world)
    round_ = services.round_create(
        by=world.erin,
        survey=survey,
        municipality=Municipality.objects.get(name="Ishøj"),
        name="Slutmåling",
        model="een_familie",
        opened_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
        base_url=BASE,
    )
    token = round_.invitations.get(person=world.parent).token
    assert len(open_links_for_person(person=world.parent)) == 1
    with time_machine.travel(date(2026, 12, 1), tick=False):
        assert open_links_for_person(person=world.parent) == []
        assert HEADING not in maria.get(reverse("portal:home")).content.decode()
        response = client.get(reverse("survey_answer", kwargs={"token_id": token}))
        assert response.status_code == 410
        assert "lukkede den 30.11.2026" in response.content.decode()
        with pytest.raises(services.ValidationError):
            _answer(token)
    assert not round_.responses.exists()


def test_a_round_cannot_close_before_it_opens(world):
    with pytest.raises(services.ValidationError) as raised:
        services.round_create(
            by=world.erin,
            survey=municipal_survey(world),
            municipality=Municipality.objects.get(name="Ishøj"),
            name="Baglæns",
            model="een_familie",
            opened_on=date(2026, 11, 10),
            closes_on=date(2026, 11, 1),
            base_url=BASE,
        )
    assert "kan ikke lukke, før den sendes (10.11.2026)" in str(raised.value)
    assert not Round.objects.filter(name="Baglæns").exists()


def test_the_round_form_refuses_a_bad_closing_day(world, login):
    survey = municipal_survey(world)
    response = login(world.erin).post(
        reverse("round_create", args=[survey.pk]),
        {
            "name": "Midtvejs",
            "municipality": Municipality.objects.get(name="Ishøj").pk,
            "model": "een_familie",
            "opened_on": "2026-11-10",
            "closes_on": "2026-11-01",
        },
    )
    assert response.status_code == 400
    assert "kan ikke lukke, før den sendes" in response.content.decode()
    assert not Round.objects.filter(name="Midtvejs").exists()


# --- The quarterly reminder ---------------------------------------------------------------------


def _scores(world, user, quarter=4):
    services.status_scores_record(
        by=user,
        municipality=Municipality.objects.get(name="Ishøj"),
        model="een_familie",
        year=2026,
        quarter=quarter,
        scores={"inddragelse": 4, "koordineret": 4, "systematisk": 4, "finansiering": 4},
    )


def test_no_event_in_the_annual_cycle_no_reminder(world):
    assert scorers_to_remind(today=date(2026, 11, 23)) == []
    assert status_reminders_send(today=date(2026, 11, 23)) == 0


def test_key_staff_who_have_not_scored_are_reminded_once(world):
    event = status_event_ensure(centre=world.centre, by=world.erin, first_on=date(2026, 1, 15))
    assert event.recurrence == AnnualEvent.Recurrence.QUARTERLY
    assert (
        status_event_ensure(centre=world.centre, by=world.erin, first_on=date(2026, 2, 1)) == event
    )
    # 23.11: this quarter's date (15.10) has passed; alice has scored, the others not.
    _scores(world, world.alice)
    due = {d.user.username for d in scorers_to_remind(today=date(2026, 11, 23))}
    assert due == {"bob", "erin", "frank"}  # key staff of the centre; not ivan, carol, heidi
    mail.outbox.clear()
    assert status_reminders_send(today=date(2026, 11, 23), base_url="https://indgang.invalid") == 3
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {"Indgang: statusmåling for 4. kvartal 2026"}
    assert "https://indgang.invalid/evaluering/status/" in mail.outbox[0].body
    assert status_reminders_send(today=date(2026, 11, 24)) == 0  # once per quarter
    assert StatusReminder.objects.count() == 3


def test_not_before_the_week_of_the_quarters_date(world):
    status_event_ensure(centre=world.centre, by=world.erin, first_on=date(2026, 1, 15))
    assert scorers_to_remind(today=date(2026, 10, 7)) == []  # 15.10 is more than a week away
    assert {d.user.username for d in scorers_to_remind(today=date(2026, 10, 8))} >= {"alice"}


def test_min_uge_shows_it_until_scored(world, login):
    status_event_ensure(centre=world.centre, by=world.erin, first_on=date(2026, 1, 15))
    client = login(world.alice)
    html = client.get(reverse("my_week")).content.decode()
    assert "Statusmåling for 4. kvartal 2026" in html
    assert reverse("status_measure") in html
    _scores(world, world.alice)
    html = client.get(reverse("my_week")).content.decode()
    assert "Statusmåling for 4. kvartal 2026" not in html
    # Another centre's coordinator: no event in his annual cycle, no panel.
    assert "Statusmåling for" not in login(world.ivan).get(reverse("my_week")).content.decode()


def test_two_open_rounds_of_a_survey_show_one_link_the_newest(world, maria):  # noqa: F811
    survey = municipal_survey(world)
    ishoj = Municipality.objects.get(name="Ishøj")
    rounds = [
        services.round_create(
            by=world.erin,
            survey=survey,
            municipality=ishoj,
            name=name,
            model="een_familie",
            opened_on=opened_on,
            base_url=BASE,
        )
        for name, opened_on in (("Baseline", date(2026, 10, 1)), ("Midtvejs", date(2026, 11, 1)))
    ]
    (link,) = open_links_for_person(person=world.parent)
    newest = rounds[1].invitations.get(person=world.parent).token
    assert newest in link.url
    html = maria.get(reverse("portal:home")).content.decode()
    assert html.count(f"«{survey.name}»") == 1
