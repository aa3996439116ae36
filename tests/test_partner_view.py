"""What a partner sees of a family they are linked to (DOMAIN.md section 7, issue 9): the
plan, the meetings they are invited to and what concerns their department; not the contact
log, the ICS board or other departments' grants and amounts, unless the municipality's
policy or the family's consent opens the whole case. The rule lives in families/access.py.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.families.access import Section, partner_view
from indgang.families.models import AccessPolicy, Consent
from indgang.meetings import services as meetings
from indgang.meetings.models import Agreement, Meeting, Participant
from indgang.plans import services as plans
from tests.followup import helpers as h
from tests.interventions.helpers import configure, grant, kind
from tests.plans.matrix import goal_data

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def case_file(world):
    """The Hansen family's case as a partner from PPR meets it: a plan, a contact, an ICS
    assessment, two meetings (carol invited to one), agreements of two departments, and
    grants from the children's department (2.000 kr.) and from PPR (4 hours a month)."""
    departments = configure(world)["Ishøj"]
    ppr = departments["ppr"]
    world.carol.department = ppr
    world.carol.save()
    plans.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    h.contact(world.case, date(2026, 9, 15), world.alice)  # the monthly contact is overdue
    assessment = meetings.assessment_create(
        by=world.alice, case=world.case, assessed_on=date(2026, 11, 1), entries={}, wishes=["Ro"]
    )
    invited = meetings.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": Meeting.Type.ANALYSIS_1, "starts_at": datetime(2026, 12, 1, 10, tzinfo=CPH)},
    )
    Participant.objects.create(meeting=invited, kind=Participant.Kind.STAFF, user=world.carol)
    other = meetings.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": Meeting.Type.STATUS, "starts_at": datetime(2026, 12, 3, 9, tzinfo=CPH)},
    )
    Agreement.objects.create(
        case=world.case, task="Taleundersøgelse", owner_department=ppr, created_by=world.alice
    )
    Agreement.objects.create(
        case=world.case,
        task="Beregn merudgifter",
        owner_department=departments["children"],
        created_by=world.alice,
    )
    extra = grant(world, code="extra_costs", amount=Decimal("2345"))
    speech = kind("speech_hearing")
    own = grant(
        world, code="speech_hearing", units=Decimal("4"), legal_basis=speech.legal_bases.first()
    )
    return {
        "assessment": assessment,
        "invited": invited,
        "other": other,
        "ppr": ppr,
        "extra": extra,
        "own": own,
    }


def _get(client, name, *args):
    return client.get(reverse(name, args=args))


def _restricted_pages(world, case_file):
    f = world.family.pk
    return [
        ("contact_list", f),
        ("assessment_list", f),
        ("assessment_board", f, case_file["assessment"].pk),
        ("assessment_compare", f),
        ("meeting_detail", f, case_file["other"].pk),
    ]


def test_carol_sees_the_plan_her_meeting_and_her_departments_part(world, case_file, login):
    client = login(world.carol)
    page = _get(client, "family_detail", world.family.pk)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fælles plan" in html and "Alma sover igennem om natten" in html
    assert "Taleundersøgelse" in html and "Beregn merudgifter" not in html
    assert "Næste møder, du er inviteret til" in html
    assert reverse("meeting_detail", args=[world.family.pk, case_file["invited"].pk]) in html
    assert reverse("meeting_detail", args=[world.family.pk, case_file["other"].pk]) not in html
    # no contact-log panel, no link to the contact log or the ICS board
    assert "Kontakt og opfølgning" not in html
    assert "Forældreportal" not in html  # what the parents wrote is for the centre's staff
    assert "Månedlig kontakt" not in html  # not even in the short status at the top
    assert reverse("contact_list", args=[world.family.pk]) not in html
    assert reverse("assessment_list", args=[world.family.pk]) not in html
    # her department's grant, not the children's department's grant or its amount
    assert "Tale-/hørekonsulent" in html
    assert "Merudgifter" not in html
    assert (
        _get(client, "meeting_detail", world.family.pk, case_file["invited"].pk).status_code == 200
    )
    # the coordinator's short status does name the monthly contact
    staff_html = _get(login(world.alice), "family_detail", world.family.pk).content.decode()
    status = staff_html.split('id="family-status"')[1].split("</section>")[0]
    assert "Månedlig kontakt" in status


def test_carol_is_refused_the_contact_log_ics_board_and_other_meetings(world, case_file, login):
    client = login(world.carol)
    for name, *args in _restricted_pages(world, case_file):
        assert _get(client, name, *args).status_code == 404, name
    denied = AuditEvent.objects.filter(user=world.carol, action="denied", family_id=world.family.pk)
    assert denied.filter(summary__contains=Section.CONTACT_LOG.value).exists()
    assert denied.filter(summary__contains=Section.ASSESSMENT.value).exists()


def test_carol_sees_only_her_departments_grants_without_other_amounts(world, case_file, login):
    client = login(world.carol)
    html = _get(client, "family_interventions", world.family.pk).content.decode()
    assert "PPR" in html
    assert "2.345" not in html and "2345" not in html  # the other department's amount
    assert "Merudgifter" not in html
    # the other department's decision letter looks missing; her department's opens
    letter = "decision_letter"
    assert _get(client, letter, world.family.pk, case_file["extra"].pk).status_code == 404
    assert _get(client, letter, world.family.pk, case_file["own"].pk).status_code == 200
    # the coordinator sees both grants and the amount
    alice_html = _get(login(world.alice), "family_interventions", world.family.pk)
    assert "2.345" in alice_html.content.decode()


def test_the_municipalitys_policy_opens_the_whole_case(world, case_file, login):
    AccessPolicy.objects.filter(municipality=world.family.municipality).update(
        partners_see_whole_case=True
    )
    client = login(world.carol)
    for name, *args in _restricted_pages(world, case_file):
        assert _get(client, name, *args).status_code == 200, name
    html = _get(client, "family_interventions", world.family.pk).content.decode()
    assert "2.345" in html
    assert (
        "Kontakt og opfølgning" in _get(client, "family_detail", world.family.pk).content.decode()
    )


def test_the_familys_consent_opens_the_whole_case_until_withdrawn(world, case_file, login):
    consent = Consent.objects.create(
        case=world.case,
        given_by=world.parent,
        given_on=date(2026, 11, 20),
        covers="Deltagelse og udveksling af oplysninger",
        shares_with_partners=True,
        recorded_by=world.alice,
    )
    client = login(world.carol)
    for name, *args in _restricted_pages(world, case_file):
        assert _get(client, name, *args).status_code == 200, name
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=date(2026, 11, 22))
    assert _get(client, "contact_list", world.family.pk).status_code == 404


def test_staff_and_strangers_are_not_affected(world, case_file, login):
    assert partner_view(world.bob, world.family) is None
    assert partner_view(world.alice, world.family) is None
    view = partner_view(world.carol, world.family)
    assert view is not None and view.department_id == case_file["ppr"].pk
    bob = login(world.bob)
    assert _get(bob, "contact_list", world.family.pk).status_code == 200
    assert _get(bob, "assessment_list", world.family.pk).status_code == 200
    # dave (not linked) and ivan (another centre) still get the 404 of a missing family
    for outsider in (world.dave, world.ivan):
        assert _get(login(outsider), "family_detail", world.family.pk).status_code == 404


def test_a_partner_without_a_department_sees_only_their_own_agreements(world, case_file, login):
    world.carol.department = None
    world.carol.save()
    Agreement.objects.create(
        case=world.case, task="Ring til børnehaven", owner_user=world.carol, created_by=world.alice
    )
    html = _get(login(world.carol), "family_detail", world.family.pk).content.decode()
    assert "Ring til børnehaven" in html and "Taleundersøgelse" not in html


def test_the_leader_sets_the_policy_and_it_is_audited(world, login):
    municipality = world.family.municipality
    client = login(world.erin)
    url = reverse("municipality_policy", args=[municipality.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(partners_see_whole_case="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert AccessPolicy.objects.get(municipality=municipality).partners_see_whole_case
    event = AuditEvent.objects.filter(object_type="municipality", action="change").last()
    assert "partners_see_whole_case" in str(event.changes)


def test_the_consent_form_records_sharing_with_partners(world, login):
    Consent.objects.all().delete()
    client = login(world.alice)
    response = client.post(
        reverse("consent_record", args=[world.family.pk]),
        {
            "given_by": world.parent.pk,
            "given_on": "20.11.2026",
            "covers": "Deltagelse",
            "shares_with_partners": "on",
        },
    )
    assert response.status_code == 302
    assert Consent.objects.get(case=world.case).shares_with_partners
    assert partner_view(world.carol, world.family) is None
