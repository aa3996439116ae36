"""A CPR number already registered (issues 9 and 10): the refusal links to the family holding
it for someone who may see that family, and says nothing of it to anyone else."""

import logging

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.families.models import AccessPolicy, Family, Person
from indgang.families.services import CPR_UNAVAILABLE
from tests import factories as f


def _format(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}"


def _person_post(cpr: str) -> dict:
    return {"first_name": "Ny", "last_name": "Person", "cpr": cpr, "relation": "sibling"}


def _referral_post(municipality, child_cpr: str, parent_cpr: str = "") -> dict:
    return {
        "family_name": "Familien Ny",
        "municipality": municipality.pk,
        "language": "dansk",
        "preferred_contact": Family.ContactForm.choices[0][0],
        "child_first_name": "Ny",
        "child_last_name": "Barn",
        "child_cpr": child_cpr,
        "parent_first_name": "Ny",
        "parent_last_name": "Forælder",
        "parent_cpr": parent_cpr,
        "parent_has_custody": "on",
        "referred_on": "2026-11-01",
    }


def _link(family) -> str:
    return f'<a href="{reverse("family_detail", args=[family.pk])}">{family.name}</a>'


@pytest.fixture
def berg(world):
    """A second family of alice's centre, in a municipality where she sees the whole centre."""
    family = f.FamilyFactory(name="Familien Berg", centre=world.centre)
    f.PersonFactory(family=family, first_name="Bo", last_name="Berg")
    return family


def test_the_same_centres_coordinator_gets_a_link_to_the_family_holding_the_number(
    world, login, berg, caplog
):
    bo = berg.members.get()
    first = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    url = reverse("person_create", args=[world.family.pk])
    with caplog.at_level(logging.DEBUG):
        response = login(world.alice).post(url, _person_post(_format(bo.cpr)))
    assert response.status_code == 200
    html = response.content.decode()
    # Next to the field and in the DKFDS error summary, the message links to Familien Berg.
    expected = f"Personen er allerede registreret i en anden familie i centret: {_link(berg)}."
    assert html.count(expected) == 2
    summary = html.split('<ul class="alert-text">')[1].split("</ul>")[0]
    assert f'<li><a href="#id_cpr">CPR-nummer</a>: {expected}</li>' in summary
    assert not Person.objects.filter(first_name="Ny").exists()
    # The page showed Familien Berg's name and that Bo is in it: the read is logged.
    events = AuditEvent.objects.filter(pk__gt=first, user=world.alice)
    logged = set(events.values_list("family_id", flat=True))
    logged |= set(AuditFamily.objects.filter(event__in=events).values_list("family_id", flat=True))
    assert berg.pk in logged
    # The number is in no log line, no audit event and no URL.
    assert bo.cpr not in caplog.text and bo.cpr[:6] not in caplog.text
    for event in events:
        assert bo.cpr not in f"{event.summary}{event.changes}"


def test_a_referral_with_a_known_childs_number_links_from_the_childs_field(world, login):
    municipality = world.family.municipality
    response = login(world.alice).post(
        reverse("family_create"), _referral_post(municipality, _format(world.child.cpr))
    )
    assert response.status_code == 200
    html = response.content.decode()
    expected = (
        f"Personen er allerede registreret i en anden familie i centret: {_link(world.family)}."
    )
    assert f'<li><a href="#id_child_cpr">Barnets CPR-nummer</a>: {expected}</li>' in html
    assert '<span class="form-error-message" id="id_child_cpr-error">' in html
    assert not Family.objects.filter(name="Familien Ny").exists()


def test_a_referral_with_a_known_parents_number_links_from_the_parents_field(world, login, berg):
    bo = berg.members.get()
    response = login(world.alice).post(
        reverse("family_create"),
        _referral_post(world.family.municipality, "010120-4000", _format(bo.cpr)),
    )
    html = response.content.decode()
    expected = f"Personen er allerede registreret i en anden familie i centret: {_link(berg)}."
    assert f'<li><a href="#id_parent_cpr">Forælderens CPR-nummer</a>: {expected}</li>' in html
    assert not Family.objects.filter(name="Familien Ny").exists()


def test_another_centres_coordinator_learns_nothing_of_the_family(world, login):
    # Ivan works in another centre: the refusal must not confirm that the number exists.
    response = login(world.ivan).post(
        reverse("family_create"),
        _referral_post(world.other_centre.municipalities.first(), _format(world.child.cpr)),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert str(CPR_UNAVAILABLE) in html
    assert reverse("family_detail", args=[world.family.pk]) not in html
    # Whole names: the signed-in user's random factory name may share a part of them.
    names = (world.family.name, world.child.full_name, world.parent.full_name)
    for leak in (*names, "allerede registreret", world.centre.name):
        assert leak not in html
    assert not Family.objects.filter(name="Familien Ny").exists()


def test_the_same_centre_without_access_is_sent_to_the_cpr_search_without_a_name(world, login):
    # Under need to know alice does not see Familien Lund: she is told to find the person by
    # the CPR search (which asks for a reason and is logged), not the family's name or link.
    vallensbaek = world.centre.municipalities.exclude(pk=world.family.municipality_id).get()
    AccessPolicy.objects.filter(municipality=vallensbaek).update(
        scope=AccessPolicy.Scope.NEED_TO_KNOW
    )
    lund = f.FamilyFactory(name="Familien Lund", centre=world.centre, municipality=vallensbaek)
    holder = f.PersonFactory(family=lund, first_name="Liv", last_name="Lund")
    response = login(world.alice).post(
        reverse("person_create", args=[world.family.pk]), _person_post(_format(holder.cpr))
    )
    html = response.content.decode()
    assert (
        "Personen er allerede registreret i en anden familie i centret. "
        "Find personen med søgning på CPR-nummer."
    ) in html
    assert reverse("family_detail", args=[lund.pk]) not in html
    assert "Lund" not in html
