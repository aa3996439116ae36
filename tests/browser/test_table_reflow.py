"""Tables reflow on a phone (390 px) instead of clipping; scroll regions take keyboard focus."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, run_axe, shot

pytestmark = pytest.mark.browser


def _page(site, **kw):
    page = site.new_page(**kw)
    page.set_default_timeout(60_000)  # a shared machine under load answers slowly
    return page


TABLE_JS = """(selector) => {
    const table = document.querySelector(selector);
    const wrapper = table.closest('.table-wrapper, .indgang-table-scroll');
    const cell = table.querySelector('tbody td');
    return {
        tableRight: Math.round(table.getBoundingClientRect().right),
        wrapperScrolls: wrapper.scrollWidth > wrapper.clientWidth + 1,
        tabindex: wrapper.getAttribute('tabindex'),
        label: wrapper.getAttribute('aria-label') || wrapper.getAttribute('aria-labelledby'),
        display: getComputedStyle(table.querySelector('tbody tr')).display,
        heading: cell ? (cell.getAttribute('data-title') || cell.getAttribute('data-label')) : null,
        pageWidth: document.documentElement.scrollWidth,
    };
}"""


@pytest.mark.parametrize(
    ("name", "path", "selector"),
    [
        ("participant-list", "/deltagerliste/", "main table"),
        ("family-list", "/familier/", "#family-results table"),
    ],
)
def test_tables_stack_on_a_phone(site, name, path, selector):
    page = _page(site, viewport=PHONE, bypass_csp=True)  # bypass: for axe only
    site.login(page, "projektleder")
    page.goto(path)
    shot(page, f"phone-table-{name}")
    result = page.evaluate(TABLE_JS, selector)
    assert result["display"] == "block", result  # rows are stacked
    assert result["heading"], result  # each value under its column's heading
    assert result["tableRight"] <= PHONE["width"], result
    assert not result["wrapperScrolls"], result
    assert result["pageWidth"] <= PHONE["width"], result
    assert result["tabindex"] == "0" and result["label"], result
    serious = [v["id"] for v in run_axe(page) if v["impact"] in ("serious", "critical")]
    assert not serious


def test_without_javascript_the_wrapper_scrolls_and_takes_focus(site):
    page = _page(site, viewport=PHONE, js=False)
    site.login(page, "projektleder")
    page.goto("/deltagerliste/")
    shot(page, "phone-table-participant-list-no-js")
    region = page.get_by_role("region", name="Deltagerliste, kan rulles vandret")
    region.focus()
    expect(region).to_be_focused()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_settings_table_stacks_with_its_labels(site):
    page = _page(site, viewport=PHONE)
    site.login(page, "leder")
    page.goto("/opsaetning/")
    page.get_by_role("link", name="Indsatser: visitationskompetence", exact=False).first.click()
    shot(page, "phone-table-intervention-settings")
    result = page.evaluate(TABLE_JS, "main table")
    assert result["display"] == "block" and result["heading"] == "Bevilger", result
    assert result["pageWidth"] <= PHONE["width"], result
