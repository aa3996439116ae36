"""Staff sign in through a real OpenID Connect provider (scripts/oidc-provider.mjs) and with a
password plus the second factor their role needs."""

import re

import pytest
from playwright.sync_api import expect

from indgang.families.demo import DEMO_PASSWORD
from tests.browser.conftest import shot
from tests.signin import provider

pytestmark = pytest.mark.browser


@pytest.fixture
def identity_provider(live_server, settings):
    redirect = live_server.url + "/log-ind/oidc/retur/"
    accounts = {
        "koordinator": {"preferred_username": "koordinator", "name": "Demo koordinator"},
        "ukendt": {"preferred_username": "ukendt", "name": "Ikke oprettet"},
    }
    with provider.start_provider(clients=[provider.client(redirect)], accounts=accounts) as issuer:
        for name, value in provider.settings_for(issuer).items():
            setattr(settings, name, value)
        yield issuer


def test_staff_sign_in_through_the_municipalitys_provider(site, identity_provider):
    page = site.new_page()
    page.goto("/log-ind/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.wait_for_url(re.compile(re.escape(identity_provider)))
    page.locator("input[name=login]").fill("koordinator")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(re.compile(re.escape(site.base_url) + r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag")
    shot(page, "signin-oidc-home")
    site.logout(page)


def test_unknown_person_at_the_provider_is_not_let_in(site, identity_provider):
    page = site.new_page()
    page.goto("/log-ind/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.locator("input[name=login]").fill("ukendt")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(re.compile(r"/log-ind/\?fejl=oidc$"))
    expect(page.get_by_role("alert")).to_contain_text("Du blev ikke logget ind")


def test_leader_signs_in_with_password_and_code(site):
    page = site.new_page()
    page.goto("/log-ind/")
    page.get_by_label("Brugernavn").fill("leder")
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/log-ind/kode/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Indtast din kode")
    page.goto("/deltagerliste/")  # nothing else opens before the code
    page.wait_for_url(re.compile(r"/log-ind/kode/"))
    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Bekræft").click()
    expect(page.locator("#id_code-error")).to_contain_text("Koden er forkert eller udløbet")
    page.wait_for_timeout(2_100)  # a wrong code holds the device back a moment
    site.enter_code(page, "leder")
    page.wait_for_url(re.compile(r"/deltagerliste/$"))
    site.logout(page)
