"""The portal's personas: Maria Hansen (world.parent) with her own account, and Peter Jensen,
a parent of another family in the same centre and municipality."""

import re
from dataclasses import dataclass

import pytest
from django.core import mail

from indgang.families.models import Person
from indgang.portal import services
from tests import factories as f

PASSWORD = "Tre blå heste i haven"


def link_from(message) -> str:
    return re.search(r"http://testserver(/familie/invitation/\S+)", message.body).group(1)


def invite(by, person):
    mail.outbox.clear()
    invitation = services.invitation_create(by=by, person=person, base_url="http://testserver/")
    return invitation, link_from(mail.outbox[-1])


def activate(client, link, password=PASSWORD):
    client.get(link)
    path = link.split("?")[0]
    return client.post(path, {"password1": password, "password2": password})


@dataclass
class Parents:
    maria: Person
    peter: Person  # the Jensen family's parent, same centre and municipality
    jensen_goal_id: int


@pytest.fixture
def parents(world, client):
    from datetime import date

    from indgang.plans.models import Goal, JointPlan

    jensen = f.FamilyFactory(
        name="Familien Jensen", centre=world.centre, municipality=world.family.municipality
    )
    f.PersonFactory(family=jensen, first_name="Oskar", last_name="Jensen")
    peter = f.PersonFactory(
        family=jensen, parent=True, first_name="Peter", last_name="Jensen", email="p@j.invalid"
    )
    case = f.CaseFactory(family=jensen, enrolled=True)
    f.assign(case, world.alice)
    plan = JointPlan.objects.create(case=case, created_by=world.alice)
    goal = Goal.objects.create(
        plan=plan,
        position=1,
        wording="Oskar cykler selv",
        success_criteria="Cykler til børnehave",
        target_date=date(2027, 5, 1),
    )
    for person in (world.parent, peter):
        _, link = invite(world.alice, person)
        activate(client, link)
        client.logout()
    mail.outbox.clear()
    return Parents(world.parent, peter, goal.pk)


@pytest.fixture
def maria(parents, client):
    """A client signed in as Maria Hansen through the portal's own sign-in page."""
    response = client.post(
        "/familie/log-ind/", {"username": "maria@familie.invalid", "password": PASSWORD}
    )
    assert response.status_code == 302, response.content[:2000]
    return client


__all__ = ["PASSWORD", "Person", "activate", "invite", "link_from"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Attachments go through the default storage into a temporary directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def jonas(world):
    """Alma's father: registered in the Hansen household, without custody."""
    return f.PersonFactory(
        family=world.family,
        parent=True,
        has_custody=False,
        first_name="Jonas",
        last_name="Hansen",
        email="jonas@familie.invalid",
    )
