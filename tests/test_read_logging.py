"""Every look is logged: each page that shows personal data writes read events naming them.

Built from the URL configuration like the access matrix: every URL name must be declared in
tests/personal_data.py. Each page that shows personal data is requested as a persona who may
see it; the events the request wrote must name every family and person the answer shows
(by name in the page), and no person of a family the persona may not see.
"""

import pytest

from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson
from indgang.families.access import families_visible_to
from indgang.families.models import Family, Person
from tests.personal_data import PERSONAL_DATA
from tests.test_access_matrix import MATRIX, _url, objects  # noqa: F401  (fixture)

# One world for the module's tests, each in its own savepoint (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("module_world")

LIST_PERSONAS = {"alice", "bob", "carol", "erin", "heidi"}
ORDER = ["alice", "erin", "frank", "bob", "carol", "heidi", "grace", "dave", "ivan"]


def test_every_url_declares_whether_it_shows_personal_data():
    assert set(PERSONAL_DATA) == set(MATRIX)


def _requester(entry):
    return next((p for p in ORDER if p in entry.allowed), None)


def _logged_by(first_id: int) -> tuple[set[int], set[int]]:
    events = AuditEvent.objects.filter(pk__gt=first_id)
    families = set(events.exclude(family_id=None).values_list("family_id", flat=True))
    families |= set(
        AuditFamily.objects.filter(event__in=events).values_list("family_id", flat=True)
    )
    persons = set(AuditPerson.objects.filter(event__in=events).values_list("person_id", flat=True))
    return families, persons


PAGES = sorted(
    name
    for name, entry in MATRIX.items()
    if PERSONAL_DATA.get(name) and entry.method == "get" and entry.ok == 200
)


@pytest.mark.parametrize("name", PAGES)
def test_page_names_every_family_and_person_it_shows(name, world, objects, login):  # noqa: F811
    entry = MATRIX[name]
    url = _url(name, entry, world, objects)
    # A family page as the first persona who may see it; a list page as everyone who may.
    personas = [p for p in ORDER if p in entry.allowed]
    assert personas, f"{name}: no persona may see it"
    shown_any = False
    if entry.family_scoped:
        personas = personas[:1]
    else:  # one of each relation to the family: coordinator, core team, partner, leader, DPO
        personas = [p for p in personas if p in LIST_PERSONAS] or personas[:1]
    for persona in personas:
        user = getattr(world, persona)
        client = login(user)
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(url)
        assert response.status_code == 200, f"{name} as {persona}: {response.status_code}"
        families, persons = _logged_by(last)
        if entry.family_scoped:
            assert world.family.pk in families, f"{name}: no read event for the family"
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="ignore")
        shown_persons = {p.pk for p in Person.objects.all() if p.full_name in text}
        shown_families = {f.pk for f in Family.objects.all() if f.name in text}
        shown_any |= bool(shown_families or shown_persons or families)
        who = f"{name} as {persona}"
        assert shown_persons <= persons, f"{who}: shows persons {shown_persons - persons} unlogged"
        assert shown_families <= families, f"{who}: shows families {shown_families - families}"
        visible = set(families_visible_to(user).values_list("pk", flat=True))
        outside = Person.objects.filter(pk__in=persons).exclude(family_id__in=visible)
        assert not outside.exists(), f"{who}: names persons of families it may not see"
    if name not in EMPTY_IN_THE_WORLD:
        assert shown_any, f"{name}: the test world shows nothing here; give it data to check"


# Pages whose test world has nothing to show (the check above still runs on them).
EMPTY_IN_THE_WORLD = {
    "audit_search",
    "spot_check",
    "my_tasks",
    "core_team_meetings",
    "compliance",
    "spot_check_report",
    "who_has_seen",
}


def test_denied_family_is_logged(world, login):
    client = login(world.dave)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.get(f"/familier/{world.family.pk}/").status_code == 404
    event = AuditEvent.objects.get(pk__gt=last)
    assert event.action == AuditEvent.Action.DENIED
    assert event.user == world.dave


def test_signed_in_answers_are_not_cached(world, login):
    response = login(world.alice).get(f"/familier/{world.family.pk}/ret/")
    assert "no-store" in response["Cache-Control"]


def test_participant_list_names_the_members_whose_other_cases_it_shows(world, login):
    from indgang.families.models import ExternalCase

    ExternalCase.objects.create(
        person=world.parent, municipality=world.family.municipality, area="employment"
    )
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    html = login(world.erin).get("/deltagerliste/").content.decode()
    assert "Maria (" in html  # the parent's other case is on the list
    families, persons = _logged_by(last)
    assert {world.child.pk, world.parent.pk} <= persons
    assert world.family.pk in families
