"""Hardening of the families app found by probing (issue 8): CPR tenancy, ids, names."""

from django.urls import reverse

from indgang.families.models import Person
from indgang.families.services import CPR_UNAVAILABLE


def _person_post(cpr: str) -> dict:
    return {"first_name": "Ny", "last_name": "Person", "cpr": cpr, "relation": "sibling"}


def _format(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}"


def test_a_cpr_number_held_by_another_centre_gets_a_neutral_refusal(world, login):
    elsewhere = world.other_family.members.get()
    response = login(world.alice).post(
        reverse("person_create", args=[world.family.pk]), _person_post(_format(elsewhere.cpr))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert str(CPR_UNAVAILABLE) in html
    # Nothing says that the number is known, where, or whose it is.
    # Whole names: the signed-in user's random factory surname may be "Andersen" too.
    leaks = ("findes allerede", "allerede registreret", world.other_family.name, "Andet center")
    for leak in (*leaks, elsewhere.full_name):
        assert leak not in html
    assert not Person.objects.filter(first_name="Ny").exists()


def test_a_cpr_number_in_the_own_family_or_centre_points_to_the_person(world, login):
    client = login(world.alice)
    response = client.post(
        reverse("person_create", args=[world.family.pk]), _person_post(_format(world.child.cpr))
    )
    assert "Personen er allerede registreret i familien." in response.content.decode()

    from tests import factories as f

    neighbour = f.PersonFactory(family=f.FamilyFactory(centre=world.centre))
    response = client.post(
        reverse("person_create", args=[world.family.pk]), _person_post(_format(neighbour.cpr))
    )
    html = response.content.decode()
    assert "allerede registreret i en anden familie i centret" in html
    assert str(CPR_UNAVAILABLE) not in html


def _foreign_consent_and_link(world):
    from datetime import date

    from indgang.families.models import Consent
    from tests import factories as f

    # Family B in alice's own centre, so only the URL's family decides.
    family_b = f.FamilyFactory(name="Familien Berg", centre=world.centre)
    parent_b = f.PersonFactory(family=family_b, parent=True)
    case_b = f.CaseFactory(family=family_b, enrolled=True)
    consent = Consent.objects.create(
        case=case_b,
        given_by=parent_b,
        given_on=date(2026, 2, 1),
        covers="Alt",
        recorded_by=world.alice,
    )
    link = f.link(case_b, world.carol)
    return consent, link


def test_another_familys_consent_or_link_is_missing_under_this_familys_url(world, login):
    consent, link = _foreign_consent_and_link(world)
    client = login(world.alice)
    url = reverse("consent_withdraw", args=[world.family.pk, consent.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"withdrawn_on": "2026-11-20"}).status_code == 404
    url = reverse("partner_unlink", args=[world.family.pk, link.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"unlinked_on": "2026-11-20"}).status_code == 404
    consent.refresh_from_db()
    link.refresh_from_db()
    assert consent.withdrawn_on is None and link.unlinked_on is None


def test_own_consent_and_link_pages_still_render(world, login):
    from indgang.families.models import PartnerLink

    link = PartnerLink.objects.get(case=world.case, user=world.carol)
    client = login(world.alice)
    assert client.get(reverse("partner_unlink", args=[world.family.pk, link.pk])).status_code == 200


# --- No names in URLs, page titles or file names -----------------------------------------

NAMES = ("Hansen", "Alma", "Maria")


def _title(response) -> str:
    import re

    assert response.status_code == 200
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def test_page_titles_name_no_person_of_the_hansen_family(world, login):
    from indgang.meetings import services as meeting_services
    from indgang.meetings.models import Meeting, Participant
    from indgang.plans import services as plan_services
    from tests.plans.matrix import goal_data

    plan_services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    meeting = meeting_services.meeting_create(
        by=world.alice, case=world.case, data={"type": Meeting.Type.STATUS}
    )
    participant = meeting_services.participant_add(
        by=world.alice,
        meeting=meeting,
        data={"kind": Participant.Kind.FAMILY, "person": world.parent},
    )
    f = world.family.pk
    urls = [
        reverse("family_detail", args=[f]),
        reverse("person_detail", args=[f, world.child.pk]),
        reverse("person_edit", args=[f, world.child.pk]),
        reverse("plan_detail", args=[f]),
        reverse("version_list", args=[f]),
        reverse("followup_create", args=[f]),
        reverse("family_interventions", args=[f]),
        reverse("participant_edit", args=[f, participant.pk]),
        reverse("participant_remove", args=[f, participant.pk]),
    ]
    client = login(world.alice)
    for url in urls:
        title = _title(client.get(url))
        assert not [name for name in NAMES if name in title], (url, title)


def test_the_plan_pdf_file_name_is_neutral(world, login):
    from indgang.plans import services as plan_services
    from indgang.plans.models import JointPlan
    from tests.plans.matrix import goal_data

    plan_services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    plan = JointPlan.objects.get(case=world.case)
    response = login(world.alice).get(reverse("plan_pdf", args=[world.family.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="plan-{plan.pk}.pdf"'
    assert not [name for name in NAMES if name.lower() in disposition.lower()]


def test_name_search_is_posted_and_a_name_in_the_url_is_ignored(world, login):
    from indgang.audit.models import AuditEvent

    client = login(world.alice)
    page = client.get(reverse("family_list")).content.decode()
    assert 'hx-post="/familier/"' in page or 'method="post"' in page
    assert 'method="get"' not in page.split("Søg på navn")[0].rsplit("<form", 1)[-1]
    client.get(reverse("family_list"), {"q": "Hansen"})
    assert not AuditEvent.objects.filter(action="search").exists()  # not a search
    response = client.post(reverse("family_list"), {"q": "Hansen"})
    assert "Familien Hansen" in response.content.decode()
    event = AuditEvent.objects.get(action="search")
    assert event.changes["term"] == "Hansen"


# --- Writes name their family and persons in the log -------------------------------------


def test_an_external_case_is_logged_with_its_family_and_person(world):
    from indgang.audit.models import AuditEvent, AuditPerson
    from indgang.families import services

    external = services.external_case_add(
        by=world.alice,
        person=world.parent,
        data={"municipality": world.family.municipality, "area": "employment"},
    )
    event = AuditEvent.objects.get(object_type="externalcase", object_id=external.pk)
    assert event.family_id == world.family.pk
    assert list(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == [
        world.parent.pk
    ]


def test_a_withdrawn_consent_is_logged_with_the_parent_who_gave_it(world):
    from datetime import date

    from indgang.audit.models import AuditEvent, AuditPerson
    from indgang.families import services
    from indgang.families.models import Consent

    consent = Consent.objects.create(
        case=world.case,
        given_by=world.parent,
        given_on=date(2026, 2, 1),
        covers="Alt",
        recorded_by=world.alice,
    )
    services.consent_withdraw(by=world.alice, consent=consent, withdrawn_on=date(2026, 11, 20))
    event = AuditEvent.objects.get(object_type="consent", object_id=consent.pk, action="change")
    assert event.family_id == world.family.pk and event.case_id == world.case.pk
    assert AuditPerson.objects.filter(event=event, person_id=world.parent.pk).exists()
