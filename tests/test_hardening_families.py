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
    for leak in ("findes allerede", "allerede registreret", "Andersen", "Andet center"):
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
