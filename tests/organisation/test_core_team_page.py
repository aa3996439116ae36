"""The leader manages the centre's core team from a page of their own."""

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.organisation.models import CoreTeamMembership, Role
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def mona(world):
    """A speech/hearing consultant of centre A, not in the core team yet."""
    return f.UserFactory(
        username="mona",
        first_name="Mona",
        last_name="Madsen",
        role=Role.CORE_TEAM,
        profession="Talekonsulent",
        centre=world.centre,
    )


def _membership(world, user):
    return CoreTeamMembership.objects.get(centre=world.centre, user=user)


def test_the_page_lists_fixed_and_flexible_members(world, login, mona):
    f.core_team(world.centre, mona, kind=CoreTeamMembership.Kind.FLEXIBLE)
    page = login(world.erin).get(reverse("core_team_members"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Faste medlemmer (2)" in text and "Fleksible medlemmer (1)" in text
    assert "Bob" in text and "Mona Madsen" in text
    assert "Tilføj til kerneteamet" in text
    read_only = login(world.frank).get(reverse("core_team_members")).content.decode()
    assert "Mona Madsen" in read_only and "Tilføj til kerneteamet" not in read_only
    assert "Kun centrets leder kan ændre kerneteamet." in read_only


def test_the_leader_adds_a_member_audited(world, login, mona):
    response = login(world.erin).post(
        reverse("core_team_members"), {"user": mona.pk, "kind": "flexible"}
    )
    assert response.status_code == 302
    assert _membership(world, mona).kind == "flexible"
    event = AuditEvent.objects.filter(object_type="user", object_id=mona.pk).latest("pk")
    assert event.user == world.erin
    assert event.changes["core_team"] == [None, {"centre": "CBF", "kind": "flexible"}]


def test_the_leader_changes_the_kind_and_removes_a_member(world, login):
    membership = _membership(world, world.bob)
    client = login(world.erin)
    url = reverse("core_team_member_edit", args=[membership.pk])
    assert client.post(url, {"kind": "flexible"}).status_code == 302
    assert _membership(world, world.bob).kind == "flexible"
    assert client.post(reverse("core_team_member_remove", args=[membership.pk])).status_code == 302
    assert not CoreTeamMembership.objects.filter(user=world.bob).exists()
    changes = [
        e.changes["core_team"]
        for e in AuditEvent.objects.filter(object_type="user", object_id=world.bob.pk).order_by(
            "pk"
        )
    ]
    assert changes[-2:] == [
        [{"centre": "CBF", "kind": "fixed"}, {"centre": "CBF", "kind": "flexible"}],
        [{"centre": "CBF", "kind": "flexible"}, None],
    ]


def test_nobody_changes_their_own_membership(world, login):
    f.core_team(world.centre, world.erin)
    own = _membership(world, world.erin)
    client = login(world.erin)
    page = client.get(reverse("core_team_members")).content.decode()
    assert f'action="{reverse("core_team_member_remove", args=[own.pk])}"' not in page
    response = client.post(reverse("core_team_member_edit", args=[own.pk]), {"kind": "flexible"})
    assert response.status_code == 200
    assert "Du kan ikke ændre dit eget kerneteammedlemskab." in response.content.decode()
    client.post(reverse("core_team_member_remove", args=[own.pk]))
    assert _membership(world, world.erin).kind == "fixed"
    # Nor add oneself: the leader is not offered, and posting the id is refused.
    own.delete()
    response = client.post(reverse("core_team_members"), {"user": world.erin.pk, "kind": "fixed"})
    assert response.status_code == 200
    assert "Vælg en medarbejder fra listen." in response.content.decode()
    assert not CoreTeamMembership.objects.filter(user=world.erin).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "fixed"}, "Vælg den medarbejder, der skal med i kerneteamet."),
        ({"user": "99999999999999999999999", "kind": "fixed"}, "Vælg en medarbejder fra listen."),
        ({"user": "abc", "kind": "fixed"}, "Vælg en medarbejder fra listen."),
        ({"user": "{mona}", "kind": "boss"}, "Vælg fast eller fleksibelt medlem."),
        ({"user": "{mona}"}, "Vælg fast eller fleksibelt medlem."),
    ],
)
def test_bad_input_is_refused_next_to_the_field(world, login, mona, data, message):
    data = {k: (mona.pk if v == "{mona}" else v) for k, v in data.items()}
    response = login(world.erin).post(reverse("core_team_members"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CoreTeamMembership.objects.filter(user=mona).exists()


def test_staff_of_another_centre_cannot_be_added(world, login):
    response = login(world.erin).post(
        reverse("core_team_members"), {"user": world.ivan.pk, "kind": "fixed"}
    )
    assert response.status_code == 200
    assert not CoreTeamMembership.objects.filter(user=world.ivan).exists()


def test_another_centres_leader_can_neither_see_nor_change(world, login):
    olga = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    membership = _membership(world, world.bob)
    client = login(olga)
    page = client.get(reverse("core_team_members")).content.decode()
    assert "Bob" not in page
    url = reverse("core_team_member_edit", args=[membership.pk])
    assert client.post(url, {"kind": "flexible"}).status_code == 404
    assert client.post(reverse("core_team_member_remove", args=[membership.pk])).status_code == 404
    assert _membership(world, world.bob).kind == "fixed"
    assert AuditEvent.objects.filter(user=olga, action="denied").count() == 2


def test_others_are_refused(world, login):
    membership = _membership(world, world.bob)
    for persona in (world.alice, world.bob, world.carol, world.grace, world.heidi, world.ivan):
        client = login(persona)
        assert client.get(reverse("core_team_members")).status_code == 403
        url = reverse("core_team_member_remove", args=[membership.pk])
        assert client.post(url).status_code == 403
    assert (
        login(world.frank)
        .post(reverse("core_team_member_remove", args=[membership.pk]))
        .status_code
        == 403
    )
    assert CoreTeamMembership.objects.filter(user=world.bob).exists()
