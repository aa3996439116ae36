"""The coordinator's day on the demo, in the browser (issue 9): the front page lists what is
overdue with the action beside each item; registering the contact takes the item away.
Desktop and phone width, axe-core (WCAG 2.1 A/AA, no violations of any impact)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, assert_styled, run_axe, shot

pytestmark = pytest.mark.browser


def _axe(page: Page, name: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{name}: {violations}"


def _overdue_contact_rows(page: Page):
    table = page.locator("#home-due")
    return (
        table.locator("tbody tr")
        .filter(has_text="Månedlig kontakt")
        .filter(has_text="over fristen")
    )


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_coordinators_day_home_due_item_contact_item_gone(site, viewport):
    page = site.new_page(viewport=viewport, bypass_csp=True)
    site.login(page, "koordinator")
    assert_styled(page)
    expect(page.get_by_role("heading", name="Det skal du gøre")).to_be_visible()
    rows = _overdue_contact_rows(page)
    expect(rows.first).to_be_visible()
    before = rows.count()
    row = rows.first
    family = row.locator("td").first.inner_text().strip()
    expect(row).to_contain_text(re.compile(r"\d+ dage? over fristen"))
    # the header search is on every staff page
    expect(page.get_by_role("search", name="Familier")).to_be_visible()
    _axe(page, "home")
    shot(page, "daily-coordinator-home")

    row.get_by_role("link", name=re.compile("^Registrér kontakt")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("kontakt", ignore_case=True)
    _axe(page, "contact form")
    expect(page.get_by_label("Dato")).not_to_be_empty()  # today, pre-filled
    page.get_by_label("Kontaktform").select_option(index=0)
    page.get_by_label("Med hvem").fill("Mor")
    page.get_by_label("Hvem tog initiativet").select_option(index=0)
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("Kontakten er registreret.")
    # the family page starts with its short status
    expect(page.locator("#family-status")).to_contain_text("Næste frist")
    _axe(page, "family page")

    page.goto("/")
    after = _overdue_contact_rows(page)
    expect(after).to_have_count(before - 1)
    expect(after.filter(has_text=family)).to_have_count(0)
    shot(page, "daily-coordinator-home-after")
