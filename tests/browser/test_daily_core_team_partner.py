"""The core-team member's and the partner's day on the demo, in the browser (issue 9): each
starts on their own front page (meetings they are invited to, agreements they own with the
overdue marked, the families they work with); the psychologist opens a family and its ICS
assessments; the job-centre partner sees the plan and their part of a family but is refused
its contact log. The header's family search is one row. Desktop and phone width, axe-core
(WCAG 2.1 A/AA, no violations of any impact)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, assert_styled, run_axe, shot

pytestmark = pytest.mark.browser
VIEWPORTS = pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])


def _axe(page: Page, name: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{name}: {violations}"


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways ({width} px)"


def _search_is_one_row(page: Page) -> None:
    search = page.get_by_role("search", name="Familier")
    field = search.get_by_label("Søg efter familie (navn)")
    button = search.get_by_role("button", name="Søg familie")
    expect(field).to_be_visible()
    f, b = field.bounding_box(), button.bounding_box()
    assert abs(f["y"] - b["y"]) < 4 and f["x"] + f["width"] <= b["x"] + 1, (f, b)
    assert b["x"] + b["width"] <= page.viewport_size["width"], "the button leaves the screen"


def _page(site, viewport) -> Page:
    page = site.new_page(viewport=viewport, bypass_csp=True)
    page.set_default_timeout(30_000)  # a loaded shared machine; the assertions still wait 10 s
    return page


def _width(viewport) -> str:
    return "phone" if viewport else "desktop"


@VIEWPORTS
def test_the_psychologists_day(site, viewport):
    page = _page(site, viewport)
    site.login(page, "psykolog")
    assert_styled(page)
    expect(page.get_by_role("heading", name="Møder, du er inviteret til")).to_be_visible()
    expect(page.locator("#home-meetings li").first).to_contain_text("Netværksmøde")
    agreements = page.locator("#home-agreements tbody tr")
    expect(agreements.filter(has_text=re.compile(r"\d+ dage? over fristen"))).to_have_count(1)
    expect(agreements.filter(has_text="Psykologisk observation").first).to_be_visible()
    families = page.locator("#home-families li")
    expect(families.first).to_contain_text("Psykolog i kerneteamet")
    _search_is_one_row(page)
    _no_sideways_scroll(page)
    _axe(page, "core-team home")
    shot(page, f"daily-core-team-home-{_width(viewport)}")

    # from the front page to the family of the next meeting, and its ICS assessments
    page.locator("#home-meetings li").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Netværksmøde")
    _axe(page, "meeting")
    page.goto("/")
    families.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Fælles plan")).to_be_visible()
    expect(page.get_by_role("heading", name="Kontakt og opfølgning")).to_be_visible()
    page.get_by_role("link", name="ICS-udredninger").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ICS")
    _axe(page, "ICS assessments")

    # the header search finds a family by its name
    page.get_by_label("Søg efter familie (navn)").fill("Hansen")
    page.get_by_role("button", name="Søg familie").click()
    expect(page.locator("main")).to_contain_text("Familien Hansen")
    _axe(page, "search result")


@VIEWPORTS
def test_the_partners_day(site, viewport):
    page = _page(site, viewport)
    site.login(page, "partner")
    assert_styled(page)
    expect(page.get_by_role("heading", name="Familier, du arbejder med")).to_be_visible()
    agreements = page.locator("#home-agreements tbody tr")
    expect(agreements.filter(has_text="Jobcenter Ishøj").first).to_be_visible()
    expect(agreements.filter(has_text=re.compile(r"\d+ dage? over fristen"))).to_have_count(1)
    meeting = page.locator("#home-meetings li").first
    expect(meeting).to_contain_text("Netværksmøde")
    _search_is_one_row(page)
    _no_sideways_scroll(page)
    _axe(page, "partner home")
    shot(page, f"daily-partner-home-{_width(viewport)}")

    # the family of that meeting: the plan and the partner's part, no contact log, no ICS
    family_name = meeting.inner_text().split("·")[1].strip()
    page.locator("#home-families").get_by_role("link", name=family_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(family_name)
    expect(page.get_by_role("heading", name="Fælles plan")).to_be_visible()
    expect(page.get_by_role("heading", name="Næste møder, du er inviteret til")).to_be_visible()
    expect(page.get_by_role("heading", name="Kontakt og opfølgning")).to_have_count(0)
    expect(page.get_by_role("link", name="Kontaktlog")).to_have_count(0)
    expect(page.get_by_role("link", name="ICS-udredninger")).to_have_count(0)
    _no_sideways_scroll(page)
    _axe(page, "partner family page")
    shot(page, f"daily-partner-family-{_width(viewport)}")
    family_path = page.url.split("://", 1)[1].split("/", 1)[1]

    # the contact log is refused exactly like a missing page
    response = page.goto(f"/{family_path}kontakt/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    expect(page.locator("main")).not_to_contain_text(family_name)
    _axe(page, "refused contact log")
    shot(page, f"daily-partner-contact-log-refused-{_width(viewport)}")
