"""API clients: the token is shown once and kept hashed; revoked, expired or wrong is a 401."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from indgang.api import services
from indgang.api.models import ApiClient
from indgang.audit.models import AuditEvent
from indgang.organisation.models import Role

pytestmark = pytest.mark.django_db


def test_token_is_kept_hashed_and_the_system_user_has_a_case_role(world, make_client):
    client, token = make_client(scopes=["read"])
    assert token.startswith(f"igk_{client.prefix}_")
    stored = ApiClient.objects.get(pk=client.pk)
    assert token not in (stored.token_hash, stored.prefix)
    assert stored.token_hash == services.token_hash(token)
    assert stored.user.role == Role.COORDINATOR and stored.user.centre == world.centre
    assert not stored.user.has_usable_password()
    assert services.client_for_token(token) == client
    assert AuditEvent.objects.filter(object_type="api_client", object_id=client.pk).exists()


def test_wrong_revoked_and_expired_tokens_are_refused_with_a_problem(world, make_client, call):
    client, token = make_client(scopes=["read"])
    url = "/api/v1/families/"
    assert call(token, "get", url).status_code == 200
    for bad in (None, "", "igk_x_y", token[:-2] + "xx", f"igk_{client.prefix}_", "Basic abc"):
        response = call(bad, "get", url)
        assert response.status_code == 401, bad
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["status"] == 401
    services.api_client_revoke(client=client)
    assert call(token, "get", url).status_code == 401
    other, other_token = make_client(scopes=["read"], name="Økonomisystem")
    ApiClient.objects.filter(pk=other.pk).update(expires_at=timezone.now() + timedelta(seconds=1))
    import time_machine

    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert call(other_token, "get", url).status_code == 401
    assert AuditEvent.objects.filter(action="login_failed", object_type="api").exists()


def test_create_refuses_unknown_scopes_and_roles(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.api_client_create(name="X", centre=world.centre, scopes=["admin"])
    with pytest.raises(ValidationError):
        services.api_client_create(
            name="X", centre=world.centre, scopes=["read"], role=Role.PARTNER
        )
    with pytest.raises(ValidationError):
        services.api_client_create(
            name="X", centre=world.centre, scopes=["read"], expires_at=timezone.now()
        )


def test_commands_print_the_token_once_and_revoke(world, call):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_client_create",
        "Ishøj journal",
        centre="CBF",
        scope=["read", "write:referral"],
        days=30,
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    client = ApiClient.objects.get(name="Ishøj journal")
    assert client.scopes == ["read", "write:referral"]
    assert token not in err.getvalue()
    assert call(token, "get", "/api/v1/families/").status_code == 200
    call_command("api_client_revoke", client.prefix, stdout=io.StringIO())
    assert call(token, "get", "/api/v1/families/").status_code == 401
    with pytest.raises(CommandError):
        call_command("api_client_revoke", client.prefix, stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("api_client_create", "X", centre="Findes ikke", stdout=io.StringIO())


def test_admin_lists_clients_for_the_sysadmin_without_the_token(world, make_client, login):
    client, token = make_client(scopes=["read"])
    web = login(world.grace)
    listing = web.get("/administration/api/apiclient/")
    assert listing.status_code == 200
    page = web.get(f"/administration/api/apiclient/{client.pk}/change/")
    assert page.status_code == 200
    content = page.content.decode()
    assert client.prefix in content
    assert token not in content and client.token_hash not in content
    assert web.get("/administration/api/apiclient/add/").status_code == 403
    response = web.post(
        "/administration/api/apiclient/",
        {"action": "revoke", "_selected_action": [client.pk]},
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.revoked_at is not None
    assert login(world.alice).get("/administration/api/apiclient/").status_code in (302, 403)
