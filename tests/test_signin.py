"""Staff sign-in: the second factor, the 12-hour sign-in, sign-out, and OpenID Connect."""

import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from indgang.audit.models import AuditEvent
from indgang.families.access import families_visible_to
from indgang.organisation.models import Role
from indgang.signin.oidc import StaffOIDCBackend, staff_matching
from indgang.signin.policy import SECOND_FACTOR_ROLES, second_factor_required
from indgang.signin.testing import unused_code
from tests import factories as f
from tests.factories import PASSWORD
from tests.signin import provider


def _login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def _code_page(response) -> str:
    return response.content.decode()


def test_roles_that_see_the_whole_centre_or_the_log_need_a_second_factor(world):
    assert {Role.LEADER, Role.PROJECT_LEADER, Role.DPO, Role.SYSADMIN} == SECOND_FACTOR_ROLES
    for persona in ("erin", "frank", "grace", "heidi"):
        assert second_factor_required(getattr(world, persona)), persona
    for persona in ("alice", "bob", "carol", "dave", "ivan"):
        assert not second_factor_required(getattr(world, persona)), persona


def test_coordinator_signs_in_with_a_password_alone(world, client):
    response = _login(client, "alice")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_leader_sets_up_an_authenticator_before_anything_else(world, client):
    response = _login(client, "erin", next="/familier/")
    second = reverse("signin_second_factor")
    assert response.status_code == 302 and response["Location"].startswith(second)
    # Every other page sends her back until the code is proven.
    for url in (reverse("home"), reverse("participant_list"), "/administration/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith(second), url

    page = client.get(response["Location"])
    html = _code_page(page)
    assert "Opsæt totrinsbekræftelse" in html
    device = TOTPDevice.objects.get(user=world.erin, confirmed=False)
    assert "otpauth://totp/" in html and re.search(r"[A-Z2-7]{4} [A-Z2-7]{4}", html)

    wrong = client.post(second, {"code": "000000", "next": "/familier/"})
    assert "Koden er forkert eller udløbet" in _code_page(wrong)
    assert AuditEvent.objects.filter(
        action="login_failed", user=world.erin, object_type="second_factor"
    ).exists()
    letters = client.post(second, {"code": "12ab56"})
    assert "Koden består af seks cifre" in _code_page(letters)

    # A wrong code holds the device back a moment (django-otp's throttling).
    too_soon = client.post(second, {"code": unused_code(device)})
    assert "For mange forkerte koder" in _code_page(too_soon)
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        done = client.post(second, {"code": unused_code(device), "next": "/familier/"})
    assert done.status_code == 302 and done["Location"] == "/familier/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("participant_list")).status_code == 200
    assert AuditEvent.objects.filter(
        action="login", user=world.erin, object_type="second_factor"
    ).exists()


def test_a_code_works_once(world, client):
    device = TOTPDevice.objects.create(user=world.heidi, name="App", confirmed=True)
    _login(client, "heidi")
    page = client.get(reverse("signin_second_factor"))
    assert "Indtast din kode" in _code_page(page) and "otpauth" not in _code_page(page)
    code = unused_code(device)
    assert client.post(reverse("signin_second_factor"), {"code": code}).status_code == 302
    client.post(reverse("logout"))

    _login(client, "heidi")
    replay = client.post(reverse("signin_second_factor"), {"code": code})
    assert "Koden er forkert eller udløbet" in _code_page(replay)
    assert client.get(reverse("audit_search")).status_code == 302


def test_a_sign_in_ends_after_twelve_hours_whatever_the_activity(world, client, settings):
    settings.SESSION_COOKIE_AGE = 48 * 3600  # only the absolute limit is under test here
    _login(client, "alice")
    key = client.session.session_key
    start = timezone.now()
    with time_machine.travel(start + timedelta(hours=11, minutes=59), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        response = client.get(reverse("family_list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert not Session.objects.filter(session_key=key).exists()
        assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="logout", user=world.alice).exists()


def test_sign_out_ends_the_session_on_the_server(world, client):
    _login(client, "alice")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    cookie = client.cookies["sessionid"].value
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie, replayed, is worth nothing.
    client.cookies["sessionid"] = cookie
    assert client.get(reverse("home")).status_code == 302


def test_the_admin_has_no_sign_in_of_its_own(world, client):
    response = client.get("/administration/login/?next=/administration/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# ---------------------------------------------------------------- OpenID Connect


@pytest.fixture
def oidc_settings(settings):
    def configure(issuer="http://127.0.0.1:9", **extra):
        for name, value in {**provider.settings_for(issuer), **extra}.items():
            setattr(settings, name, value)

    return configure


def test_claims_match_one_active_staff_member_and_create_no_one(world, settings):
    settings.OIDC_STAFF_CLAIM = "preferred_username"
    settings.OIDC_STAFF_FIELD = "username"
    assert list(staff_matching({"preferred_username": "ALICE"})) == [world.alice]
    assert not staff_matching({"preferred_username": "mallory"}).exists()
    assert not staff_matching({"email": "alice@example.invalid"}).exists()
    assert not staff_matching({"preferred_username": ""}).exists()
    assert not staff_matching({"preferred_username": ["alice"]}).exists()
    world.bob.is_active = False
    world.bob.save()
    assert not staff_matching({"preferred_username": "bob"}).exists()

    settings.OIDC_STAFF_CLAIM = "email"
    settings.OIDC_STAFF_FIELD = "email"
    world.erin.email = "Erin.Leder@Ishoj.invalid"
    world.erin.save()
    assert list(staff_matching({"email": "erin.leder@ishoj.invalid"})) == [world.erin]
    settings.OIDC_STAFF_FIELD = "is_superuser"  # not a field that names a person
    assert not staff_matching({"email": "erin.leder@ishoj.invalid"}).exists()


def test_backend_matches_by_claims_and_never_creates(world, oidc_settings, monkeypatch):
    oidc_settings()
    backend = StaffOIDCBackend()
    claims = {"preferred_username": "alice", "email": "other@example.invalid"}
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: claims)
    assert backend.get_or_create_user("token", "id-token", {}) == world.alice
    world.alice.refresh_from_db()
    assert world.alice.email != "other@example.invalid"  # Indgang's record wins

    count = type(world.alice).objects.count()
    claims = {"preferred_username": "mallory"}
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: claims)
    assert backend.get_or_create_user("token", "id-token", {}) is None
    assert type(world.alice).objects.count() == count


def test_without_a_provider_the_backend_declines_and_the_page_offers_none(world, client):
    assert StaffOIDCBackend().authenticate(None, username="alice", password=PASSWORD) is None
    html = client.get(reverse("login")).content.decode()
    assert "kommunens login" not in html
    assert client.get(reverse("oidc_authentication_init")).status_code == 404


def test_login_page_offers_the_provider_when_configured(world, client, oidc_settings):
    oidc_settings()
    html = client.get(reverse("login")).content.decode()
    assert "Log ind med kommunens login" in html and reverse("oidc_authentication_init") in html


def _sign_in_at_provider(client, login: str, *, next_url: str = "") -> str:
    """Start at Indgang, sign in on the provider's own page; give Indgang's callback URL."""
    start = client.get(
        reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    )
    assert start.status_code == 302
    browser = requests.Session()
    url, callback = start["Location"], "http://testserver" + reverse("oidc_authentication_callback")
    for _ in range(10):
        if url.startswith(callback):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text[:500]
        action = re.search(r'<form[^>]+action="([^"]+)"', response.text).group(1)
        posted = browser.post(
            urljoin(url, action),
            data={"prompt": "login", "login": login, "password": "any"},
            allow_redirects=False,
            timeout=10,
        )
        assert posted.status_code in (302, 303), posted.text[:500]
        url = urljoin(url, posted.headers["Location"])
    raise AssertionError(f"never came back to Indgang: {url}")


@pytest.fixture
def running_provider(world):
    accounts = {
        "alice": {"preferred_username": "alice", "email": "alice@ishoj.invalid", "name": "Alice"},
        "erin": {"preferred_username": "erin", "name": "Erin"},
        "nemo": {"preferred_username": "nemo", "name": "Ikke oprettet"},
        "norole": {"preferred_username": "norole", "name": "Uden rolle"},
    }
    redirect = "http://testserver" + reverse("oidc_authentication_callback")
    with provider.start_provider(clients=[provider.client(redirect)], accounts=accounts) as issuer:
        # The provider stamps tokens with the real clock; the test's runs a little ahead of it
        # (an ID token "issued in the future" is refused).
        real_now = time_machine.escape_hatch.time.time()
        with time_machine.travel(real_now + 5, tick=True):
            yield issuer


def test_sign_in_through_a_real_provider(world, client, oidc_settings, running_provider):
    oidc_settings(running_provider)
    callback = _sign_in_at_provider(client, "alice", next_url="/familier/")
    parts = urlsplit(callback)
    response = client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 302 and response["Location"] == "/familier/"
    assert client.get(reverse("family_list")).status_code == 200
    assert AuditEvent.objects.filter(action="login", user=world.alice).exists()


def test_provider_sign_in_of_a_leader_needs_no_second_factor_here(
    world, client, oidc_settings, running_provider
):
    # The municipality's provider is where staff prove their second factor.
    oidc_settings(running_provider)
    callback = _sign_in_at_provider(client, "erin")
    parts = urlsplit(callback)
    assert client.get(f"{parts.path}?{parts.query}").status_code == 302
    assert client.get(reverse("participant_list")).status_code == 200


def test_unknown_person_at_the_provider_gets_no_account(
    world, client, oidc_settings, running_provider
):
    oidc_settings(running_provider)
    count = type(world.alice).objects.count()
    parts = urlsplit(_sign_in_at_provider(client, "nemo"))
    response = client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 302 and response["Location"] == "/log-ind/?fejl=oidc"
    assert type(world.alice).objects.count() == count
    assert client.get(reverse("home")).status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Du blev ikke logget ind via kommunens login" in page


def test_matched_user_without_a_role_gets_nothing(world, client, oidc_settings, running_provider):
    norole = f.UserFactory(username="norole", role="", centre=world.centre)
    oidc_settings(running_provider)
    parts = urlsplit(_sign_in_at_provider(client, "norole"))
    assert client.get(f"{parts.path}?{parts.query}").status_code == 302
    assert not families_visible_to(norole).exists()
    assert client.get(reverse("family_detail", args=[world.family.pk])).status_code == 404
    assert client.get(reverse("family_list")).status_code in (302, 403)
