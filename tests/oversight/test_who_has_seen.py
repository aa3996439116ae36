"""Who has seen this person / this family, reached by name or CPR from the officer's page."""

from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.core.cpr import mask_cpr
from indgang.families import services as family_services


def _find(client, term):
    """The results part of the page (the form above it shows what was typed)."""
    html = client.post(reverse("who_has_seen"), {"term": term}).content.decode()
    return html[html.index("<h2>Personer</h2>") :]


def test_dpo_finds_a_person_by_name_and_follows_the_link_to_the_events(world, login):
    login(world.bob).get(reverse("person_detail", args=[world.family.pk, world.child.pk]))
    client = login(world.heidi)
    html = _find(client, "alma hansen")
    assert "Alma Hansen" in html and "Maria Hansen" not in html
    # The DPO may not see the family: its number, never its name.
    assert "Familien Hansen" not in html and f"nr. {world.family.pk}" in html
    link = f"{reverse('audit_search')}?person={world.child.pk}"
    assert link in html
    events = client.get(link).content.decode()
    assert "Bob" in events and "Alma Hansen" in events


def test_leader_finds_by_cpr_and_sees_the_family_name(world, login):
    html = _find(login(world.erin), world.child.cpr)
    assert "Alma Hansen" in html and "Familien Hansen" in html
    assert world.child.cpr not in html and mask_cpr(world.child.cpr) in html
    family_link = f"{reverse('audit_search')}?family={world.family.pk}"
    assert family_link in html


def test_family_by_name_includes_list_pages_that_showed_it(world, login):
    login(world.alice).get(reverse("family_list"))  # a list page naming the family
    html = _find(login(world.erin), "Familien Hansen")
    assert f"{reverse('audit_search')}?family={world.family.pk}" in html
    events = login(world.erin).get(reverse("audit_search"), {"family": world.family.pk})
    assert "Alice" in events.content.decode()


def test_persons_of_other_centres_are_not_found(world, login):
    other = world.other_family.members.get()
    for term in (other.full_name, other.cpr, "Familien Andersen"):
        html = _find(login(world.erin), term)
        assert other.full_name not in html and "Familien Andersen" not in html
        assert "Ingen personer fundet" in html


def test_who_has_seen_search_is_logged_with_masked_cpr_and_hits(world, login):
    client = login(world.heidi)
    _find(client, world.child.cpr)
    event = AuditEvent.objects.filter(user=world.heidi, action="search").latest("id")
    assert event.changes["terms"] == {"cpr": mask_cpr(world.child.cpr)}
    assert world.child.cpr not in str(event.changes)
    assert list(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == [
        world.child.pk
    ]
    assert event.family_id == world.family.pk
    _find(client, "Hansen")
    event = AuditEvent.objects.filter(user=world.heidi, action="search").latest("id")
    assert event.changes["terms"] == {"navn": "Hansen"}
    assert set(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == {
        world.child.pk,
        world.parent.pk,
    }


def test_events_speak_danish(world, login):
    family_services.person_update(by=world.alice, person=world.child, data={"first_name": "Ea"})
    html = login(world.erin).get(reverse("audit_search"), {"family": world.family.pk})
    html = html.content.decode()
    assert "Ændring" in html and "Ændrede felter: fornavn" in html and "first_name" not in html
    login(world.erin).post(reverse("audit_search"), {"cpr": world.child.cpr})
    html = login(world.heidi).get(reverse("audit_search"), {"action": "search"}).content.decode()
    assert "Søgning" in html and f"CPR-nummer: {mask_cpr(world.child.cpr)}" in html
