"""Issue 9: the core-team member's and the partner's own front page (meetings/home.py): the
meetings they are invited to, the agreements they own (overdue marked) and the families they
work with; reads are logged, and nobody sees another centre's family there."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.interventions.demo import configure_municipality
from indgang.meetings import services as meetings
from indgang.meetings.models import Agreement, Meeting, Participant

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def _meeting(world, day, *, type_=Meeting.Type.ANALYSIS_1, invite=(), case=None):
    meeting = meetings.meeting_create(
        by=world.alice,
        case=case or world.case,
        data={"type": type_, "starts_at": datetime(2026, 11, day, 10, tzinfo=CPH)},
    )
    for user in invite:
        Participant.objects.create(meeting=meeting, kind=Participant.Kind.STAFF, user=user)
    return meeting


def _panel(response):
    return next(p for p in response.context["panels"] if "families" in p)


def test_bob_sees_his_meetings_agreements_and_families(world, login):
    coming = _meeting(world, 30, invite=[world.bob])
    _meeting(world, 20, invite=[world.bob])  # last week: not on the front page
    cancelled = _meeting(world, 27, invite=[world.bob])
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    _meeting(world, 26)  # bob is not invited
    Agreement.objects.create(
        case=world.case,
        task="Psykologisk vurdering af Alma",
        owner_user=world.bob,
        due_on=date(2026, 11, 13),
        created_by=world.alice,
    )
    Agreement.objects.create(
        case=world.case,
        task="Skriv til børnehaven",
        owner_user=world.bob,
        due_on=date(2026, 12, 4),
        created_by=world.alice,
    )
    response = login(world.bob).get(reverse("home"))
    assert response.status_code == 200
    panel = _panel(response)
    assert [m.pk for m in panel["meetings"]] == [coming.pk]
    assert [a.days_overdue for a in panel["agreements"]] == [10, -11]
    assert panel["overdue"] == 1
    [family] = panel["families"]
    assert family == world.family
    assert family.parts == ["inviteret til møder", "ansvarlig for aftaler"]
    html = response.content.decode()
    assert "Møder, du er inviteret til" in html
    assert "10 dage over fristen" in html and "Psykologisk vurdering af Alma" in html
    assert reverse("meeting_detail", args=[world.family.pk, coming.pk]) in html
    assert "Familier, du arbejder med" in html and "Familien Hansen" in html


def test_carol_sees_her_family_department_agreement_and_meeting(world, login):
    ppr = configure_municipality(world.family.municipality)["ppr"]
    world.carol.department = ppr
    world.carol.save()
    coming = _meeting(world, 30, invite=[world.carol])
    Agreement.objects.create(
        case=world.case,
        task="Taleundersøgelse",
        owner_department=ppr,
        due_on=date(2026, 12, 10),
        created_by=world.alice,
    )
    response = login(world.carol).get(reverse("home"))
    panel = _panel(response)
    assert [m.pk for m in panel["meetings"]] == [coming.pk]
    assert [a.task for a in panel["agreements"]] == ["Taleundersøgelse"]
    assert panel["agreements"][0].family_visible
    [family] = panel["families"]
    assert family.parts and family.parts[0] == world.case.partner_links.get().role_in_case
    html = response.content.decode()
    assert "Taleundersøgelse" in html and "(PPR)" in html
    assert "Mine opgaver og møder" in html


def test_the_front_page_logs_the_families_it_names(world, login):
    _meeting(world, 30, invite=[world.bob])
    login(world.bob).get(reverse("home"))
    event = AuditEvent.objects.filter(user=world.bob, action="view").last()
    assert AuditFamily.objects.filter(event=event, family_id=world.family.pk).exists()


def test_another_centres_family_never_shows(world, login):
    other_case = world.other_family.cases.get()
    _meeting(world, 30, invite=[world.ivan], case=other_case)
    dave_page = login(world.dave).get(reverse("home"))
    assert _panel(dave_page)["families"] == [] and _panel(dave_page)["meetings"] == []
    assert "Familien Andersen" not in dave_page.content.decode()
    # bob's page shows his centre's family, not the other centre's meeting
    _meeting(world, 30, invite=[world.bob])
    html = login(world.bob).get(reverse("home")).content.decode()
    assert "Familien Andersen" not in html


def test_the_coordinator_gets_her_own_panels_not_this_one(world, login):
    response = login(world.alice).get(reverse("home"))
    assert not [p for p in response.context["panels"] if "families" in p]


def test_my_tasks_lists_the_same_meetings(world, login):
    coming = _meeting(world, 30, invite=[world.carol])
    to_plan = Meeting.objects.create(
        case=world.case, centre=world.centre, type=Meeting.Type.STATUS, created_by=world.alice
    )
    Participant.objects.create(meeting=to_plan, kind=Participant.Kind.STAFF, user=world.carol)
    response = login(world.carol).get(reverse("my_tasks"))
    assert [m.pk for m in response.context["meetings"]] == [coming.pk, to_plan.pk]


@pytest.mark.parametrize("persona", ["bob", "carol"])
def test_the_front_page_costs_the_same_queries_for_more_families(world, login, persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories as f

    user = getattr(world, persona)
    client = login(user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    _meeting(world, 30, invite=[user])
    count()  # warm: sessions, content types
    before = count()
    for day in (24, 25, 26, 27):
        family = f.FamilyFactory(centre=world.centre, municipality=world.family.municipality)
        f.PersonFactory(family=family)
        case = f.CaseFactory(family=family, enrolled=True)
        f.assign(case, world.alice)
        f.link(case, user)
        _meeting(world, day, invite=[user], case=case)
        Agreement.objects.create(
            case=case,
            task="Opgave",
            owner_user=user,
            due_on=date(2026, 11, 1),
            created_by=world.alice,
        )
    assert count() == before
