"""Going back and sending a form again saves nothing twice (issue 9): the browser restores the
form's one-time token with what was typed, and the second send goes to the first one's
result with a message (core/submit_once.py)."""

import pytest
from playwright.sync_api import expect

from indgang.core.submit_once import ALREADY_SENT
from indgang.followup.models import ContactLog
from indgang.organisation.models import User
from tests.browser.conftest import run_axe, shot

pytestmark = pytest.mark.browser


def test_back_and_send_again_registers_the_contact_once(site):
    coordinator = User.objects.get(username="koordinator")
    page = site.new_page()
    site.login(page, "koordinator")
    page.goto("/familier/")
    page.locator("main table a[href^='/familier/']").first.click()
    family_url = page.url
    page.get_by_role("link", name="Registrér kontakt").first.click()
    before = ContactLog.objects.filter(by=coordinator).count()
    page.get_by_label("Kontaktform").select_option(index=0)
    page.get_by_label("Med hvem").fill("Far, tilbage-og-send-igen")
    page.get_by_label("Hvem tog initiativet").select_option(index=0)
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("Kontakten er registreret.")
    assert page.url == family_url

    page.go_back()  # the form again, with what was typed restored by the browser
    expect(page.get_by_label("Med hvem")).to_have_value("Far, tilbage-og-send-igen")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text(ALREADY_SENT)
    assert page.url == family_url
    assert not run_axe(page)
    shot(page, "submit-once-already-sent")
    saved = ContactLog.objects.filter(by=coordinator, with_whom="Far, tilbage-og-send-igen")
    assert saved.count() == 1
    assert ContactLog.objects.filter(by=coordinator).count() == before + 1


def test_a_refused_send_shows_the_summary_with_focus_not_the_browsers_bubbles(site):
    page = site.new_page()
    site.login(page, "koordinator")
    page.goto("/familier/")
    page.locator("main table a[href^='/familier/']").first.click()
    page.get_by_role("link", name="Registrér kontakt").first.click()
    page.get_by_label("Dato").fill("")  # required: a browser bubble would stop the send
    page.get_by_role("button", name="Gem").click()
    summary = page.locator("main .alert-error[role=alert]")
    expect(summary).to_contain_text("fejl i formularen")
    expect(summary).to_be_focused()
    assert page.eval_on_selector("main form[method=post]", "form => form.noValidate")
