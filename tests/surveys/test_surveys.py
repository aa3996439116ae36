"""Surveys as data, rounds sent as one-time links, answering without an account, the leader's
pages, tenancy and bad input."""

import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from indgang.interventions.models import Complaint
from indgang.organisation.models import Municipality, Role
from indgang.surveys import selectors, services
from indgang.surveys.models import Answer, Invitation, Question, Response, Round, Survey
from tests import factories as f
from tests.surveys.helpers import BASE, municipal_survey, send_round, template

PARENT_THEMES = [
    "Sammenhæng",
    "Inddragelse",
    "Fleksibilitet",
    "Tillid",
    "Indgang til kommunen",
    "Betydning for hverdagen",
]
STAFF_THEMES = [
    "Organisering",
    "Samarbejde",
    "Ledelse",
    "Sammenhæng",
    "Inddragelse",
    "Fleksibilitet",
    "Tillid",
    "Gavn for familierne",
]


def _token(mail) -> str:
    return re.search(r"/svar/([\w-]+)/", mail.body).group(1)


def _all(questions, score):
    return {f"q{q.pk}": str(score) for q in questions}


@pytest.fixture
def other_leader(world):
    """olga: leader of ivan's centre, which serves another municipality."""
    roskilde = f.MunicipalityFactory(name="Roskilde", code="265")
    world.other_centre.municipalities.add(roskilde)
    return f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)


# --- Surveys as data -------------------------------------------------------------------------


def test_the_seeded_templates_have_the_evaluations_themes(db):
    parent = template(Survey.Kind.PARENT)
    staff = template(Survey.Kind.STAFF)
    assert [t.name for t in parent.themes.all()] == PARENT_THEMES
    assert [t.name for t in staff.themes.all()] == STAFF_THEMES
    assert all(t.questions.exists() for t in [*parent.themes.all(), *staff.themes.all()])
    assert (
        parent.themes.get(name="Sammenhæng")
        .questions.filter(text__contains="klart formål med de møder")
        .exists()
    )
    assert (
        staff.themes.get(name="Ledelse")
        .questions.filter(text__contains="fornødne ressourcer")
        .exists()
    )


def test_a_municipality_copies_a_template_and_adds_questions(world, login):
    client = login(world.erin)
    ishoj = Municipality.objects.get(name="Ishøj")
    response = client.post(
        reverse("survey_list"),
        {
            "name": "Ishøjs måling",
            "kind": "parent",
            "municipality": ishoj.pk,
            "copy_from": template().pk,
            "anonymous": "on",
        },
    )
    survey = Survey.objects.get(name="Ishøjs måling")
    assert response.status_code == 302 and survey.municipality == ishoj
    assert survey.themes.count() == 6
    n = Question.objects.filter(theme__survey=survey).count()
    response = client.post(
        reverse("question_add", args=[survey.pk]),
        {"theme_name": "Møderne", "text": "Møderne holdes på et tidspunkt, der passer os"},
    )
    assert response.status_code == 302
    assert Question.objects.filter(theme__survey=survey).count() == n + 1
    assert survey.themes.filter(name="Møderne").exists()
    # The same question twice: a message by the field, nothing saved.
    response = client.post(
        reverse("question_add", args=[survey.pk]),
        {"theme_name": "Møderne", "text": "Møderne holdes på et tidspunkt, der passer os"},
    )
    assert response.status_code == 400
    assert "findes allerede" in response.content.decode()
    assert Question.objects.filter(theme__survey=survey).count() == n + 1
    # The template itself stays as the evaluation made it.
    with pytest.raises(ValidationError):
        services.question_add(by=world.erin, survey=template(), theme_name="X", text="Y")


def test_a_survey_for_a_municipality_outside_the_centre_is_refused(world, other_leader, login):
    roskilde = Municipality.objects.get(name="Roskilde")
    response = login(world.erin).post(
        reverse("survey_list"), {"name": "X", "kind": "parent", "municipality": roskilde.pk}
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert not Survey.objects.filter(name="X").exists()


# --- Rounds and one-time links ---------------------------------------------------------------


def test_a_round_sends_personal_one_time_links_without_names(world, mailoutbox):
    survey = municipal_survey(world)
    round_ = send_round(world, survey)
    (invitation,) = round_.invitations.all()
    assert invitation.person == world.parent and invitation.family == world.family
    (mail,) = mailoutbox
    assert mail.to == ["maria@familie.invalid"]
    link = re.search(r"https?://\S+", mail.body).group(0)
    assert invitation.token in link and len(invitation.token) >= 40
    for secret in ("Maria", "Hansen", "Alma"):
        assert secret not in link
    if world.parent.cpr:
        assert world.parent.cpr not in link


def test_answering_on_a_phone_without_an_account_and_only_once(world, client, mailoutbox):
    survey = municipal_survey(world)
    send_round(world, survey)
    url = reverse("survey_answer", args=[_token(mailoutbox[0])])
    phone = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"}
    page = client.get(url, **phone)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="viewport"' in text and "Ved ikke" in text and "slet ikke" in text
    assert world.family.name not in text and world.parent.full_name not in text
    questions = list(Question.objects.filter(theme__survey=survey))
    data = _all(questions, 5)
    data[f"q{questions[0].pk}"] = ""  # ved ikke
    response = client.post(url, data, **phone)
    assert response.status_code == 200 and "Tak for dine svar" in response.content.decode()
    answer = Response.objects.get()
    assert answer.invitation is None  # anonymous: the answer is not linked to the link
    assert Answer.objects.filter(response=answer, score=None).count() == 1
    assert Invitation.objects.get().answered_at is not None
    # The second use: a clear Danish message, nothing saved.
    again = client.post(url, _all(questions, 2), **phone)
    assert again.status_code == 410
    assert "kan kun bruges én gang" in again.content.decode()
    assert client.get(url).status_code == 410
    assert Response.objects.count() == 1
    # An unknown link.
    unknown = client.get(reverse("survey_answer", args=["ikke-et-link"]))
    assert unknown.status_code == 404 and "Linket er ugyldigt" in unknown.content.decode()


def test_a_score_outside_1_to_6_is_a_clear_message_and_nothing_is_saved(world, client, mailoutbox):
    survey = municipal_survey(world)
    send_round(world, survey)
    url = reverse("survey_answer", args=[_token(mailoutbox[0])])
    questions = list(Question.objects.filter(theme__survey=survey))
    for bad in ("7", "0", "-1", "abc", "99999999999999999999"):
        data = _all(questions, 4)
        data[f"q{questions[1].pk}"] = bad
        response = client.post(url, data)
        assert response.status_code == 400, bad
        assert "Svaret skal være fra 1 til 6" in response.content.decode()
    missing = _all(questions, 4)
    del missing[f"q{questions[2].pk}"]
    response = client.post(url, missing)
    assert response.status_code == 400 and "Vælg et svar" in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert Invitation.objects.get().answered_at is None
    # The service refuses it too, whatever the caller.
    token = Invitation.objects.get().token
    with pytest.raises(ValidationError):
        services.response_submit(token=token, scores={q.pk: 7 for q in questions})
    assert not Response.objects.exists()


def test_a_linked_survey_keeps_the_link_and_the_response_rate(world, client, mailoutbox):
    survey = municipal_survey(world, anonymous=False, name="Koblet")
    f.PersonFactory(family=world.family, parent=True, first_name="Jens", email="jens@x.invalid")
    round_ = send_round(world, survey)
    assert round_.invitations.count() == 2
    token = _token(mailoutbox[0])
    questions = Question.objects.filter(theme__survey=survey)
    client.post(reverse("survey_answer", args=[token]), _all(questions, 3))
    assert Response.objects.get().invitation.token == token
    login = client
    login.force_login(world.erin, backend="indgang.signin.backends.StaffModelBackend")
    page = login.get(reverse("survey_detail", args=[survey.pk])).content.decode()
    assert "50 %" in page


def test_reminders_go_to_those_who_have_not_answered(world, client, mailoutbox):
    survey = municipal_survey(world)
    f.PersonFactory(family=world.family, parent=True, first_name="Jens", email="jens@x.invalid")
    round_ = send_round(world, survey)
    questions = Question.objects.filter(theme__survey=survey)
    answered_token = _token(mailoutbox[0])
    client.post(reverse("survey_answer", args=[answered_token]), _all(questions, 3))
    mailoutbox.clear()
    call_command("survey_reminders", "--days", "0", "--base-url", BASE, stdout=io.StringIO())
    (mail,) = mailoutbox
    assert mail.subject.startswith("Påmindelse") and answered_token not in mail.body
    pending = round_.invitations.get(answered_at=None)
    assert pending.reminders == 1 and pending.token in mail.body
    # Reminded within the last 7 days: not again today.
    mailoutbox.clear()
    call_command("survey_reminders", "--days", "7", "--base-url", BASE, stdout=io.StringIO())
    assert mailoutbox == []


def test_a_round_name_twice_is_a_message_by_the_field(world, login):
    survey = municipal_survey(world)
    send_round(world, survey)
    ishoj = Municipality.objects.get(name="Ishøj")
    response = login(world.erin).post(
        reverse("round_create", args=[survey.pk]),
        {
            "name": "Baseline",
            "municipality": ishoj.pk,
            "model": "een_familie",
            "opened_on": "2026-11-20",
        },
    )
    assert response.status_code == 400
    assert "findes allerede en runde" in response.content.decode()
    assert Round.objects.count() == 1


# --- Analysis page, XLSX, response bias ------------------------------------------------------


def _answer_round(world, survey, name, opened_on, scores):
    round_ = Round.objects.create(
        survey=survey,
        municipality=Municipality.objects.get(name="Ishøj"),
        name=name,
        opened_on=opened_on,
    )
    questions = list(Question.objects.filter(theme__survey=survey))
    for i, score in enumerate(scores):
        response = Response.objects.create(
            round=round_, respondent=f"{name}{i}", submitted_at="2026-11-01T10:00Z"
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=q, score=score) for q in questions
        )
    return round_


def test_the_analysis_page_and_its_xlsx(world, login):
    survey = municipal_survey(world)
    _answer_round(world, survey, "Baseline", date(2026, 1, 1), [3, 4, 3, 2])
    _answer_round(world, survey, "Slutmåling", date(2026, 10, 1), [5, 5, 6, 4])
    client = login(world.erin)
    page = client.get(reverse("survey_analysis", args=[survey.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sammenhæng" in text and "Welch" in text and 'src="data:image/svg+xml;base64,' in text
    assert "3,0" in text and "5,0" in text  # the means with a decimal comma
    response = client.get(reverse("survey_analysis", args=[survey.pk]), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    themes = list(book["Temaer"].iter_rows(values_only=True))
    assert themes[1] == ("Tema", "Runde", "Gennemsnit", "n", "Standardafvigelse")
    row = next(r for r in themes if r[0] == "Tillid" and r[1] == "Slutmåling")
    assert row[2] == pytest.approx(5.0) and row[3] == 4
    tests = list(book["Slut mod baseline"].iter_rows(values_only=True))
    tillid = next(r for r in tests if r[0] == "Tillid")
    assert tillid[7] == "ja" and tillid[6] < 0.05


def test_the_bias_check_counts_complaints_per_family(world, login, mailoutbox):
    survey = municipal_survey(world)
    other = f.FamilyFactory(
        name="Familien Holm", centre=world.centre, municipality=world.family.municipality
    )
    f.PersonFactory(family=other, parent=True, first_name="Per", email="per@x.invalid")
    case = f.CaseFactory(family=other, enrolled=True)
    round_ = send_round(world, survey)
    assert round_.invitations.count() == 2
    for day in (1, 2):
        Complaint.objects.create(
            case=case,
            family=other,
            municipality=other.municipality,
            kind=Complaint.Kind.CASE_HANDLING,
            received_on=date(2026, 10, day),
            reconsideration_deadline=date(2026, 10, 30),
            created_by=world.alice,
        )
    round_.invitations.filter(family=world.family).update(answered_at="2026-11-02T10:00Z")
    page = login(world.erin).get(reverse("survey_analysis", args=[survey.pk])).content.decode()
    assert "Svarskævhed" in page and "Klager pr. familie" in page
    assert "Familien Holm" not in page and world.family.name not in page
    assert world.parent.full_name not in page  # whole names: a user's surname may be Hansen
    (complaints, interventions) = selectors.bias_check(rounds=[round_])
    assert (complaints.respondents_mean, complaints.non_respondents_mean) == (0, 2)
    assert (complaints.n_respondents, complaints.n_non_respondents) == (1, 1)
    assert interventions.respondents_mean == interventions.non_respondents_mean == 0


# --- Access and tenancy ----------------------------------------------------------------------


def test_another_centres_leader_cannot_reach_the_survey_or_its_round(world, other_leader, login):
    survey = municipal_survey(world)
    round_ = send_round(world, survey)
    client = login(other_leader)
    assert client.get(reverse("survey_list")).status_code == 200
    assert "Ishøjs forældremåling" not in client.get(reverse("survey_list")).content.decode()
    for name in ("survey_detail", "survey_analysis"):
        assert client.get(reverse(name, args=[survey.pk])).status_code == 404
    assert (
        client.post(
            reverse("question_add", args=[survey.pk]), {"theme_name": "A", "text": "B"}
        ).status_code
        == 404
    )
    assert client.post(reverse("round_remind", args=[round_.pk])).status_code == 404
    # A round of the template in Ishøj is refused too.
    with pytest.raises(ValidationError):
        services.round_create(
            by=other_leader,
            survey=template(),
            municipality=Municipality.objects.get(name="Ishøj"),
            name="X",
            model="een_familie",
            opened_on=date(2026, 11, 1),
            base_url=BASE,
        )
    # The national template is visible, but its Ishøj rounds are not.
    send_round(world, template(), name="Landsskabelon")
    page = client.get(reverse("survey_detail", args=[template().pk])).content.decode()
    assert "Landsskabelon" not in page
