"""Values a fuzzer sends (years 1 and 9999, huge numbers, letters in postcodes) get a Danish
message or a 404, never a server error (issue 8)."""

import pytest
from django.urls import reverse

from indgang.core.validators import DATE_RANGE_MESSAGE
from indgang.families.models import Family, Person
from indgang.meetings.models import Meeting
from indgang.plans.models import Goal
from tests.interventions.helpers import configure, kind

pytestmark = pytest.mark.django_db

YEARS = ["0001-01-01", "9999-12-31"]
HUGE = "9" * 30


def _html(response) -> str:
    assert response.status_code != 500
    return response.content.decode()


def _referral(world, **override):
    data = {
        "family_name": "Familien Skov",
        "municipality": world.centre.municipalities.first().pk,
        "language": "dansk",
        "preferred_contact": "phone",
        "child_first_name": "Viggo",
        "child_last_name": "Skov",
        "child_cpr": "170522-5123",
        "parent_first_name": "Julie",
        "parent_last_name": "Skov",
        "parent_has_custody": "on",
        "referred_on": "2026-11-20",
    }
    data.update(override)
    return data


@pytest.mark.parametrize("day", YEARS)
def test_referral_and_birth_dates(world, login, day):
    client = login(world.alice)
    html = _html(client.post(reverse("family_create"), _referral(world, referred_on=day)))
    assert DATE_RANGE_MESSAGE in html
    assert not Family.objects.filter(name="Familien Skov").exists()
    html = _html(
        client.post(
            reverse("person_create", args=[world.family.pk]),
            {"first_name": "Ny", "last_name": "Bror", "birth_date": day, "relation": "sibling"},
        )
    )
    assert DATE_RANGE_MESSAGE in html
    assert not Person.objects.filter(first_name="Ny").exists()


@pytest.mark.parametrize("postcode", ["26a5", "٢٦٣٥", "2 63", "abcd"])
def test_postcodes_are_four_ascii_digits(world, login, postcode):
    client = login(world.alice)
    html = _html(client.post(reverse("family_create"), _referral(world, postcode=postcode)))
    assert "Postnummeret skal være fire cifre" in html
    html = _html(
        client.post(
            reverse("family_edit", args=[world.family.pk]),
            {
                "name": world.family.name,
                "municipality": world.family.municipality_id,
                "postcode": postcode,
                "language": "dansk",
                "preferred_contact": "phone",
            },
        )
    )
    assert "Postnummeret skal være fire cifre" in html


@pytest.mark.parametrize("day", YEARS)
def test_consent_and_application_dates(world, login, day):
    client = login(world.alice)
    html = _html(
        client.post(
            reverse("consent_record", args=[world.family.pk]),
            {"given_by": world.parent.pk, "given_on": day, "covers": "Alt"},
        )
    )
    assert DATE_RANGE_MESSAGE in html
    configure(world)
    html = _html(
        client.post(
            reverse("application_create", args=[world.family.pk]),
            {
                "intervention_type": kind("extra_costs").pk,
                "received_on": day,
                "started_by": "family",
            },
        )
    )
    assert DATE_RANGE_MESSAGE in html


@pytest.mark.parametrize("day", YEARS)
def test_meeting_and_core_team_meeting_dates(world, login, day):
    client = login(world.alice)
    html = _html(
        client.post(
            reverse("meeting_create", args=[world.family.pk]),
            {"type": "status", "starts_at": f"{day}T10:00"},
        )
    )
    assert DATE_RANGE_MESSAGE in html
    html = _html(
        client.post(
            reverse("core_team_meetings"), {"type": "core_team_weekly", "starts_at": f"{day}T10:00"}
        )
    )
    assert DATE_RANGE_MESSAGE in html
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", [*YEARS, "0001-01-08", "9999-12-25", "x"])
def test_core_team_agenda_weeks(world, login, day):
    client = login(world.alice)
    assert client.get(reverse("core_team_agenda"), {"uge": day}).status_code == 200
    response = client.post(reverse("agenda_item_add"), {"uge": day, "title": "Punkt"})
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("day", YEARS)
def test_audit_search_dates_and_a_huge_page(world, login, day):
    client = login(world.heidi)
    html = _html(client.get(reverse("audit_search"), {"date_from": day, "date_to": day}))
    assert "dato mellem år 1900 og 2100" in html
    assert client.get(reverse("audit_search"), {"page": HUGE}).status_code == 200


def test_a_huge_id_among_the_goal_owners(world, login):
    response = login(world.alice).post(
        reverse("goal_create", args=[world.family.pk]),
        {
            "wording": "Alma kan sige ti ord",
            "success_criteria": "Ti ord",
            "target_date": "2027-05-01",
            "owners": [world.alice.pk, HUGE],
        },
    )
    html = _html(response)
    assert "gyldig" in html  # Django's Danish "… en gyldig valgmulighed …"
    assert not Goal.objects.exists()


def test_goal_target_date_in_year_9999(world, login):
    response = login(world.alice).post(
        reverse("goal_create", args=[world.family.pk]),
        {"wording": "Alma", "success_criteria": "Ti ord", "target_date": "9999-12-31"},
    )
    assert DATE_RANGE_MESSAGE in _html(response)


def test_huge_ids_in_urls_and_single_choices(world, login):
    client = login(world.alice)
    assert client.get(reverse("family_detail", args=[HUGE])).status_code == 404
    assert client.get(reverse("plan_detail", args=[HUGE])).status_code == 404
    response = client.post(
        reverse("agreement_create", args=[world.family.pk]), {"task": "x", "owner_user": HUGE}
    )
    assert "gyldig" in _html(response)
