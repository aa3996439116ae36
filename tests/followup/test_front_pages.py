"""Issue 9: the coordinator's front page shows what to act on today, each item with its
action; the family page starts with a short status; every staff page has a family search."""

from datetime import date

import pytest
from django.urls import reverse

from indgang.families.models import Case, Person
from indgang.interventions import services as interventions
from indgang.interventions.models import Application
from tests import factories as f
from tests.followup import helpers as h
from tests.interventions.helpers import configure, kind

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def _home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_overdue_items_with_days_and_the_action_beside_each(world, login):
    h.contact(world.case, date(2026, 9, 15), world.alice)  # October's contact missed
    client = login(world.alice)
    panel = next(p for p in client.get(reverse("home")).context["panels"] if "items" in p)
    contact = next(i for i in panel["overdue"] if i.what == "Månedlig kontakt")
    assert contact.due_on == date(2026, 10, 30) and contact.days_overdue == 24
    assert contact.action_url == reverse("contact_create", args=[world.family.pk])
    followup = next(i for i in panel["overdue"] if i.what == "Opfølgning på planen")
    assert followup.action_url == reverse("followup_create", args=[world.family.pk])
    startup = next(i for i in panel["overdue"] if i.what.startswith("Opstart"))
    assert startup.action_label == "Planlæg møde"
    html = _home(client)
    assert "24 dage over fristen" in html and "Registrér kontakt" in html
    assert "Følg op på planen" in html

    # registering the contact takes the item away at once
    response = client.post(
        reverse("contact_create", args=[world.family.pk]),
        {"on": "23.11.2026", "form": "phone", "with_whom": "Mor", "initiative": "coordinator"},
    )
    assert response.status_code == 302
    panel = next(p for p in client.get(reverse("home")).context["panels"] if "items" in p)
    assert not [i for i in panel["items"] if i.what == "Månedlig kontakt"]


def test_deadlines_complaints_committee_referrals_and_age_limits(world, login):
    configure(world)
    application = interventions.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("extra_costs"),
        received_on=date(2026, 9, 1),
        started_by="family",
        person=world.child,
    )
    Application.objects.filter(pk=application.pk).update(deadline=date(2026, 11, 20))
    waiting = interventions.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("extra_costs"),
        received_on=date(2026, 11, 2),
        started_by="family",
        person=world.child,
    )
    Application.objects.filter(pk=waiting.pk).update(referred_on=date(2026, 11, 16))
    interventions.complaint_create(
        by=world.alice, case=world.case, kind="case_handling", received_on=date(2026, 10, 28)
    )
    Person.objects.filter(pk=world.child.pk).update(birth_date=date(2020, 1, 15))
    referred = f.FamilyFactory(name="Familien Berg", centre=world.centre)
    f.PersonFactory(family=referred)
    Case.objects.create(family=referred, centre=world.centre, referred_on=date(2026, 10, 1))

    html = _home(login(world.alice))
    assert "3 dage over fristen" in html  # the application past its deadline
    assert "genvurderes senest 25.11.2026" in html and "(om 2 dage)" in html
    assert "Venter på visitationsudvalget (1)" in html and "7 dage siden" in html
    assert "Familien Berg" in html and "53 dage" in html
    assert "fylder 7 år den 15.01.2027" in html
    # Under way in: the referred family, not the enrolled one.
    pending = html.split('id="pending-referrals"')[1].split("</table>")[0]
    assert "Familien Berg" in pending and world.family.name not in pending


def test_the_family_page_starts_with_a_short_status(world, login):
    h.contact(world.case, date(2026, 9, 15), world.alice)
    html = login(world.alice).get(reverse("family_detail", args=[world.family.pk])).content
    html = html.decode()
    status = html.index('id="family-status"')
    assert status < html.index('<h2 class="h4">Familiekoordinator</h2>')
    section = html[status : html.index("</section>", status)]
    assert "Indskrevet siden 01.02.2026" in section
    assert "Månedlig kontakt (24 dage)" in section
    assert "Over fristen" in section


def test_every_staff_page_has_a_family_search_that_posts(world, login):
    client = login(world.alice)
    for name, args in [("home", []), ("my_week", []), ("family_detail", [world.family.pk])]:
        html = client.get(reverse(name, args=args)).content.decode()
        assert f'action="{reverse("family_list")}"' in html and 'id="header-family-search"' in html
    found = client.post(reverse("family_list"), {"q": "Hansen"})
    assert "Familien Hansen" in found.content.decode()
    client.logout()
    assert (
        'id="header-family-search"' not in login(world.grace).get(reverse("home")).content.decode()
    )
