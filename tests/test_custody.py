"""Custody per child and a second household for a parent living apart (issue 9, data model)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.families import custody, services
from indgang.families.models import Custody, HouseholdMembership, Person
from tests import factories as f


@pytest.fixture
def father(world):
    """Jonas lives in his own household in the same centre and shares custody of Alma."""
    own = f.FamilyFactory(
        name="Familien Berg", centre=world.centre, municipality=world.family.municipality
    )
    return f.PersonFactory(
        family=own, parent=True, first_name="Jonas", last_name="Berg", email="jonas@familie.invalid"
    )


def test_a_new_parent_with_custody_holds_it_for_the_households_children(world):
    sibling = services.person_create(
        by=world.alice,
        family=world.family,
        data={
            "first_name": "Bo",
            "last_name": "Hansen",
            "relation": "sibling",
            "birth_date": date(2020, 1, 1),
        },
    )
    # The new child gets the guardian who already holds custody in the household.
    assert list(sibling.custodians.values_list("guardian_id", flat=True)) == [world.parent.pk]
    stepfather = services.person_create(
        by=world.alice,
        family=world.family,
        data={
            "first_name": "Ole",
            "last_name": "Hansen",
            "relation": "parent",
            "birth_date": date(1980, 1, 1),
            "has_custody": False,
        },
    )
    assert not stepfather.has_custody
    assert not custody.has_custody_in(stepfather, world.family)


def test_custody_is_set_per_child_and_the_flag_follows(world):
    sibling = f.PersonFactory(family=world.family, relation=Person.Relation.SIBLING)
    second = f.PersonFactory(family=world.family, parent=True, has_custody=False)
    custody.custody_set(by=world.alice, child=world.child, guardians=[world.parent, second])
    custody.custody_set(by=world.alice, child=sibling, guardians=[world.parent])
    second.refresh_from_db()
    assert second.has_custody  # custody of Alma only
    assert set(custody.custodians_of_family(world.family)) == {world.parent, second}
    assert list(Custody.objects.filter(guardian=second).values_list("child_id", flat=True)) == [
        world.child.pk
    ]
    event = AuditEvent.objects.filter(object_type="person", object_id=world.child.pk).latest("pk")
    assert event.summary == "Forældremyndighed"
    assert AuditPerson.objects.filter(event=event, person_id=second.pk).exists()

    custody.custody_set(by=world.alice, child=world.child, guardians=[world.parent])
    second.refresh_from_db()
    assert not second.has_custody


def test_custody_cannot_go_to_someone_outside_the_household(world, father):
    with pytest.raises(ValidationError) as error:
        custody.custody_set(by=world.alice, child=world.child, guardians=[father])
    assert "husstand" in str(error.value)
    assert not Custody.objects.filter(guardian=father).exists()


def test_a_parent_living_apart_joins_the_household_by_cpr_without_a_second_record(world, father):
    persons = Person.objects.count()
    membership = custody.household_join(
        by=world.alice,
        family=world.family,
        cpr=father.cpr,
        relation="parent",
        custody_of=[world.child],
    )
    assert Person.objects.count() == persons  # one person, one CPR number
    assert membership.person == father
    assert father in custody.household_members(world.family)
    assert custody.has_custody_in(father, world.family)
    assert set(custody.custodians_of_family(world.family)) == {world.parent, father}
    # Now a member, he can give consent and be named as a guardian of Alma.
    assert father in custody.guardian_choices(world.child)

    with pytest.raises(ValidationError, match="allerede"):
        custody.household_join(
            by=world.alice, family=world.family, cpr=father.cpr, relation="parent", custody_of=[]
        )


def test_a_cpr_number_of_another_centre_is_refused_without_saying_so(world):
    stranger = world.other_family.members.first()
    stranger.relation = Person.Relation.PARENT
    stranger.save()
    with pytest.raises(ValidationError) as error:
        custody.household_join(
            by=world.alice,
            family=world.family,
            cpr=stranger.cpr,
            relation="parent",
            custody_of=[],
        )
    unknown = f.cpr_for(date(1985, 1, 1), 1)
    with pytest.raises(ValidationError) as error_unknown:
        custody.household_join(
            by=world.alice, family=world.family, cpr=unknown, relation="parent", custody_of=[]
        )
    assert error.value.messages == error_unknown.value.messages
    assert not HouseholdMembership.objects.exists()


def test_consent_needs_custody_of_a_child_in_this_household(world, father):
    world.case.status = "eligibility_assessed"
    world.case.enrolled_on = None
    world.case.save()
    custody.household_join(
        by=world.alice, family=world.family, cpr=father.cpr, relation="parent", custody_of=[]
    )
    with pytest.raises(ValidationError, match="forældremyndighed"):
        services.consent_record(
            by=world.alice,
            case=world.case,
            given_by=father,
            given_on=date(2026, 11, 2),
            covers="Deltagelse",
        )
    custody.custody_set(by=world.alice, child=world.child, guardians=[world.parent, father])
    consent = services.consent_record(
        by=world.alice,
        case=world.case,
        given_by=father,
        given_on=date(2026, 11, 2),
        covers="Deltagelse",
    )
    assert consent.given_by == father


# --- Pages -------------------------------------------------------------------------------


def test_the_person_page_shows_custody_per_child(world, login, father):
    custody.household_join(
        by=world.alice,
        family=world.family,
        cpr=father.cpr,
        relation="parent",
        custody_of=[world.child],
    )
    client = login(world.alice)
    html = client.get(reverse("person_detail", args=[world.family.pk, world.child.pk])).content
    html = html.decode()
    assert "Forældremyndighed hos" in html
    assert "Maria Hansen" in html and "Jonas Berg (bor i en anden husstand)" in html
    shown = AuditEvent.objects.filter(summary="Personside").latest("pk")
    assert AuditPerson.objects.filter(event=shown, person_id=father.pk).exists()
    html = client.get(reverse("person_detail", args=[world.family.pk, father.pk])).content.decode()
    assert "Forældremyndighed over" in html and "Alma Hansen" in html
    assert "Bor i en anden husstand" in html
    page = client.get(reverse("family_detail", args=[world.family.pk])).content.decode()
    assert "Jonas Berg" in page and "bor i en anden husstand" in page
    # The read is logged with the person from the other household.
    event = AuditEvent.objects.filter(action="view", summary="Familieoverblik").get()
    assert AuditPerson.objects.filter(event=event, person_id=father.pk).exists()


def test_custody_page_records_joint_custody(world, login, father):
    custody.household_join(
        by=world.alice, family=world.family, cpr=father.cpr, relation="parent", custody_of=[]
    )
    client = login(world.alice)
    url = reverse("custody_edit", args=[world.family.pk, world.child.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Jonas Berg" in page.content.decode()
    response = client.post(url, {"guardians": [world.parent.pk, father.pk]})
    assert response.status_code == 302
    assert custody.has_custody_in(father, world.family)
    # Someone who is not a guardian of the household is an invalid choice, nothing saved.
    outsider = f.PersonFactory(family=world.other_family, parent=True)
    response = client.post(url, {"guardians": [outsider.pk]})
    assert response.status_code == 200
    assert (
        "Vælg et gyldigt valg" in response.content.decode() or "gyldig" in response.content.decode()
    )
    assert custody.has_custody_in(father, world.family)


def test_household_join_page_adds_by_cpr_and_explains_a_refusal(world, login, father):
    client = login(world.alice)
    url = reverse("household_join", args=[world.family.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"cpr": "010101-0000", "relation": "parent"})
    assert response.status_code == 200
    assert "ingen person med dette CPR-nummer i centret" in response.content.decode()
    cpr = f"{father.cpr[:6]}-{father.cpr[6:]}"
    response = client.post(url, {"cpr": cpr, "relation": "parent", "custody_of": [world.child.pk]})
    assert response.status_code == 302
    assert custody.has_custody_in(father, world.family)


def test_another_centre_cannot_reach_the_custody_pages(world, login):
    client = login(world.ivan)
    for url in (
        reverse("custody_edit", args=[world.family.pk, world.child.pk]),
        reverse("household_join", args=[world.family.pk]),
    ):
        assert client.get(url).status_code == 404
    assert not HouseholdMembership.objects.exists()


def test_the_person_form_no_longer_sets_a_global_custody_flag(world, login):
    client = login(world.alice)
    html = client.get(reverse("person_edit", args=[world.family.pk, world.parent.pk])).content
    assert b"has_custody" not in html


def test_an_id_beyond_the_database_range_is_an_invalid_choice(world, login):
    client = login(world.alice)
    url = reverse("custody_edit", args=[world.family.pk, world.child.pk])
    response = client.post(url, {"guardians": ["99999999999999999999"]})
    assert response.status_code == 200
    assert custody.has_custody_in(world.parent, world.family)
    response = client.post(
        reverse("household_join", args=[world.family.pk]),
        {"cpr": "010101-0000", "relation": "parent", "custody_of": ["99999999999999999999"]},
    )
    assert response.status_code == 200
    assert not HouseholdMembership.objects.exists()
