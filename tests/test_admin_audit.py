"""The system administrator's admin: every access change is logged, nobody widens their own.

grace (the system administrator) must not be able to give herself a role, a centre or a
core-team seat and then read families; what she changes on others is in the audit log.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.families.access import families_visible_to
from indgang.organisation import services
from indgang.organisation.models import CoreTeamMembership, Role
from tests import factories as f


def _user_form(user, **overrides) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "profession": user.profession,
        "centre": user.centre_id or "",
        "department": user.department_id or "",
        "phone": user.phone,
        "is_active": "on" if user.is_active else "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not False}


def _change_url(user):
    return reverse("admin:organisation_user_change", args=[user.pk])


def _user_events(user):
    return AuditEvent.objects.filter(object_type="user", object_id=user.pk)


def test_sysadmin_cannot_give_herself_a_role_or_centre(world, login):
    client = login(world.grace)
    response = client.post(
        _change_url(world.grace),
        _user_form(world.grace, role=Role.COORDINATOR, centre=world.other_centre.pk),
    )
    assert response.status_code == 200  # the form again, with the errors
    html = response.content.decode()
    assert "Du kan ikke ændre din egen rolle" in html
    assert "Du kan ikke ændre dit eget center" in html
    world.grace.refresh_from_db()
    assert world.grace.role == Role.SYSADMIN and world.grace.centre == world.centre
    assert not _user_events(world.grace).exists()
    assert not families_visible_to(world.grace).exists()


def test_the_service_refuses_a_self_change_whatever_the_path(world):
    world.grace.role = Role.LEADER
    world.grace.centre = world.other_centre
    with pytest.raises(ValidationError) as caught:
        services.staff_save(staff=world.grace, by=world.grace)
    assert set(caught.value.message_dict) == {"role", "centre"}
    world.grace.refresh_from_db()
    assert world.grace.role == Role.SYSADMIN and world.grace.centre == world.centre

    world.grace.is_superuser = True
    with pytest.raises(ValidationError):
        services.staff_save(staff=world.grace, by=world.grace)


def test_sysadmin_cannot_seat_herself_in_a_core_team(world, login):
    client = login(world.grace)
    url = reverse("admin:organisation_centre_change", args=[world.centre.pk])
    existing = list(world.centre.core_team.order_by("pk"))
    data = {
        "name": world.centre.name,
        "caseload_target": world.centre.caseload_target,
        "municipalities": [m.pk for m in world.centre.municipalities.all()],
        "core_team-TOTAL_FORMS": str(len(existing) + 1),
        "core_team-INITIAL_FORMS": str(len(existing)),
        "core_team-MIN_NUM_FORMS": "0",
        "core_team-MAX_NUM_FORMS": "1000",
    }
    for i, membership in enumerate(existing):
        data[f"core_team-{i}-id"] = membership.pk
        data[f"core_team-{i}-centre"] = world.centre.pk
        data[f"core_team-{i}-user"] = membership.user_id
        data[f"core_team-{i}-kind"] = membership.kind
    new = len(existing)
    data[f"core_team-{new}-centre"] = world.centre.pk
    data[f"core_team-{new}-user"] = world.grace.pk
    data[f"core_team-{new}-kind"] = CoreTeamMembership.Kind.FIXED
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Du kan ikke ændre dit eget kerneteammedlemskab" in response.content.decode()
    assert not CoreTeamMembership.objects.filter(user=world.grace).exists()

    with pytest.raises(ValidationError):
        services.core_team_membership_save(
            membership=CoreTeamMembership(centre=world.centre, user=world.grace), by=world.grace
        )

    # Seating someone else works and is logged.
    data[f"core_team-{new}-user"] = world.erin.pk
    response = client.post(url, data)
    assert response.status_code == 302
    event = _user_events(world.erin).get()
    assert event.user == world.grace and event.action == "change"
    assert event.changes == {"core_team": [None, {"centre": "CBF", "kind": "fixed"}]}


def test_sysadmin_changes_alices_role_and_centre_with_old_and_new_in_the_log(world, login):
    client = login(world.grace)
    response = client.post(
        _change_url(world.alice),
        _user_form(world.alice, role=Role.LEADER, centre=world.other_centre.pk),
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.alice.refresh_from_db()
    assert world.alice.role == Role.LEADER
    event = _user_events(world.alice).get()
    assert event.user == world.grace and event.action == "change"
    assert event.ip_address == "10.0.0.9"
    assert event.changes == {
        "role": ["coordinator", "leader"],
        "centre": ["CBF", "Andet center"],
    }


def test_password_change_is_logged_without_the_hash(world, login):
    client = login(world.grace)
    old_hash = world.alice.password
    url = reverse("admin:auth_user_password_change", args=[world.alice.pk])
    response = client.post(
        url,
        {
            "password1": "a brand new pass phrase",
            "password2": "a brand new pass phrase",
            "usable_password": "true",
            "set-password": "",
        },
    )
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.password != old_hash and world.alice.check_password(
        "a brand new pass phrase"
    )
    event = _user_events(world.alice).get()
    assert event.user == world.grace and event.changes == {"password": [None, "ændret"]}
    logged = str(event.changes) + event.summary
    assert old_hash not in logged and world.alice.password not in logged
    assert "pbkdf2" not in logged and "md5" not in logged


def test_deactivation_is_logged(world, login):
    client = login(world.grace)
    response = client.post(_change_url(world.bob), _user_form(world.bob, is_active=False))
    assert response.status_code == 302
    world.bob.refresh_from_db()
    assert not world.bob.is_active
    event = _user_events(world.bob).get()
    assert event.changes == {"is_active": [True, False]}


def test_new_staff_member_is_logged(world, login):
    client = login(world.grace)
    response = client.post(
        reverse("admin:organisation_user_add"),
        {
            "username": "judy",
            "first_name": "Judy",
            "last_name": "Jensen",
            "role": Role.COORDINATOR,
            "centre": world.centre.pk,
            "password1": "a long enough pass phrase",
            "password2": "a long enough pass phrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(object_type="user", action="create")
    assert event.user == world.grace
    assert event.changes["role"] == [None, "coordinator"]
    assert event.changes["centre"] == [None, "CBF"]
    assert event.changes["password"] == [None, "sat"]


def test_staff_and_superuser_flags_are_logged(world):
    world.alice.is_superuser = True
    world.alice.is_staff = True
    services.staff_save(staff=world.alice, by=world.grace)
    event = _user_events(world.alice).get()
    assert event.changes == {"is_staff": [False, True], "is_superuser": [False, True]}


def test_superuser_without_a_role_sees_no_families_and_has_no_case_permissions(world, login):
    root = f.UserFactory(username="root", role="", centre=world.centre, is_superuser=True)
    assert not families_visible_to(root).exists()
    for perm in (
        "families.add_family",
        "families.manage_case",
        "families.browse",
        "families.view_participant_list",
        "families.view_caseload",
        "oversight.audit_search",
        "oversight.spot_check",
    ):
        assert not root.has_perm(perm), perm
        assert not root.has_perm(perm, world.family), perm
    assert not root.has_module_perms("families")
    client = login(root)
    assert client.get(reverse("family_detail", args=[world.family.pk])).status_code == 404
    assert client.get(reverse("participant_list")).status_code in (302, 403, 404)
    # The administration is still theirs.
    assert root.has_perm("organisation.administer")
    assert client.get(reverse("admin:index")).status_code == 200


def test_sysadmin_role_sees_nothing_even_with_a_centre_and_a_seat(world):
    # Given by someone else (and logged): still no case content for the sysadmin role.
    world.grace.centre = world.other_centre
    services.staff_save(staff=world.grace, by=world.erin)
    assert _user_events(world.grace).get().changes == {"centre": ["CBF", "Andet center"]}
    f.core_team(world.other_centre, world.grace)
    assert not families_visible_to(world.grace).exists()
    assert not world.grace.has_perm("families.browse")
    assert not world.grace.has_perm("families.manage_case", world.family)
