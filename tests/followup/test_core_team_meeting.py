"""The core team's weekly meeting: time, place and participants, the agenda built from what
needs the core team, items by hand and minutes per item; other centres see none of it."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.families.models import Case
from indgang.followup import agenda, services
from indgang.followup.models import AgendaItem
from indgang.interventions import services as intervention_services
from indgang.interventions.models import CoreTeamProposal
from indgang.meetings.models import Meeting
from indgang.organisation.models import CoreTeamMembership, Role
from tests import factories as f
from tests.followup import helpers as h
from tests.interventions.helpers import configure, kind

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
WEEK = date(2026, 11, 23)  # the tests' today is Monday 23 November 2026


@pytest.fixture
def flex(world):
    """A flexible core-team member: the speech consultant, invited when needed."""
    user = f.UserFactory(
        username="tove",
        first_name="Tove",
        role=Role.CORE_TEAM,
        centre=world.centre,
        profession="Talekonsulent",
    )
    f.core_team(world.centre, user, kind=CoreTeamMembership.Kind.FLEXIBLE)
    return user


def _plan(world, by=None, flexible=(), day=24, place="CBF, mødelokale 1"):
    return agenda.weekly_meeting_plan(
        by=by or world.alice,
        centre=world.centre,
        starts_at=datetime(2026, 11, day, 9, tzinfo=CPH),
        ends_at=datetime(2026, 11, day, 10, 30, tzinfo=CPH),
        place=place,
        flexible=flexible,
    )


def _family(world, name, *, status=Case.Status.ENROLLED, enrolled_on=date(2026, 2, 1), **kw):
    family = f.FamilyFactory(name=name, centre=world.centre, municipality=world.family.municipality)
    f.PersonFactory(family=family)
    case = f.CaseFactory(family=family, enrolled=status == Case.Status.ENROLLED, **kw)
    if status == Case.Status.ENROLLED:
        Case.objects.filter(pk=case.pk).update(enrolled_on=enrolled_on)
    else:
        Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    f.assign(case, world.alice)
    return case


def _section(html: str, code: str) -> str:
    return html.split(f'id="agenda-list-{code}"')[1].split("</ol>")[0]


# --- The meeting: time, place, participants ---------------------------------------------


def test_planning_invites_the_fixed_core_team_and_the_chosen_flexible_members(world, flex):
    meeting = _plan(world, flexible=[flex])
    assert meeting.type == Meeting.Type.CORE_TEAM_WEEKLY and meeting.case is None
    assert meeting.place == "CBF, mødelokale 1" and meeting.status == Meeting.Status.PLANNED
    users = {p.user for p in meeting.participants.all()}
    assert users == {world.alice, world.bob, flex}
    assert AuditEvent.objects.filter(action="create", object_type="meeting").exists()


def test_changing_the_meeting_keeps_the_fixed_members_and_drops_an_unchosen_flexible(world, flex):
    meeting = _plan(world, flexible=[flex])
    agenda.weekly_meeting_update(
        by=world.erin,
        meeting=meeting,
        starts_at=datetime(2026, 11, 25, 13, tzinfo=CPH),
        ends_at=None,
        place="Rådhuset",
        flexible=[],
    )
    meeting.refresh_from_db()
    assert {p.user for p in meeting.participants.all()} == {world.alice, world.bob}
    assert meeting.place == "Rådhuset" and meeting.ends_at == datetime(2026, 11, 25, 14, tzinfo=CPH)


def test_only_the_centres_coordinators_and_leaders_plan_and_never_with_strangers(world, flex):
    with pytest.raises(ValidationError):
        _plan(world, by=world.bob)
    with pytest.raises(ValidationError):
        _plan(world, by=world.ivan)
    with pytest.raises(ValidationError):
        _plan(world, flexible=[world.carol])  # not a flexible member of the core team
    assert not Meeting.objects.filter(type=Meeting.Type.CORE_TEAM_WEEKLY).exists()


def test_the_plan_page_saves_and_shows_the_meeting_on_the_weeks_page(world, login, flex):
    client = login(world.alice)
    form = client.get(reverse("core_team_meeting_plan") + "?uge=2026-11-23").content.decode()
    assert "Tove" in form and "Bob" in form  # the flexible to choose, the fixed named
    response = client.post(
        reverse("core_team_meeting_plan"),
        {
            "on": "2026-11-24",
            "starts": "09:00",
            "ends": "10:30",
            "place": "Mødelokale 2",
            "flexible": [flex.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core_team_agenda") + "?uge=2026-11-23"
    html = client.get(response["Location"]).content.decode()
    box = html.split('id="weekly-meeting"')[1].split("</section>")[0]
    assert "Mødelokale 2" in box and "kl. 09.00–10.30" in box
    assert (
        "Bob" in box and ", psykolog" in box and "fast medlem" in box and "fleksibelt medlem" in box
    )


def test_bad_times_get_a_danish_message_and_save_nothing(world, login):
    client = login(world.alice)
    response = client.post(
        reverse("core_team_meeting_plan"),
        {"on": "2026-11-24", "starts": "10:00", "ends": "09:00", "place": "Mødelokale 2"},
    )
    assert "Mødet kan ikke slutte, før det starter." in response.content.decode()
    response = client.post(
        reverse("core_team_meeting_plan"),
        {"on": "1999-11-24", "starts": "10:00", "place": "Mødelokale 2"},
    )
    assert response.status_code == 200
    assert "Vælg en dato mellem 28.09.2026 og 24.11.2027." in response.content.decode()
    assert not Meeting.objects.filter(type=Meeting.Type.CORE_TEAM_WEEKLY).exists()


def test_marking_the_meeting_held_through_its_page(world, login):
    meeting = _plan(world)
    client = login(world.erin)
    url = reverse("core_team_meeting_edit", args=[meeting.pk])
    assert "CBF, mødelokale 1" in client.get(url).content.decode()
    client.post(url, {"on": "2026-11-23", "starts": "08:00", "place": "Mødelokale 3", "held": "on"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.place == "Mødelokale 3"


def test_another_centres_meeting_looks_missing(world, login):
    meeting = _plan(world)
    client = login(world.ivan)
    assert client.get(reverse("core_team_meeting_edit", args=[meeting.pk])).status_code == 404
    response = client.post(
        reverse("core_team_meeting_edit", args=[meeting.pk]),
        {"on": "2026-11-24", "starts": "09:00", "place": "Hos Ivan"},
    )
    assert response.status_code == 404
    html = client.get(reverse("core_team_agenda")).content.decode()
    assert "CBF, mødelokale 1" not in html and "Familien Hansen" not in html
    meeting.refresh_from_db()
    assert meeting.place == "CBF, mødelokale 1"


# --- The agenda -------------------------------------------------------------------------


@pytest.fixture
def busy_week(world):
    """One family for each thing that needs the core team this week."""
    referred = _family(world, "Familien Henvist", status=Case.Status.REFERRED)
    Case.objects.filter(pk=referred.pk).update(referred_on=date(2026, 11, 17))
    stalled = _family(world, "Familien Stille", enrolled_on=date(2026, 8, 3))
    h.contact(stalled, date(2026, 11, 2), world.alice)
    services.major_change_record(
        by=world.alice, case=world.case, on=date(2026, 11, 18), description="Far er flyttet"
    )
    proposed = _family(world, "Familien Forslag")
    h.start_up(proposed, date(2026, 3, 1), world.alice, world.parent)
    h.contact(proposed, date(2026, 11, 2), world.alice)
    configure(world)
    application = intervention_services.application_create(
        by=world.alice,
        case=proposed,
        intervention_type=kind("respite"),
        received_on=date(2026, 10, 5),
        started_by="family",
    )
    intervention_services.core_team_propose(
        by=world.alice,
        application=application,
        outcome="granted",
        justification="Aflastning en weekend om måneden.",
        legal_basis=kind("respite").legal_bases.get(act="barnets_lov"),
        period_from=date(2026, 12, 1),
        period_to=date(2027, 11, 30),
        units_per_month=Decimal("2"),
    )
    late = _family(world, "Familien Frist")
    h.start_up(late, date(2026, 3, 1), world.alice, world.parent)
    h.contact(late, date(2026, 11, 2), world.alice)
    h.followup(late, date(2026, 10, 1), world.alice)
    h.agreement(late, date(2026, 11, 10), world.alice, task="Søge om autostol")
    services.due_compute(today=WEEK)
    return {"referred": referred, "stalled": stalled, "proposed": proposed, "late": late}


def test_the_agenda_puts_each_family_under_what_needs_the_core_team(world, busy_week):
    data = agenda.weekly_agenda(user=world.erin, week=WEEK)
    where = {a.name: s.category.code for s in data["sections"] for a in s.families}
    assert where["Familien Henvist"] == "referral"
    assert where["Familien Stille"] == "stalled"
    assert where["Familien Hansen"] == "major_change"
    assert where["Familien Forslag"] == "proposal"
    assert where["Familien Frist"] == "agreement"
    reasons = {a.name: [r.text for r in a.reasons] for s in data["sections"] for a in s.families}
    assert reasons["Familien Henvist"][0].startswith("Henvist 17.11.2026")
    assert "mangler" in reasons["Familien Stille"][0]
    assert "Far er flyttet" in reasons["Familien Hansen"][0]
    assert reasons["Familien Forslag"][0].endswith(": foreslået bevilget")
    assert "Søge om autostol (frist 10.11.2026)" in reasons["Familien Frist"]


def test_the_coordinator_opens_the_meeting_sees_the_agenda_and_writes_minutes(
    world, login, busy_week
):
    _plan(world)
    client = login(world.alice)
    html = client.get(reverse("core_team_agenda")).content.decode()
    assert "Familien Henvist" in _section(html, "referral")
    assert "Familien Forslag" in _section(html, "proposal")
    proposal = CoreTeamProposal.objects.get()
    assert reverse("core_team_proposal", args=[proposal.family_id, proposal.pk]) in html
    response = client.post(
        reverse("agenda_item_add"),
        {"uge": "2026-11-23", "family": busy_week["late"].family_id, "title": "Familien Frist"},
    )
    item = AgendaItem.objects.get(family_id=busy_week["late"].family_id)
    assert response["Location"] == reverse("agenda_minutes", args=[item.pk])
    client.post(reverse("agenda_minutes", args=[item.pk]), {"minutes": "Bob ringer til far."})
    client.post(reverse("agenda_item_add"), {"uge": "2026-11-25", "title": "Ferieplan"})
    html = client.get(reverse("core_team_agenda")).content.decode()
    assert "Bob ringer til far." in _section(html, "agreement")
    assert "Ferieplan" in html.split('id="agenda-manual"')[1]
    assert AgendaItem.objects.get(title="Ferieplan").week == WEEK


def test_a_core_team_member_sees_the_agenda_but_does_not_plan(world, login, busy_week):
    _plan(world)
    client = login(world.bob)
    html = client.get(reverse("core_team_agenda")).content.decode()
    assert "Familien Stille" in html and "Ret mødet" not in html
    assert client.get(reverse("core_team_meeting_plan")).status_code == 403


def test_the_families_on_the_agenda_are_logged_as_seen(world, login, busy_week):
    login(world.erin).get(reverse("core_team_agenda"))
    event = AuditEvent.objects.filter(user=world.erin, action="view").latest("pk")
    logged = set(AuditFamily.objects.filter(event=event).values_list("family_id", flat=True))
    logged.add(event.family_id)
    expected = {c.family_id for c in busy_week.values()} | {world.family.pk}
    assert expected <= logged
    assert world.other_family.pk not in logged


def test_another_centre_sees_neither_the_agenda_nor_its_minutes(world, login, busy_week):
    item = agenda.agenda_item_add(
        by=world.alice, centre=world.centre, week=WEEK, title="x", family=world.family
    )
    client = login(world.ivan)
    html = client.get(reverse("core_team_agenda")).content.decode()
    assert "Familien Henvist" not in html and "Familien Hansen" not in html
    assert client.get(reverse("agenda_minutes", args=[item.pk])).status_code == 404
    assert (
        client.post(reverse("agenda_minutes", args=[item.pk]), {"minutes": "x"}).status_code == 404
    )
    assert login(world.carol).get(reverse("core_team_agenda")).status_code == 403


def test_the_weeks_page_costs_the_same_queries_whatever_the_number_of_families(world, login):
    _plan(world)
    client = login(world.erin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("core_team_agenda")).status_code == 200
        return len(queries)

    count()  # fills the per-process cache (the accessibility statement)
    few = count()
    for i in range(4):
        case = _family(world, f"Familien Ny{i}", status=Case.Status.REFERRED)
        h.agreement(case, WEEK - timedelta(days=3), world.alice)
    services.due_compute(today=WEEK)
    assert count() == few
