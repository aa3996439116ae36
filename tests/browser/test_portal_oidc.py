"""A parent signs in with MitID-style OpenID Connect in Chromium: the real local provider
(scripts/oidc-provider.mjs, npm's oidc-provider) shows its own login page, and the parent lands
on the family's portal front page, matched by the CPR claim. Nothing is mocked."""

import re

import pytest
from playwright.sync_api import expect

from indgang.audit.models import AuditEvent
from tests.browser.conftest import DESKTOP, PHONE, run_axe, shot
from tests.signin import provider

pytestmark = pytest.mark.browser

CPR_CLAIM = "https://data.gov.dk/model/core/eid/cprNumber"


@pytest.fixture
def parent_provider(site, live_server, settings):
    """The demo's parent with a portal account, known to the provider by CPR number only."""
    from indgang.portal.demo import demo_parent

    parent = demo_parent()
    assert parent is not None and hasattr(parent, "parent_account")
    accounts = {
        "mitid-forælder": {"name": parent.full_name, CPR_CLAIM: parent.cpr},
        "mitid-ukendt": {"name": "Ukendt borger", CPR_CLAIM: "0101801234"},
    }
    redirect = live_server.url + "/familie/log-ind/mitid/retur/"
    with provider.start_provider(clients=[provider.client(redirect)], accounts=accounts) as issuer:
        for name, value in provider.settings_for(issuer).items():
            if name != "OIDC_ENABLED":  # the staff sign-in stays as it is
                setattr(settings, f"PORTAL_{name}", value)
        settings.PORTAL_OIDC_CPR_CLAIM = CPR_CLAIM
        yield issuer, parent


def _sign_in_at_provider(page, issuer: str, login: str) -> None:
    # Three servers in one flow (Indgang, the provider, Indgang again) on a shared machine.
    page.set_default_timeout(30_000)
    page.goto("/familie/log-ind/")
    page.get_by_role("link", name="Log ind med MitID").click()
    page.wait_for_url(re.compile(re.escape(issuer)))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_parent_signs_in_with_mitid_and_lands_on_the_family_front_page(
    site, parent_provider, viewport
):
    issuer, parent = parent_provider
    page = site.new_page(viewport=viewport, bypass_csp=True)
    _sign_in_at_provider(page, issuer, "mitid-forælder")
    page.wait_for_url(re.compile(re.escape(site.base_url) + r"/familie/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hej {parent.first_name}")
    expect(page.get_by_role("heading", name="Jeres koordinator")).to_be_visible()
    assert run_axe(page) == []
    shot(page, "portal-mitid-home")
    # The sign-in and the front page are the parent's, in the audit log.
    user = parent.parent_account.user
    assert AuditEvent.objects.filter(user=user, action="login").exists()
    assert AuditEvent.objects.filter(
        user=user, action="view", family_id=parent.family_id, summary="Forældreportal: forside"
    ).exists()
    # A parent's session stays in the portal: a staff page sends them back to it.
    page.goto("/familier/")
    page.wait_for_url(re.compile(r"/familie/$"))


def test_someone_without_a_portal_account_is_not_let_in(site, parent_provider):
    issuer, _ = parent_provider
    page = site.new_page()
    _sign_in_at_provider(page, issuer, "mitid-ukendt")
    page.wait_for_url(re.compile(r"/familie/log-ind/\?fejl=oidc$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "Vi kunne ikke finde dig i Indgang" in page.content()
    assert AuditEvent.objects.filter(action="login_failed").exists()
