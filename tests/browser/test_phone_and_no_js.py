"""Phone width (390 px) and the core paths with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import Page, expect

from indgang.families.models import Case, Family
from tests.browser.conftest import (
    PHONE,
    assert_styled,
    child_cpr,
    fill_referral,
    run_axe,
    shot,
)

pytestmark = pytest.mark.browser

OVERFLOW_JS = """() => {
    const width = window.innerWidth;
    const wide = [];
    document.querySelectorAll('body *').forEach(e => {
        const r = e.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 1 && !e.closest('.table-wrapper')) {
            wide.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '')
                      + ' right=' + Math.round(r.right));
        }
    });
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width,
            wide: wide.slice(0, 8)};
}"""


def _no_horizontal_scroll(page: Page, name: str) -> None:
    result = page.evaluate(OVERFLOW_JS)
    assert result["scrollWidth"] <= result["innerWidth"], f"{name} scrolls sideways: {result}"


def _main_nav_reachable(page: Page, labels: list[str], *, js: bool = True) -> None:
    """Every entry is on screen, or (with JavaScript) one tap away under DKFDS's "Mere"."""
    nav = page.get_by_role("navigation", name="Hovedmenu")
    for label in labels:
        link = nav.get_by_role("link", name=label, exact=True)
        if js and not link.is_visible():
            more = nav.get_by_role("button", name="Mere")
            if more.get_attribute("aria-expanded") != "true":
                more.click()
        expect(link).to_be_visible()
        text = link.locator("span").bounding_box()
        assert text and text["x"] >= 0 and text["x"] + text["width"] <= PHONE["width"], (
            label,
            text,
        )


def test_phone_width_pages_fit_and_menu_is_reachable(site):
    family = Case.objects.filter(status=Case.Status.ENROLLED).first().family
    person = family.members.order_by("pk").first()
    page = site.new_page(viewport=PHONE, bypass_csp=True)  # bypass: for axe only
    page.goto("/log-ind/")
    shot(page, "phone-01-login")
    _no_horizontal_scroll(page, "login")
    site.login(page, "projektleder")
    assert_styled(page)
    _main_nav_reachable(
        page, ["Forside", "Familier", "Deltagerliste", "Sagstal", "Log", "Stikprøver"]
    )
    pages = {
        "home": "/",
        "family-list": "/familier/",
        "family-overview": f"/familier/{family.pk}/",
        "person": f"/familier/{family.pk}/personer/{person.pk}/",
        "family-create": "/familier/ny/",
        "handover-form": f"/familier/{family.pk}/sag/overlevering/",
        "participant-list": "/deltagerliste/",
        "caseload": "/sagstal/",
        "audit-search": "/log/?action=view",
        "spot-check": "/log/stikproever/",
    }
    too_wide, serious = {}, {}
    for name, path in pages.items():
        page.goto(path)
        shot(page, f"phone-{name}")
        result = page.evaluate(OVERFLOW_JS)
        if result["scrollWidth"] > result["innerWidth"]:
            too_wide[name] = result
        if name in ("home", "family-overview", "family-create"):
            found = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
            if found:
                serious[name] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in found]
    assert not too_wide, f"pages that scroll sideways at 390 px: {too_wide}"
    assert not serious, f"axe at 390 px: {serious}"


def _uniquely_named_enrolled_family() -> Family:
    """A family the name search finds alone (the KOS cohort repeats some surnames)."""
    enrolled = Family.objects.filter(cases__status=Case.Status.ENROLLED).order_by("pk")
    return next(
        f
        for f in enrolled
        if not Family.objects.filter(name__icontains=f.name.split()[-1]).exclude(pk=f.pk).exists()
    )


def test_core_paths_work_without_javascript(site):
    page = site.new_page(viewport=PHONE, js=False)
    site.login(page, "projektleder")
    assert page.evaluate("typeof window.htmx") == "undefined"  # the page's scripts did not run

    # The name search is an ordinary POST form underneath htmx (no name in the URL).
    target = _uniquely_named_enrolled_family()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Familier", exact=True
    ).click()
    page.get_by_label("Søg på navn").fill(target.name.split()[-1])
    page.get_by_role("button", name="Søg", exact=True).click()
    expect(page).to_have_url(re.compile(r"/familier/$"))
    rows = page.locator("#family-results tbody tr")
    expect(rows.filter(has_text=target.name)).to_have_count(1)
    rows.get_by_role("link", name=target.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(target.name)
    shot(page, "nojs-01-family-overview")

    # A POST form: a new family, with a mistake first and then corrected.
    page.goto("/familier/ny/")
    fill_referral(
        page,
        family="Familien Udenjs",
        child_first="Otto",
        parent_first="Rita",
        last="Udenjs",
        cpr="310299-4000",  # no 31 February
    )
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".form-error-message")).to_have_count(1)
    expect(page.get_by_label("Familiens navn")).to_have_value("Familien Udenjs")
    page.get_by_label("Barnets CPR-nummer").fill(child_cpr(age_days=200, serial="4002"))
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main > .alert-success")).to_contain_text(
        "Familien Udenjs er oprettet som henvist."
    )
    shot(page, "nojs-02-family-created")
    family = Family.objects.get(name="Familien Udenjs")

    # A child under two is in the target group at once: no criteria needed.
    page.get_by_role("link", name="Vurdér målgruppe").click()
    page.get_by_label("Vurderet af").fill("Lederen af Børn og Familie")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main > .alert-success")).to_contain_text(
        "Målgruppevurderingen er registreret."
    )
    assert family.cases.get().status == Case.Status.ELIGIBILITY_ASSESSED

    # Logging out is a POST form too.
    site.logout(page)
    page.goto(f"/familier/{family.pk}/")
    expect(page).to_have_url(re.compile(r"/log-ind/\?next="))


def test_phone_menu_and_pages_fit_without_javascript(site):
    """Without JavaScript there is no "Mere" menu: the main menu must wrap instead."""
    family = Case.objects.filter(status=Case.Status.ENROLLED).first().family
    page = site.new_page(viewport=PHONE, js=False)
    site.login(page, "projektleder")
    shot(page, "nojs-00-home")
    _main_nav_reachable(
        page,
        ["Forside", "Familier", "Deltagerliste", "Sagstal", "Log", "Stikprøver"],
        js=False,
    )
    page.goto(f"/familier/{family.pk}/")
    _no_horizontal_scroll(page, "family overview without JS")
