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
