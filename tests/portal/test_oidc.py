"""Parents' MitID-style sign-in against a real local OpenID provider (tests/signin/provider.py).

The person is matched by the CPR claim against a parent who has a portal account; nobody is
created, a staff member never comes out of it, and the staff provider settings are not used.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import time_machine
from django.contrib.auth import get_user_model

from indgang.audit.models import AuditEvent
from tests.signin import provider

CPR_CLAIM = "https://data.gov.dk/model/core/eid/cprNumber"
START = "/familie/log-ind/mitid/"
CALLBACK = "/familie/log-ind/mitid/retur/"


@pytest.fixture
def running_provider(world, parents):
    accounts = {
        "maria": {"name": "Maria Hansen", CPR_CLAIM: world.parent.cpr},
        "stranger": {"name": "Ukendt", CPR_CLAIM: "0101801234"},
        "nocpr": {"name": "Uden CPR"},
        "alice": {"preferred_username": "alice", "name": "Alice"},
    }
    redirect = "http://testserver" + CALLBACK
    with provider.start_provider(clients=[provider.client(redirect)], accounts=accounts) as issuer:
        real_now = time_machine.escape_hatch.time.time()
        with time_machine.travel(real_now + 5, tick=True):
            yield issuer


@pytest.fixture
def portal_oidc(settings, running_provider):
    for name, value in provider.settings_for(running_provider).items():
        if name != "OIDC_ENABLED":
            setattr(settings, f"PORTAL_{name}", value)
    settings.PORTAL_OIDC_CPR_CLAIM = CPR_CLAIM
    return running_provider


def _sign_in_at_provider(client, login: str) -> str:
    start = client.get(START + "?next=/familie/plan/")
    assert start.status_code == 302
    browser = requests.Session()
    url = start["Location"]
    for _ in range(10):
        if url.startswith("http://testserver" + CALLBACK):
            parts = urlsplit(url)
            return f"{parts.path}?{parts.query}"
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
        url = urljoin(url, posted.headers["Location"])
    raise AssertionError(f"never came back to Indgang: {url}")


def test_the_login_page_offers_mitid_only_when_configured(world, client, settings):
    assert "Log ind med MitID" not in client.get("/familie/log-ind/").content.decode()
    assert client.get(START).status_code == 404
    settings.PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/auth"
    settings.PORTAL_OIDC_RP_CLIENT_ID = "x"
    assert "Log ind med MitID" in client.get("/familie/log-ind/").content.decode()


def test_a_parent_signs_in_with_the_cpr_claim(world, client, portal_oidc):
    callback = _sign_in_at_provider(client, "maria")
    response = client.get(callback)
    assert response.status_code == 302 and response["Location"] == "/familie/plan/"
    assert client.get("/familie/").status_code == 200
    user = get_user_model().objects.get(parent_account__person=world.parent)
    assert AuditEvent.objects.filter(action="login", user=user).exists()
    # Still a parent: no staff page.
    assert client.get("/familier/")["Location"] == "/familie/"


def test_an_unknown_cpr_or_no_cpr_gets_nothing_and_nobody_is_created(world, client, portal_oidc):
    count = get_user_model().objects.count()
    for login in ("stranger", "nocpr", "alice"):
        response = client.get(_sign_in_at_provider(client, login))
        assert response["Location"] == "/familie/log-ind/?fejl=oidc", login
        assert client.get("/familie/").status_code == 303
    assert get_user_model().objects.count() == count
    page = client.get("/familie/log-ind/?fejl=oidc").content.decode()
    assert "Vi kunne ikke finde dig i Indgang" in page


def test_the_staff_provider_never_signs_in_a_parent_as_staff(world, client, portal_oidc, settings):
    # The parents' provider configured as the staff one: the staff backend matches by username
    # only, and a parent's sign-in from anywhere still lands in the portal.
    callback = _sign_in_at_provider(client, "maria")
    client.get(callback)
    assert client.get(f"/familier/{world.family.pk}/")["Location"] == "/familie/"
    assert not settings.OIDC_ENABLED


def test_a_replayed_callback_is_refused(world, client, portal_oidc):
    callback = _sign_in_at_provider(client, "maria")
    assert client.get(callback)["Location"] == "/familie/plan/"
    client.post("/familie/log-ud/")
    assert client.get(callback)["Location"] == "/familie/log-ind/?fejl=oidc"
