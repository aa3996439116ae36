"""Need to know, the default access scope: one's own cases, and other families of the
centre only with a stated reason (a value jump) that is logged, shown and checked."""

from datetime import datetime

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.families.access import families_visible_to
from indgang.families.models import AccessPolicy, ValueJump
from indgang.meetings.models import Agreement
from tests import factories as f


@pytest.fixture
def need_to_know(world):
    AccessPolicy.objects.filter(municipality__centres=world.centre).update(
        scope=AccessPolicy.Scope.NEED_TO_KNOW
    )
    colleague = f.UserFactory(username="olga", role="coordinator", centre=world.centre)
    other = f.FamilyFactory(
        name="Familien Berg", centre=world.centre, municipality=world.family.municipality
    )
    f.PersonFactory(family=other, first_name="Ida", last_name="Berg")
    f.assign(f.CaseFactory(family=other, enrolled=True), colleague)
    return other


def test_the_default_scope_is_need_to_know(db):
    municipality = f.MunicipalityFactory()
    assert AccessPolicy(municipality=municipality).scope == AccessPolicy.Scope.NEED_TO_KNOW


def test_own_cases_only(world, need_to_know):
    assert set(families_visible_to(world.alice)) == {world.family}
    assert set(families_visible_to(world.erin)) == set()
    assert set(families_visible_to(world.bob)) == set()  # a fixed member, but no work here
    assert set(families_visible_to(world.carol)) == {world.family}  # linked partner


def test_core_team_work_opens_the_family(world, need_to_know):
    Agreement.objects.create(
        case=world.case, task="Vurdering", owner_user=world.bob, created_by=world.alice
    )
    assert set(families_visible_to(world.bob)) == {world.family}


def test_another_family_of_the_centre_asks_for_a_reason_and_logs_it(world, need_to_know, login):
    client = login(world.alice)
    url = reverse("family_detail", args=[need_to_know.pk])
    response = client.get(url)
    jump_url = reverse("value_jump", args=[need_to_know.pk])
    assert response.status_code == 302 and response["Location"].startswith(jump_url)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Familien Berg" not in page.content.decode()
    # "Other" needs words; nothing is saved without them.
    refused = client.post(jump_url, {"reason": "other", "explanation": "", "next": url})
    assert refused.status_code == 200 and "Skriv hvorfor" in refused.content.decode()
    assert not ValueJump.objects.exists()
    done = client.post(jump_url, {"reason": "cover", "explanation": "Olga er syg", "next": url})
    assert done.status_code == 302 and done["Location"] == url
    event = AuditEvent.objects.get(action=AuditEvent.Action.VALUE_JUMP)
    assert event.family_id == need_to_know.pk and "Olga er syg" in event.summary
    members = set(need_to_know.members.values_list("pk", flat=True))
    assert (
        set(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == members
    )
    html = client.get(url).content.decode()
    assert "Familien Berg" in html and "ikke er din sag" in html  # the banner
    # Signing out ends the visit: the next time the reason is asked again.
    client.post(reverse("logout"))
    client = login(world.alice)
    assert client.get(url).status_code == 302


def test_leaders_see_figures_without_opening_families(world, need_to_know, login):
    client = login(world.erin)
    assert client.get(reverse("participant_list")).status_code == 200
    assert "Ida Berg" in client.get(reverse("participant_list")).content.decode()
    response = client.get(reverse("family_detail", args=[need_to_know.pk]))
    assert response.status_code == 302  # opening one asks for the reason


@pytest.mark.parametrize("persona", ["dave", "ivan", "heidi", "grace"])
def test_outsiders_are_never_offered_a_reason(world, need_to_know, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("family_detail", args=[need_to_know.pk])).status_code == 404
    assert client.get(reverse("value_jump", args=[need_to_know.pk])).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED, user=getattr(world, persona))


def test_a_value_jump_ends_with_the_day(world, need_to_know, login, time_machine=None):
    import time_machine as tm

    client = login(world.alice)
    url = reverse("family_detail", args=[need_to_know.pk])
    client.post(reverse("value_jump", args=[need_to_know.pk]), {"reason": "enquiry", "next": url})
    assert client.get(url).status_code == 200
    with tm.travel(datetime(2026, 11, 24, 9, 0), tick=False):
        assert need_to_know not in families_visible_to(world.alice)


def test_a_search_finds_the_centres_other_families_to_open_with_a_reason(
    world, need_to_know, login
):
    client = login(world.alice)
    assert "Familien Berg" not in client.get(reverse("family_list")).content.decode()
    found = client.post(reverse("family_list"), {"q": "Berg"}).content.decode()
    assert "Familien Berg" in found
    # Someone from another centre finds nothing.
    assert (
        "Familien Berg"
        not in login(world.ivan).post(reverse("family_list"), {"q": "Berg"}).content.decode()
    )


def test_a_coordinator_opens_their_own_case_in_one_query_and_a_former_one_not_at_all(
    world, need_to_know
):
    from django.db import connection
    from django.http import Http404
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from indgang.families.access import family_for
    from indgang.families.models import CoordinatorAssignment

    with CaptureQueriesContext(connection) as queries:
        assert family_for(world.alice, world.family.pk) == world.family
    assert len(queries) == 1
    colleague = need_to_know.cases.get().coordinator_assignments.get().coordinator
    assert family_for(colleague, need_to_know.pk) == need_to_know
    CoordinatorAssignment.objects.filter(coordinator=colleague).update(
        ended_on=timezone.localdate()
    )
    with pytest.raises(Http404):
        family_for(colleague, need_to_know.pk)  # the reason form, under need to know
    with pytest.raises(Http404):
        family_for(world.alice, need_to_know.pk)
