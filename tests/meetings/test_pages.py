"""The meetings pages through the test client: forms, bad input, audit, constant queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.meetings import selectors, services
from indgang.meetings.models import Agreement, Assessment, Meeting, Participant
from indgang.organisation.models import Department
from tests import factories as f
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_create_a_meeting_through_the_form(world, login):
    client = login(world.alice)
    response = client.post(
        reverse("meeting_create", args=[world.family.pk]),
        {
            "type": "assessment",
            "starts_at": "2026-12-03T09:00",
            "place": "Hjemme",
            "home_visit": "on",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", args=[world.family.pk, meeting.pk])
    assert meeting.home_visit and meeting.starts_at == at(3, 9)
    page = client.get(response["Location"]).content.decode()
    assert "Udredningsmøde" in page and "Hjemmebesøg" in page and "Formål" in page
    assert AuditEvent.objects.filter(object_type="meeting", action="view", user=world.alice)


def test_a_meeting_ending_before_it_starts_gets_a_danish_message_next_to_the_field(world, login):
    response = login(world.alice).post(
        reverse("meeting_create", args=[world.family.pk]),
        {"type": "status", "starts_at": "2026-12-03T10:00", "ends_at": "2026-12-03T09:00"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mødet kan ikke slutte, før det starter." in html
    assert 'id="id_ends_at-error"' in html or "form-error" in html
    assert not Meeting.objects.exists()


def test_an_agreement_without_owner_through_the_form(world, login):
    response = login(world.alice).post(
        reverse("agreement_create", args=[world.family.pk]), {"task": "Ring til PPR"}
    )
    assert response.status_code == 200
    assert (
        "En aftale skal have en ansvarlig – en person eller en afdeling"
        in response.content.decode()
    )
    assert not Agreement.objects.exists()


def test_agreement_through_the_form_and_the_owners_list(world, login):
    client = login(world.alice)
    response = client.post(
        reverse("agreement_create", args=[world.family.pk]),
        {"task": "Søg om kørestol", "owner_user": world.carol.pk, "due_on": "2026-11-10"},
    )
    assert response.status_code == 302
    page = login(world.carol).get(reverse("my_agreements")).content.decode()
    assert "Søg om kørestol" in page and "Overskredet" in page and "Familien Hansen" in page
    assert AuditEvent.objects.filter(user=world.carol, object_type="agreement", action="view")


def test_an_owner_who_cannot_see_the_family_sees_the_row_only(world, login):
    aids = Department.objects.create(
        municipality=world.family.municipality, name="Hjælpemidler", sector="adults"
    )
    olga = f.UserFactory(username="olga", role="partner", department=aids)
    services.agreement_create(
        by=world.alice, case=world.case, data={"task": "Vurdér kørestol", "owner_department": aids}
    )
    page = login(olga).get(reverse("my_agreements")).content.decode()
    assert "Vurdér kørestol" in page and "Familien Hansen" in page
    assert reverse("meeting_list", args=[world.family.pk]) not in page
    assert world.child.first_name not in page


def test_participants_and_invitations_through_the_pages(world, login, meeting, mailoutbox):
    client = login(world.alice)
    url = reverse("participant_add", args=[world.family.pk, meeting.pk])
    assert client.post(url, {"kind": "family", "person": world.parent.pk}).status_code == 302
    response = client.post(url, {"kind": "external", "name": ""})
    assert "Skriv deltagerens navn." in response.content.decode()
    client.post(reverse("meeting_invite", args=[world.family.pk, meeting.pk]))
    assert [m.to for m in mailoutbox] == [["maria@familie.invalid"]]
    participant = Participant.objects.get()
    assert participant.invitation == "invited"
    page = client.get(
        reverse("meeting_detail", args=[world.family.pk, meeting.pk])
    ).content.decode()
    assert "Maria Hansen" in page and "Inviteret" in page


def test_the_preparation_sheet_is_printable_without_inline_styles(world, login, meeting):
    # a partner prints the sheet of a meeting she is invited to (families/access.py)
    Participant.objects.create(meeting=meeting, kind=Participant.Kind.STAFF, user=world.carol)
    html = (
        login(world.carol)
        .get(reverse("meeting_print", args=[world.family.pk, meeting.pk]))
        .content.decode()
    )
    assert "meetings/print.css" in html and 'media="print"' in html
    assert "style=" not in html and "<style" not in html
    assert "Dagsorden" in html


def test_edit_meeting_minutes_and_cancel(world, login, meeting):
    client = login(world.alice)
    url = reverse("meeting_edit", args=[world.family.pk, meeting.pk])
    form = client.get(url).content.decode()
    assert 'value="2026-12-01T10:00"' in form
    response = client.post(
        url,
        {
            "type": "analysis_1",
            "status": "held",
            "starts_at": "2026-12-01T10:00",
            "ends_at": "2026-12-01T11:30",
            "preparation_text": "Tekst",
            "minutes": "Vi talte om skolestart",
            "decisions": "PPR inddrages",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.minutes == "Vi talte om skolestart"
    response = client.post(reverse("meeting_cancel", args=[world.family.pk, meeting.pk]))
    html = response.content.decode()
    assert "allerede aflyst eller afholdt" in html, html[html.find("<main") :][:3000]


def test_startup_page(world, login):
    client = login(world.alice)
    url = reverse("startup_meetings", args=[world.family.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Indskrivning"}).status_code == 302
    assert Meeting.objects.filter(status="to_schedule").count() == 3


def _assessment_post(**extra):
    data = {
        "assessed_on": "2026-11-20",
        "wishes": "Mere søvn\nEn fast kontaktperson",
        "health__family_resources": "Sover godt",
        "housing__professional_concerns": "Trappe til 3. sal",
    }
    data.update(extra)
    return data


def test_assessment_through_the_form_and_the_board(world, login):
    client = login(world.alice)
    response = client.post(reverse("assessment_create", args=[world.family.pk]), _assessment_post())
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse(
        "assessment_board", args=[world.family.pk, assessment.pk]
    )
    html = login(world.bob).get(response["Location"]).content.decode()
    for text in (
        "Barnets udvikling",
        "Forældrekompetencer",
        "Familie og netværk",
        "Sover godt",
        "Trappe til 3. sal",
        "Lokalområdets ressourcer",
    ):
        assert text in html
    assert html.index("Mere søvn") < html.index("En fast kontaktperson")
    assert "meetings-board-grid" in html and "style=" not in html
    assert AuditEvent.objects.filter(user=world.bob, object_type="assessment", action="view")


def test_assessment_in_the_future_is_refused_on_the_form(world, login):
    response = login(world.alice).post(
        reverse("assessment_create", args=[world.family.pk]),
        _assessment_post(assessed_on="2027-01-01"),
    )
    assert "kan ikke være dateret i fremtiden" in response.content.decode()
    assert not Assessment.objects.exists()


def test_compare_two_assessments(world, login):
    a = services.assessment_create(
        by=world.alice,
        case=world.case,
        assessed_on=date(2026, 3, 1),
        entries={"income": {"family_concerns": "Lav indkomst"}},
        wishes=["Økonomisk ro"],
    )
    b = services.assessment_create(
        by=world.alice,
        case=world.case,
        assessed_on=date(2026, 11, 1),
        entries={"income": {"family_resources": "Mor er i job"}},
        wishes=["Skolestart"],
    )
    client = login(world.bob)  # the core team; a partner does not see the ICS assessment
    url = reverse("assessment_compare", args=[world.family.pk])
    html = client.get(url, {"a": b.pk, "b": a.pk}).content.decode()
    assert "Lav indkomst" in html and "Mor er i job" in html and "Ændret" in html
    assert html.index("1. mar. 2026") < html.index("1. nov. 2026")
    same = client.get(url, {"a": a.pk, "b": a.pk}).content.decode()
    assert "Vælg to forskellige udredninger." in same


def test_the_family_overview_panel(world, login, meeting):
    services.agreement_create(
        by=world.alice,
        case=world.case,
        data={"task": "Send ansøgning", "owner_user": world.bob, "due_on": date(2026, 11, 1)},
    )
    panel = selectors.family_panel(user=world.alice, family=world.family)
    assert panel["template"] == "meetings/partials/family_panel.html"
    assert panel["meetings"] == [meeting] and panel["agreements"][0].overdue


def test_the_panel_renders_on_the_overview_when_registered(world, login, meeting, settings):
    settings.FAMILY_OVERVIEW_PANELS = ["indgang.meetings.selectors.family_panel"]
    html = login(world.bob).get(reverse("family_detail", args=[world.family.pk])).content.decode()
    assert "Møder og aftaler" in html and "Analysemøde 1" in html


def _grow(world, n=4):
    """More families, meetings, participants, agreements and assessments: queries must not grow."""
    for i in range(n):
        family = f.FamilyFactory(centre=world.centre, municipality=world.family.municipality)
        f.PersonFactory(family=family)
        case = f.CaseFactory(family=family, enrolled=True)
        f.assign(case, world.alice)
        for case_ in (case, world.case):
            m = services.meeting_create(
                by=world.alice, case=case_, data={"type": "status", "starts_at": at(2 + i)}
            )
            Participant.objects.create(meeting=m, kind="staff", user=world.bob)
            services.agreement_create(
                by=world.alice,
                case=case_,
                data={
                    "task": f"Opgave {i}",
                    "owner_user": world.alice,
                    "due_on": date(2026, 11, 1),
                },
            )
        services.assessment_create(
            by=world.alice,
            case=world.case,
            assessed_on=date(2026, 1, 1 + i),
            entries={},
            wishes=["x"],
        )


@pytest.mark.parametrize(
    "url_name",
    [
        "meeting_list",
        "meeting_detail",
        "assessment_list",
        "assessment_board",
        "my_agreements",
        "my_meetings",
        "family_panel",
    ],
)
def test_query_counts_are_constant(world, login, meeting, url_name, settings):
    settings.FAMILY_OVERVIEW_PANELS = ["indgang.meetings.selectors.family_panel"]
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "family", "person": world.parent}
    )
    for day in (1, 2):  # two, so the list shows its compare form from the start
        assessment = services.assessment_create(
            by=world.alice,
            case=world.case,
            assessed_on=date(2026, 11, day),
            entries={},
            wishes=["x"],
        )
    client = login(world.alice)
    urls = {
        "meeting_list": reverse("meeting_list", args=[world.family.pk]),
        "meeting_detail": reverse("meeting_detail", args=[world.family.pk, meeting.pk]),
        "assessment_list": reverse("assessment_list", args=[world.family.pk]),
        "assessment_board": reverse("assessment_board", args=[world.family.pk, assessment.pk]),
        "my_agreements": reverse("my_agreements"),
        "my_meetings": reverse("my_meetings"),
        "family_panel": reverse("family_detail", args=[world.family.pk]),
    }
    url = urls[url_name]
    # One row from the start: a page that shows a family also writes its read event.
    Agreement.objects.create(
        case=world.case, task="Første aftale", owner_user=world.alice, created_by=world.alice
    )
    _count(client, url)
    before = _count(client, url)
    _grow(world)
    assert _count(client, url) == before


def test_remove_a_participant_with_the_confirm_button(world, login, meeting):
    p = services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
    )
    client = login(world.alice)
    url = reverse("participant_remove", args=[world.family.pk, p.pk])
    assert "Fjern deltageren" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not meeting.participants.exists()
    assert AuditEvent.objects.filter(object_type="participant", action="delete")
