"""The parents' portal at 360 px (issue 10's narrowest width) and by keyboard alone: the demo
parent signs in typing only, reaches every portal page through the menu with Tab and Enter,
and no page scrolls sideways or hides the focused element."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import run_axe, shot
from tests.browser.test_portal import PAGES

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 740}


def _focus_link(page: Page, name: str, limit: int = 60) -> None:
    """Press Tab until the link with this name has focus, as a keyboard user does, opening
    the menu's "Mere" (the links that do not fit on a narrow screen) on the way."""
    opened = False
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                       return e ? (e.innerText || e.value || '').trim() : ''; }"""
        )
        if focused == name:
            return
        if focused == "Mere" and not opened:
            page.keyboard.press("Enter")
            opened = True
    raise AssertionError(f"{name!r} was not reached with Tab on {page.url}")


def _focused_is_visible(page: Page) -> bool:
    return page.evaluate(
        """() => { const r = document.activeElement.getBoundingClientRect();
                   return r.width > 0 && r.height > 0 && r.left >= 0
                          && r.right <= document.documentElement.clientWidth; }"""
    )


def test_a_parent_uses_the_portal_by_keyboard_at_360_px(site):
    from indgang.families.demo import DEMO_PASSWORD
    from indgang.portal.demo import demo_parent

    parent = demo_parent()
    page = site.new_page(viewport=NARROW, bypass_csp=True)
    page.goto("/familie/log-ind/")
    # The e-mail field has focus from the start (Django's log-in form autofocuses it).
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type(parent.email)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Hej {parent.first_name}")
    # The first Tab on a page lands on the skip link, visible when it has focus.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Gå til sidens indhold"
    assert _focused_is_visible(page)

    menu = {
        "/familie/": "Forside",
        "/familie/koordinator/": "Vores koordinator",
        "/familie/plan/": "Vores plan",
        "/familie/det-der-sker/": "Det der sker",
        "/familie/beskeder/": "Beskeder",
        "/familie/ansoegninger/": "Ansøgninger",
        "/familie/samtykke/": "Samtykke",
        "/familie/hvem-har-set/": "Hvem har set",
    }
    for path, heading in PAGES:
        page.goto("/familie/")  # from the front page each time, by the menu
        _focus_link(page, menu[path])
        assert _focused_is_visible(page), f"the menu link to {path} has focus but is not seen"
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} scrolls sideways at 360 px ({width}px)"
        assert not run_axe(page), path
        shot(page, "portal-360" + path.replace("/", "-").rstrip("-"))
