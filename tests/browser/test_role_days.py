"""The roles that no other browser test walks, each through its working day on the demo
(issue 9): the leader, the project leader, the data-protection officer and the system
administrator. Each walk runs at desktop (1280 px) and phone (390 px) width, checks the
page is styled, runs axe-core (WCAG 2.1 A/AA, no violations of any impact) on every page
and takes the screenshots the user guide shows (tests/browser/guide_images.py).

The coordinator, handover, core-team member, partner and parent walks live in
test_daily_coordinator.py, test_daily_handover.py, test_daily_core_team_partner.py,
test_core_team_meeting.py and test_portal.py.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, assert_styled, run_axe, shot

pytestmark = pytest.mark.browser

VIEWPORTS = (("desktop", DESKTOP), ("phone", PHONE))


def _open(site, username: str, viewport: dict) -> Page:
    page = site.new_page(viewport=viewport, bypass_csp=True)
    # the live server's first answer is slow on a busy machine
    page.goto("/log-ind/", timeout=60_000)
    site.login(page, username)  # with the second factor where the role needs one
    return page


def _check(page: Page, label: str, name: str, width: str, *, dkfds: bool = True) -> None:
    """Styled, axe-clean, no sideways scrolling on a phone; then the screenshot."""
    if dkfds:
        assert_styled(page)
    violations = run_axe(page)
    assert not violations, f"{label} ({width}): {violations}"
    if width == "phone":
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= PHONE["width"], f"{label} scrolls sideways on a phone ({scroll} px)"
    shot(page, f"guide-{name}-{width}")


def _visit(page: Page, path: str, heading: str | re.Pattern) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


def _nav(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("nav .nav-link").all_inner_texts()]


def test_the_leaders_day(site):
    for width, viewport in VIEWPORTS:
        page = _open(site, "leder", viewport)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag Hanne")
        _check(page, "front page", "leader-home", width)

        _visit(page, "/rapporter/", "Overblik for styregruppen")
        main = page.locator("main")
        expect(main.get_by_role("heading", name="Sagstal", exact=True)).to_be_visible()
        chart = main.locator("figure.indgang-chart img").first
        expect(chart).to_have_attribute("alt", re.compile(r"\w"))
        _check(page, "dashboard", "leader-dashboard", width)

        _visit(page, "/ledelse/kadence/", "Overholdes kadencen?")
        # every figure is explained in words, the current month is "so far"
        expect(main.locator("#compliance-codes")).to_contain_text("Kontakt i måneden")
        table = main.locator("#compliance-municipality")
        expect(table).to_contain_text("(indtil nu)")
        expect(table.locator("tbody tr").first).to_be_visible()
        expect(main.get_by_role("heading", name="Overskredet nu")).to_be_visible()
        overdue = main.locator("#overdue tbody tr")
        expect(overdue.first).to_be_visible()  # the demo has overdue items: they are listed
        _check(page, "compliance", "leader-compliance", width)
        # Each figure is a link to the families behind it.
        table.locator("tbody a").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kontakt i måneden")
        expect(main.locator("#figure-cases tbody tr").first).to_be_visible()
        if width == "phone":  # a list of families: stacked, not clipped
            display = page.evaluate(
                "getComputedStyle(document.querySelector('#figure-cases tbody tr')).display"
            )
            assert display == "block", display
        _check(page, "the families behind a figure", "leader-compliance-cases", width)

        _visit(page, "/sagstal/", "Sagstal pr. koordinator")
        expect(main.locator("table")).to_contain_text("Mette")
        _check(page, "caseloads", "leader-caseloads", width)

        _visit(page, "/kerneteam/medlemmer/", "Kerneteamets medlemmer")
        expect(main.get_by_role("heading", name=re.compile(r"^Faste medlemmer"))).to_be_visible()
        expect(main).to_contain_text("Sara Lund")
        expect(main.get_by_role("heading", name="Tilføj et medlem")).to_be_visible()
        _check(page, "core-team members", "leader-core-team", width)

        _visit(page, "/opsaetning/", "Kommunernes opsætning")
        expect(
            main.get_by_role("heading", name=re.compile(r"^Før I går i drift: Ishøj Kommune"))
        ).to_be_visible()
        _check(page, "settings checklist", "leader-settings", width)

        _visit(page, "/hjemler/", "Hjemler")
        expect(main.locator("table").first).to_be_visible()
        _check(page, "legal bases", "leader-legal-bases", width)

        _visit(page, "/rapporter/oekonomi/", "Økonomi")
        _check(page, "economics report", "leader-economics", width)

        _visit(page, "/indsatser/rapporter/sagsbehandling/", "Sagsbehandlingstider")
        _check(page, "processing-time report", "leader-processing", width)

        _visit(page, "/kerneteam/", "Kerneteamets ugemøde")
        expect(main.get_by_role("heading", name="Dagsorden")).to_be_visible()
        _check(page, "weekly core-team meeting", "leader-weekly-meeting", width)


def test_the_project_leaders_day(site):
    for width, viewport in VIEWPORTS:
        page = _open(site, "projektleder", viewport)
        main = page.locator("main")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag Anders")
        _check(page, "front page", "project-leader-home", width)

        _visit(page, "/deltagerliste/", "Deltagerliste")
        expect(main.locator("table tbody tr").first).to_be_visible()
        expect(main.get_by_role("link", name=re.compile("Excel"))).to_be_visible()
        _check(page, "participant list", "project-leader-participants", width)

        _visit(page, "/rapporter/", "Overblik for styregruppen")
        _check(page, "dashboard", "project-leader-dashboard", width)

        _visit(page, "/evaluering/", re.compile(r"\w"))
        _check(page, "evaluation", "project-leader-evaluation", width)

        _visit(page, "/aarshjul/", "Årshjul")
        _check(page, "annual cycle", "project-leader-annual-cycle", width)


def test_the_data_protection_officers_day(site):
    from indgang.families.models import Family

    person = Family.objects.order_by("pk").first().members.order_by("pk").first()
    for width, viewport in VIEWPORTS:
        page = _open(site, "dpo", viewport)
        main = page.locator("main")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag Camilla")
        # the DPO supervises: the log, not the families
        assert _nav(page)[:5] == ["Forside", "Log", "Hvem har set", "Stikprøver", "Værdispring"]
        _check(page, "front page", "dpo-home", width)

        _visit(page, "/log/", "Søg i loggen")
        page.get_by_label("Handling").select_option(index=1)
        main.get_by_role("button", name="Søg", exact=True).click()
        expect(main.get_by_role("heading", name="Resultat")).to_be_visible()
        _check(page, "audit search", "dpo-audit-search", width)

        _visit(page, "/log/hvem-har-set/", "Hvem har set")
        page.get_by_label("Navn eller CPR-nummer").fill(person.full_name)
        main.get_by_role("button", name="Søg", exact=True).click()
        expect(
            main.get_by_role("heading", name=re.compile("Personer|Familier")).first
        ).to_be_visible()
        _check(page, "who has seen", "dpo-who-has-seen", width)

        _visit(page, "/log/stikproever/", "Stikprøvekontrol")
        main.get_by_role("button", name="Træk 10 opslag").click()
        expect(page.get_by_role("status").first).to_contain_text("udtrukket")
        expect(main.get_by_role("table", name="Stikprøver")).to_be_visible()
        _check(page, "spot check", "dpo-spot-check", width)

        _visit(page, "/log/vaerdispring/", "Værdispring")
        _check(page, "value jumps", "dpo-value-jumps", width)

        # no family pages for the DPO
        response = page.goto("/familier/")
        assert response is not None and response.status == 403


def test_the_system_administrators_day(site):
    from indgang.families.models import Family

    family = Family.objects.order_by("pk").first()
    for width, viewport in VIEWPORTS:
        page = _open(site, "sysadmin", viewport)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag Per")
        assert _nav(page)[:3] == ["Forside", "Import", "Administration"]
        _check(page, "front page", "sysadmin-home", width)

        page.goto("/administration/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("administration")
        content = page.locator("#content-main")
        expect(content.locator('a[href^="/administration/organisation/"]').first).to_be_visible()
        # users, municipalities, centres and core teams: no family, person or case model
        hrefs = content.locator("a[href]").evaluate_all("els => els.map(e => e.pathname)")
        case_models = re.compile(r"/administration/(families/(?!accesspolicy)|plans/|meetings/)")
        assert hrefs and not [h for h in hrefs if case_models.search(h)], hrefs
        assert family.name not in page.content()
        # Django's own admin: its own stylesheet, not DKFDS; still axe-clean
        _check(page, "administration", "sysadmin-admin", width, dkfds=False)

        # a family is a 404 exactly like a missing one, the family list is refused
        response = page.goto(f"/familier/{family.pk}/")
        assert response is not None and response.status == 404
        assert family.name not in page.content()
        response = page.goto("/familier/")
        assert response is not None and response.status == 403


def test_the_coordinators_due_list_reads_on_a_phone(site):
    """ "Det skal du gøre" stacks its rows at 390 px: the action beside each item is on screen,
    not clipped off to the right of a scrolling table."""
    page = _open(site, "koordinator", PHONE)
    rows = page.locator("#home-due tbody tr")
    expect(rows.first).to_be_visible()
    button = rows.first.get_by_role("link", name=re.compile(r"^(Registrér|Følg|Planlæg)"))
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"], box
    _check(page, "coordinator's front page", "coordinator-home", "phone")
