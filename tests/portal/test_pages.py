"""The parents' pages: what happens next, applications and decisions, consent, the access log,
the plan (comments and suggestions), each with another family's ids and bad input."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from indgang.audit.models import AuditEvent
from indgang.families.models import Consent
from indgang.meetings import services as meeting_services
from indgang.meetings.models import Agreement, Meeting, Participant
from indgang.organisation.models import Department
from indgang.portal.models import GoalComment, GoalSuggestion, MeetingResponse, PortalSettings
from tests.interventions.helpers import configure, grant

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def meeting(world):
    meeting = meeting_services.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": Meeting.Type.ASSESSMENT, "starts_at": datetime(2026, 12, 3, 10, tzinfo=CPH)},
    )
    Participant.objects.create(meeting=meeting, kind=Participant.Kind.STAFF, user=world.bob)
    return meeting


@pytest.fixture
def jensen_meeting(world, parents):
    case = parents.peter.family.cases.get()
    return meeting_services.meeting_create(
        by=world.alice,
        case=case,
        data={"type": Meeting.Type.STATUS, "starts_at": datetime(2026, 12, 4, 10, tzinfo=CPH)},
    )


def _text(response) -> str:
    return response.content.decode()


def test_what_happens_next_shows_preparation_and_who_comes(world, maria, meeting):
    page = _text(maria.get("/familie/det-der-sker/"))
    assert "Udredningsmøde" in page and "Formål:" in page
    assert "Bob" in page


def test_accept_or_ask_to_move_with_a_reason(world, maria, meeting, login):
    url = f"/familie/det-der-sker/{meeting.pk}/svar/"
    response = maria.post(url, {f"m{meeting.pk}-answer": "move", f"m{meeting.pk}-reason": " "})
    assert response.status_code == 400
    assert "Skriv kort, hvorfor mødet skal flyttes" in _text(response)
    assert not MeetingResponse.objects.exists()
    response = maria.post(
        url, {f"m{meeting.pk}-answer": "move", f"m{meeting.pk}-reason": "Vi er på ferie"}
    )
    assert response.status_code == 302
    response = MeetingResponse.objects.get()
    assert response.account.person == world.parent and response.reason == "Vi er på ferie"
    event = AuditEvent.objects.get(object_type="meetingresponse")
    assert event.user.parent_account.person == world.parent
    assert event.family_id == world.family.pk
    # The coordinator sees it on the family page (the portal's panel).
    staff_page = _text(login(world.alice).get(f"/familier/{world.family.pk}/"))
    assert "Vi vil gerne flytte mødet" in staff_page and "Vi er på ferie" in staff_page


def test_a_topic_for_the_meeting_reaches_the_coordinator(world, maria, meeting, login):
    url = f"/familie/det-der-sker/{meeting.pk}/emne/"
    assert maria.post(url, {f"t{meeting.pk}-text": ""}).status_code == 400
    assert maria.post(url, {f"t{meeting.pk}-text": "Almas søvn"}).status_code == 302
    assert "Almas søvn" in _text(maria.get("/familie/det-der-sker/"))
    assert "Almas søvn" in _text(login(world.alice).get(f"/familier/{world.family.pk}/"))


def test_another_familys_meeting_is_missing_and_logged(world, maria, jensen_meeting):
    for path in ("svar", "emne"):
        url = f"/familie/det-der-sker/{jensen_meeting.pk}/{path}/"
        assert maria.post(url, {"x": "y"}).status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_type="meeting").count() == 2
    assert "Statusmøde" not in _text(maria.get("/familie/det-der-sker/"))


def test_past_meetings_show_agreements_and_status(world, maria, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD, starts_at=datetime(2026, 11, 2, 10, tzinfo=CPH)
    )
    Agreement.objects.create(
        case=world.case,
        meeting=meeting,
        task="Søg om autostol",
        owner_user=world.bob,
        due_on=date(2026, 12, 15),
        created_by=world.alice,
    )
    page = _text(maria.get("/familie/det-der-sker/"))
    assert "Tidligere møder" in page and "Søg om autostol" in page and "15. dec. 2026" in page


def test_applications_with_expected_date_letter_and_complaint_guidance(world, maria, parents):
    configure(world)
    decision = grant(world)
    jensen_case = parents.peter.family.cases.get()
    other = grant(world, case=jensen_case)
    page = _text(maria.get("/familie/ansoegninger/"))
    assert "Bevilget" in page and "Sådan klager I" in page
    response = maria.get(f"/familie/ansoegninger/afgoerelse/{decision.pk}/brev/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Hansen" in text
    assert maria.get(f"/familie/ansoegninger/afgoerelse/{other.pk}/brev/").status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_type="decision").exists()


def test_a_pending_application_shows_the_expected_decision_date(world, maria):
    from indgang.interventions import services as intervention_services
    from tests.interventions.helpers import kind

    configure(world)
    application = intervention_services.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("extra_costs"),
        received_on=date(2026, 11, 2),
        started_by="family",
        person=world.child,
    )
    page = _text(maria.get("/familie/ansoegninger/"))
    assert "Under behandling" in page
    assert f"senest den {application.deadline.day}." in page


def test_withdrawing_consent_tells_the_coordinator_at_once(world, maria, login):
    world.alice.email = "alice@ishoj.invalid"
    world.alice.save()
    consent = Consent.objects.create(
        case=world.case,
        given_by=world.parent,
        given_on=date(2026, 1, 20),
        covers="Deltagelse og udveksling af oplysninger",
        recorded_by=world.alice,
    )
    assert "udveksling af oplysninger" in _text(maria.get("/familie/samtykke/"))
    url = f"/familie/samtykke/{consent.pk}/traek-tilbage/"
    response = maria.post(url, {})
    assert response.status_code == 400 and "Sæt kryds for at bekræfte" in _text(response)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None and not mail.outbox
    assert maria.post(url, {"confirm": "on"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 11, 23)
    (message,) = mail.outbox
    assert message.to == ["alice@ishoj.invalid"]
    # Whole names: the recipient's random factory surname may be Hansen.
    assert world.family.name not in message.subject + message.body
    assert world.parent.full_name not in message.subject + message.body
    assert world.parent.cpr not in message.body and "Alma" not in message.body
    # A second withdrawal is refused with a message, nothing changes.
    again = maria.post(url, {"confirm": "on"})
    assert again.status_code == 400 and "allerede trukket tilbage" in _text(again)
    staff_page = _text(login(world.alice).get(f"/familier/{world.family.pk}/"))
    assert "trukket tilbage" in staff_page.lower()


def test_another_familys_consent_is_missing(world, maria, parents):
    other = Consent.objects.create(
        case=parents.peter.family.cases.get(),
        given_by=parents.peter,
        given_on=date(2026, 1, 20),
        covers="Deltagelse",
        recorded_by=world.alice,
    )
    assert (
        maria.post(f"/familie/samtykke/{other.pk}/traek-tilbage/", {"confirm": "on"}).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.withdrawn_on is None


def test_the_access_log_shows_department_role_and_why_not_names(world, maria, login):
    department = Department.objects.create(
        municipality=world.family.municipality, name="Børn og Unge", sector="children"
    )
    world.alice.department = department
    world.alice.save()
    staff = Client()
    staff.force_login(world.alice, backend="indgang.signin.backends.StaffModelBackend")
    assert staff.get(f"/familier/{world.family.pk}/").status_code == 200
    page = _text(maria.get("/familie/hvem-har-set/"))
    assert "Børn og Unge" in page and "Familiekoordinator" in page
    assert "Arbejde med jeres sag" in page
    assert "Alice" not in page
    PortalSettings.objects.create(
        municipality=world.family.municipality, show_staff_names_in_access_log=True
    )
    assert "Alice" in _text(maria.get("/familie/hvem-har-set/"))


def test_staff_notes_and_the_contact_log_never_reach_the_parent(world, maria, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(minutes="Intern note: mor virker presset")
    for path in ("", "det-der-sker/", "plan/", "samtykke/", "hvem-har-set/", "ansoegninger/"):
        assert "Intern note" not in _text(maria.get(f"/familie/{path}"))


def test_comment_on_a_goal_and_suggest_a_new_one(world, maria, login):
    from indgang.plans import services as plan_services
    from tests.plans.matrix import goal_data

    goal = plan_services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    url = f"/familie/plan/mal/{goal.pk}/kommentar/"
    assert maria.post(url, {"text": ""}).status_code == 400
    assert maria.post(url, {"text": "Det går bedre om aftenen"}).status_code == 302
    assert maria.post("/familie/plan/forslag/", {"text": ""}).status_code == 400
    assert (
        maria.post("/familie/plan/forslag/", {"text": "Alma skal lære at cykle"}).status_code == 302
    )
    assert GoalComment.objects.get().account.person == world.parent
    assert GoalSuggestion.objects.get().text == "Alma skal lære at cykle"
    staff = _text(login(world.alice).get(f"/familier/{world.family.pk}/"))
    assert "Det går bedre om aftenen" in staff and "Alma skal lære at cykle" in staff


def test_the_plan_pdf_is_the_familys(world, maria):
    from indgang.plans import services as plan_services
    from tests.plans.matrix import goal_data

    assert maria.get("/familie/plan/pdf/").status_code == 404  # no plan yet
    plan_services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    response = maria.get("/familie/plan/pdf/")
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Alma sover igennem om natten" in text
    assert world.parent.cpr not in response["Content-Disposition"]


def test_feedback_after_a_meeting_and_a_low_score_asks_the_coordinator_to_call(
    world, maria, meeting
):
    from indgang.portal.models import MeetingFeedback

    url = f"/familie/det-der-sker/{meeting.pk}/feedback/"
    data = {f"f{meeting.pk}-useful": "2", f"f{meeting.pk}-heard": "5"}
    # Not before the meeting is held.
    assert maria.post(url, data).status_code == 400
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD, starts_at=datetime(2026, 11, 2, 10, tzinfo=CPH)
    )
    bad = maria.post(url, {f"f{meeting.pk}-useful": "9", f"f{meeting.pk}-heard": "5"})
    assert bad.status_code == 400 and not MeetingFeedback.objects.exists()
    data[f"f{meeting.pk}-different"] = "Mere tid til vores spørgsmål"
    assert maria.post(url, data).status_code == 302
    again = maria.post(url, data)
    assert again.status_code == 400 and "allerede svaret" in _text(again)
    assert "Tak for jeres svar på mødet" in _text(maria.get("/familie/det-der-sker/"))
    feedback = MeetingFeedback.objects.get()
    assert feedback.is_low and feedback.account.person == world.parent
    staff = Client()
    staff.force_login(world.alice, backend="indgang.signin.backends.StaffModelBackend")
    page = _text(staff.get(f"/familier/{world.family.pk}/"))
    assert "Ring til familien i morgen" in page and "Mere tid til vores spørgsmål" in page
