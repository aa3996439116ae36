"""axe-core (WCAG 2.1 A and AA) on the main pages, in Debian's Chromium.

Every page is also saved as a desktop screenshot for a human to look at.
"""

import json

import pytest
from playwright.sync_api import Page, expect

from indgang.families.models import Case, Handover
from tests.browser.conftest import AXE_JS, SCREENSHOTS, assert_styled, run_axe, shot

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


class Scan:
    def __init__(self):
        self.found: dict[str, list[dict]] = {}

    def check(self, page: Page, name: str) -> None:
        assert_styled(page)
        shot(page, f"axe-{name}")
        self.found[name] = run_axe(page)

    def report(self) -> str:
        lines = []
        for name, violations in self.found.items():
            for v in violations:
                lines.append(f"[{v['impact']}] {name}: {v['id']} – {v['help']}")
                lines.extend(f"      {n['target']}: {n['html']}" for n in v["nodes"][:5])
        return "\n".join(lines)

    def blocking(self) -> dict[str, list[str]]:
        return {
            name: [v["id"] for v in violations if v["impact"] in BLOCKING]
            for name, violations in self.found.items()
            if any(v["impact"] in BLOCKING for v in violations)
        }


def test_main_pages_have_no_serious_axe_violations(site):
    assert AXE_JS.exists(), "run `make install` (npm ci) to get axe-core"
    enrolled = Case.objects.filter(status=Case.Status.ENROLLED).select_related("family").first()
    family = enrolled.family
    person = family.members.order_by("pk").first()
    handover = Handover.objects.filter(confirmed_at__isnull=True).select_related("case").first()
    scan = Scan()

    page = site.new_page(bypass_csp=True)
    page.goto("/log-ind/")
    scan.check(page, "login")
    page.get_by_role("button", name="Log ind").click()  # empty: the errors are shown
    expect(page.locator(".form-error-message").first).to_be_visible()
    scan.check(page, "login-errors")

    site.login(page, "projektleder")
    scan.check(page, "home")
    page.goto("/familier/")
    scan.check(page, "family-list")
    page.goto(f"/familier/{family.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(family.name)
    scan.check(page, "family-overview")
    page.goto(f"/familier/{family.pk}/personer/{person.pk}/")
    scan.check(page, "person")
    page.goto("/familier/ny/")
    scan.check(page, "family-create")
    page.get_by_label("Barnets CPR-nummer").fill("320199-1234")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    scan.check(page, "family-create-errors")
    page.goto(f"/familier/{handover.case.family_id}/sag/overlevering/{handover.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overlevering af")
    scan.check(page, "handover")
    page.goto(f"/familier/{family.pk}/sag/overlevering/")
    scan.check(page, "handover-form")
    page.goto("/deltagerliste/")
    scan.check(page, "participant-list")
    page.goto("/sagstal/")
    scan.check(page, "caseload")
    page.goto(f"/familier/{family.pk}/adgang/")
    scan.check(page, "family-access-log")
    page.goto("/familier/999999/")
    scan.check(page, "not-found")

    page = site.new_page(bypass_csp=True)
    site.login(page, "leder")
    page.goto("/log/stikproever/")
    page.get_by_role("button", name="Træk 10 opslag").click()
    expect(page.locator("main > .alert-success")).to_contain_text("Der er udtrukket")
    scan.check(page, "spot-check")

    page = site.new_page(bypass_csp=True)
    site.login(page, "koordinator")  # the front page with handovers and both family tables
    expect(page.locator("main .alert-warning")).to_contain_text("Overleveringer, du skal læse")
    scan.check(page, "home-coordinator")

    page = site.new_page(bypass_csp=True)
    site.login(page, "dpo")
    page.goto("/log/?action=view")
    expect(page.get_by_role("table", name="Logposter")).to_be_visible()
    scan.check(page, "audit-search")

    print("\naxe-core violations (all impacts):\n" + (scan.report() or "none"))
    (SCREENSHOTS.parent / "axe-violations.json").write_text(
        json.dumps(scan.found, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert not scan.blocking(), "serious/critical axe violations:\n" + scan.report()

    # The harness itself: axe does flag a broken page.
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')"
    )
    assert "image-alt" in {v["id"] for v in run_axe(page)}


DUPLICATE_IDS_JS = """() => {
    const seen = {};
    document.querySelectorAll('[id]').forEach(e => { seen[e.id] = (seen[e.id] || 0) + 1; });
    return Object.keys(seen).filter(k => seen[k] > 1);
}"""


def test_ids_are_unique_on_the_coordinators_front_page(site):
    """axe 4.x no longer checks duplicate ids, but label, aria-* and htmx targets need unique ones.

    A coordinator's front page shows "Mine familier" and "Henvisninger under behandling",
    both from families/partials/family_table.html.
    """
    page = site.new_page()
    site.login(page, "koordinator")
    expect(page.get_by_role("heading", name="Henvisninger under behandling")).to_be_visible()
    assert page.evaluate(DUPLICATE_IDS_JS) == []


BROKEN_REFERENCES_JS = """() => {
    const problems = [];
    document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls]').forEach(e => {
        for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
            for (const id of (e.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) problems.push(`${e.id || e.tagName}: ${attr}="${id}" does not exist`);
            }
        }
    });
    document.querySelectorAll('.form-group').forEach(g => {
        const field = g.querySelector('input, select, textarea');
        if (!field) return;
        const described = (field.getAttribute('aria-describedby') || '').split(/\\s+/);
        g.querySelectorAll('.form-hint[id], .form-error-message[id]').forEach(h => {
            if (!described.includes(h.id)) problems.push(`${field.id}: not described by #${h.id}`);
        });
    });
    return problems;
}"""


def test_hints_and_errors_are_tied_to_their_fields(site):
    """A screen reader hears a field's hint and error with the field (aria-describedby)."""
    page = site.new_page()
    site.login(page, "projektleder")
    page.goto("/familier/ny/")
    expect(page.locator(".form-hint").first).to_be_visible()
    before = page.evaluate(BROKEN_REFERENCES_JS)
    page.get_by_label("Barnets CPR-nummer").fill("320199-1234")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    after = page.evaluate(BROKEN_REFERENCES_JS)
    assert (before, after) == ([], []), f"without errors: {before}\nwith errors: {after}"


def test_exactly_one_menu_item_is_the_current_page(site):
    """On /log/stikproever/ only "Stikprøver" is current, not also "Log" (/log/ is a prefix)."""
    page = site.new_page()
    site.login(page, "leder")
    nav = page.get_by_role("navigation", name="Hovedmenu")
    found = {}
    for path in ("/", "/familier/", "/log/", "/log/stikproever/"):
        page.goto(path)
        # (a link may stand twice: in the bar and in the overflow menu that holds the rest)
        found[path] = sorted(set(nav.locator("a[aria-current=page]").all_inner_texts()))
    assert found == {
        "/": ["Forside"],
        "/familier/": ["Familier"],
        "/log/": ["Log"],
        "/log/stikproever/": ["Stikprøver"],
    }
