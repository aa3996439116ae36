"""The leader's dashboard in a real Chromium at 1280 and 390 px, with axe: the figures, the
charts with their tables, and a figure's families behind it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, assert_styled, run_axe, shot
from tests.browser.test_phone_and_no_js import _no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_dashboard_and_the_families_behind_a_figure(site, viewport):
    page = site.new_page(viewport=viewport, bypass_csp=True)
    # The live server's first answer (templates, static files) can be slow on a loaded machine.
    page.goto("/log-ind/", timeout=60_000)
    site.login(page, "leder")
    page.goto("/rapporter/")
    assert_styled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Overblik for styregruppen")
    # The demo's survey rounds and status scores: a chart and its table each.
    expect(page.get_by_role("heading", name="Seneste spørgeskemarunde")).to_be_visible()
    expect(page.get_by_role("img", name="gennemsnit pr. tema")).to_be_visible()
    expect(page.get_by_role("img", name="Statusmåling: seneste kvartal")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Fælles finansiering")).to_be_visible()
    assert run_axe(page) == []
    _no_horizontal_scroll(page, "dashboard")
    shot(page, "dashboard")
    page.get_by_role("link", name="Se familierne der er indskrevet nu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indskrevne familier nu")
    expect(page.locator("tbody tr").first).to_be_visible()
    expect(page.locator("tbody a[href^='/familier/']").first).to_be_visible()
    assert run_axe(page) == []
    _no_horizontal_scroll(page, "dashboard families")
    shot(page, "dashboard-families")
