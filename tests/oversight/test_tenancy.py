"""The audit search stays inside the searcher's tenancy, and every search is logged.

erin leads centre A, heidi is the DPO of centre A's municipalities (Ishøj, Vallensbæk);
ivan coordinates the other centre, whose family (other_family) is in another municipality.
"""

import re

from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson
from indgang.audit.services import audit_record
from indgang.core.cpr import mask_cpr
from tests import factories as f


def _events_of_both_centres(world):
    ours = audit_record(
        user=world.alice,
        action="view",
        object_type="family",
        family_id=world.family.pk,
        person_ids=[world.child.pk],
        summary="Vores familie",
    )
    theirs = audit_record(
        user=world.ivan,
        action="view",
        object_type="family",
        family_id=world.other_family.pk,
        person_ids=[world.other_family.members.get().pk],
        summary="Deres familie",
    )
    ivan_login = audit_record(user=world.ivan, action="login", object_type="session")
    listed = audit_record(
        user=world.ivan,
        action="view",
        object_type="page",
        family_ids=[world.family.pk, world.other_family.pk],
        summary="Listeside med begge",
    )
    return ours, theirs, ivan_login, listed


# The per-render tokens: CSRF, and each form's one-time token (core/submit_once.py).
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|data-form-token="[^"]+"')


def _same_page(a: str, b: str, a_value, b_value) -> bool:
    """The two answers are identical but for the id or number asked about (and CSRF)."""

    def norm(html, value):
        html = TOKEN.sub("", html)
        return re.sub(rf'(name="\w+") value="{value}"', r'\1 value="X"', html)

    return norm(a, a_value) == norm(b, b_value)


def _search(client, **params):
    return client.get(reverse("audit_search"), {"action": "", **params})


def test_leader_sees_only_events_of_her_centres_families_and_staff(world, login):
    _events_of_both_centres(world)
    for persona in (world.erin, world.frank, world.heidi):
        html = _search(login(persona)).content.decode()
        assert "Vores familie" in html, persona
        # ivan's list page showed a family of centre A: that event concerns centre A.
        assert "Listeside med begge" in html, persona
        assert "Deres familie" not in html, persona
        logins = _search(login(persona), action="login").content.decode()
        assert "Ivan" not in logins, persona


def test_a_period_search_finds_the_events_in_tenancy_through_their_families_and_persons(
    world, login
):
    """With a period, the tenancy's family and person probes are narrowed to it: ivan's
    events that are in tenancy only through a listed family or a person are found inside the
    period and not outside it."""
    from datetime import timedelta

    from django.utils import timezone

    _events_of_both_centres(world)
    audit_record(
        user=world.ivan,
        action="view",
        object_type="person",
        person_ids=[world.child.pk],
        summary="Kun personen",
    )
    # A list page of 40 days ago, written as audit.services writes it: the event and its
    # family rows with the same time (the log refuses updates, so it is made so).
    long_ago = timezone.now() - timedelta(days=40)
    old = AuditEvent.objects.create(
        at=long_ago, user=world.ivan, username=world.ivan.username, action="view",
        object_type="page", summary="Gammel listeside",
    )  # fmt: skip
    AuditFamily.objects.create(event=old, family_id=world.family.pk, at=long_ago)
    today = timezone.localdate()
    week = {"date_from": today - timedelta(days=7), "date_to": today}
    html = _search(login(world.heidi), **week).content.decode()
    assert "Listeside med begge" in html and "Kun personen" in html and "Vores familie" in html
    assert "Deres familie" not in html and "Gammel listeside" not in html
    older = {"date_from": today - timedelta(days=60), "date_to": today - timedelta(days=30)}
    html = _search(login(world.heidi), **older).content.decode()
    assert "Gammel listeside" in html and "Listeside med begge" not in html


def test_staff_filter_finds_only_staff_in_tenancy(world, login):
    client = login(world.erin)
    html = client.get(reverse("audit_search")).content.decode()
    # No list of every employee: the filter is typed.
    assert f'value="{world.alice.pk}"' not in html and "<option" not in html.split("Handling")[0]
    found = _search(client, staff="alice").content.decode()
    assert "Viser handlinger af <strong>Alice" in found
    assert "Viser handlinger af <strong>Carol" in _search(client, staff="Carol").content.decode()
    for outsider in ("Ivan", "dave"):  # another centre's; a partner linked to none of ours
        html = _search(client, staff=outsider).content.decode()
        assert "Ingen medarbejder, du fører tilsyn med, passer på navnet." in html, outsider
        assert "Viser handlinger af" not in html
    # Asking for another centre's staff member answers as for an id that does not exist.
    _events_of_both_centres(world)
    outside = _search(login(world.erin), user=world.ivan.pk).content.decode()
    missing = _search(login(world.erin), user=999_999).content.decode()
    assert "Deres familie" not in outside and "Ivan" not in outside
    assert "Medarbejderen findes ikke blandt dem, du fører tilsyn med." in outside
    assert _same_page(outside, missing, world.ivan.pk, 999_999)


def test_dpo_of_centre_a_does_not_see_the_other_centre(world, login):
    _events_of_both_centres(world)
    html = login(world.heidi).get(reverse("audit_search")).content.decode()
    assert f'value="{world.ivan.pk}"' not in html
    html = _search(login(world.heidi), action="login").content.decode()
    assert "Ivan" not in html


def test_dpo_oversees_every_centre_serving_her_municipalities(world, login):
    """A second centre serving Ishøj: its staff and Ishøj families are the DPO's, not erin's."""
    ishoj = world.family.municipality
    second = f.CentreFactory(name="Andet Ishøj-center", municipalities=[ishoj])
    olga = f.UserFactory(username="olga", first_name="Olga", role="coordinator", centre=second)
    family = f.FamilyFactory(name="Familien Olsen", centre=second, municipality=ishoj)
    audit_record(user=olga, action="view", family_id=family.pk, summary="Olgas opslag")
    assert "Olgas opslag" in _search(login(world.heidi)).content.decode()
    assert "Olgas opslag" not in _search(login(world.erin)).content.decode()


def test_person_by_id_of_another_centre_answers_like_no_such_person(world, login):
    _events_of_both_centres(world)
    other_person = world.other_family.members.get()
    client = login(world.erin)
    outside = _search(client, person=other_person.pk).content.decode()
    missing = _search(client, person=999_999).content.decode()
    assert "Deres familie" not in outside and other_person.full_name not in outside
    assert "ingen person med dette nummer" in outside
    assert _same_page(outside, missing, other_person.pk, 999_999)
    family_outside = _search(client, family=world.other_family.pk).content.decode()
    assert "Deres familie" not in family_outside and "ingen familie" in family_outside
    # ...while a person of her own centre resolves, with their events.
    own = _search(client, person=world.child.pk).content.decode()
    assert "Alma Hansen" in own and "Vores familie" in own


def test_cpr_of_another_centres_person_answers_like_no_such_person(world, login):
    _events_of_both_centres(world)
    other_person = world.other_family.members.get()
    client = login(world.erin)
    outside = client.post(reverse("audit_search"), {"cpr": other_person.cpr})
    missing = client.post(reverse("audit_search"), {"cpr": "0101010001"})
    assert outside.status_code == missing.status_code == 200
    html = outside.content.decode()
    assert "ingen person med dette CPR-nummer" in html
    assert "Deres familie" not in html and other_person.full_name not in html
    assert _same_page(html, missing.content.decode(), other_person.cpr, "0101010001")


def test_search_is_logged_with_its_terms_and_hits(world, login):
    _events_of_both_centres(world)
    client = login(world.erin)
    _search(client, action="view", user=world.alice.pk)
    event = AuditEvent.objects.filter(action="search", user=world.erin).latest("id")
    assert event.object_type == "audit"
    assert event.changes["terms"] == {"user": world.alice.pk, "action": "view"}
    assert world.family.pk in {event.family_id} | set(
        AuditFamily.objects.filter(event=event).values_list("family_id", flat=True)
    )
    assert set(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == {
        world.child.pk
    }


def test_cpr_lookup_is_logged_masked(world, login):
    client = login(world.heidi)
    client.post(reverse("audit_search"), {"cpr": world.child.cpr})
    event = AuditEvent.objects.filter(action="search", user=world.heidi).earliest("id")
    masked = mask_cpr(world.child.cpr)
    assert event.changes["terms"] == {"cpr": masked} and masked.endswith("-xxxx")
    assert world.child.cpr not in str(event.changes) + event.summary
    assert list(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == [
        world.child.pk
    ]
    # A number outside tenancy is logged too, masked, with no hits.
    other = world.other_family.members.get()
    client.post(reverse("audit_search"), {"cpr": other.cpr})
    event = AuditEvent.objects.filter(action="search", user=world.heidi).latest("id")
    assert event.changes["terms"] == {"cpr": mask_cpr(other.cpr)}
    assert not AuditPerson.objects.filter(event=event).exists()
    # The log shows the masked number, never the whole one.
    html = _search(client, action="search").content.decode()
    assert masked in html and world.child.cpr not in html


def test_reading_the_log_is_logged_and_stays_in_tenancy(world, login):
    oscar = f.UserFactory(
        username="oscar", first_name="Oscar", role="leader", centre=world.other_centre
    )
    _search(login(oscar), action="view")
    _search(login(world.erin), action="view")
    html = _search(login(world.heidi), action="search").content.decode()
    assert "Søgning i loggen" in html and "Erin" in html  # erin is staff heidi oversees
    assert "Oscar" not in html
    assert "Erin" not in _search(login(oscar), action="search").content.decode()


def test_several_staff_with_the_name_are_offered_to_choose_from(world, login):
    from indgang.organisation.models import Role
    from tests import factories as f

    annes = [
        f.UserFactory(first_name="Anne", last_name=last, role=Role.COORDINATOR, centre=world.centre)
        for last in ("Holm", "Krogh")
    ]
    client = login(world.erin)
    html = _search(client, staff="anne").content.decode()
    assert "Flere medarbejdere passer på navnet." in html
    for anne in annes:
        assert f"user={anne.pk}" in html and f"Anne {anne.last_name}" in html
    html = _search(client, staff="anne krogh").content.decode()
    assert "Viser handlinger af <strong>Anne Krogh" in html
