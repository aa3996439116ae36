"""Log-in hardening (issue 8): throttling by user name and by address, the client's address
behind a trusted proxy, and no typed text but a real user name in the failed-log-in event."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from indgang.audit.middleware import client_ip
from indgang.audit.models import AuditEvent
from indgang.audit.signals import UNKNOWN_USERNAME
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password, **meta):
    meta.setdefault("REMOTE_ADDR", "10.0.0.7")
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_one_user_name_is_locked_whatever_address_guesses_it(world, client):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong", REMOTE_ADDR=f"10.0.1.{n + 1}")
    locked = _login(client, "alice", PASSWORD, REMOTE_ADDR="10.0.2.1")
    assert locked.status_code == 429
    assert "midlertidigt spærret" in locked.content.decode()


def test_one_address_is_locked_whatever_user_names_it_tries(world, client):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"gæt{n}", "wrong", REMOTE_ADDR="10.0.3.1")
    assert _login(client, "alice", PASSWORD, REMOTE_ADDR="10.0.3.1").status_code == 429
    # Another address is not affected.
    assert _login(client, "alice", PASSWORD, REMOTE_ADDR="10.0.3.2").status_code == 302


def _request(remote="192.0.2.10", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_client_address_without_a_proxy_is_the_remote_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="203.0.113.9")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's own text
        (2, "6.6.6.6, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (1, "", "192.0.2.10"),
        (2, "203.0.113.9", "192.0.2.10"),  # fewer entries than proxies: not trusted
        (1, "6.6.6.6, not-an-ip", "192.0.2.10"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_behind_a_proxy_the_log_and_throttling_use_the_client_address(world, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.9.9.9"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"gæt{n}", "wrong", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", **proxy)
    event = AuditEvent.objects.filter(action="login_failed").first()
    assert event.ip_address == "203.0.113.9"
    # The attacker behind the proxy is locked out; a colleague behind the same proxy is not.
    attacker = _login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert attacker.status_code == 429
    colleague = _login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50", **proxy)
    assert colleague.status_code == 302


def test_failed_log_in_keeps_a_known_user_name(world, client):
    _login(client, "alice", "wrong")
    assert AuditEvent.objects.get(action="login_failed").username == "alice"


@pytest.mark.parametrize("typed", ["Hemmelig-Kode-2026!", "ALICE"])
def test_failed_log_in_never_keeps_text_that_is_no_user_name(world, client, typed):
    # A password typed into the user-name field must not end up in the log.
    _login(client, typed, "wrong")
    event = AuditEvent.objects.get(action="login_failed")
    assert event.username == UNKNOWN_USERNAME
    assert typed not in str(event.changes) + event.summary
