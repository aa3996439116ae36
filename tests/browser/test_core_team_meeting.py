"""The core team's part on the demo, in the browser (issue 9), at desktop and phone width with
axe-core: Sara Lund (psykolog, a fixed core-team member) adds her own observation to a family's
ICS board; Mette Holm (koordinator) opens the core team's weekly meeting, sees the agenda built
from what needs the core team, and writes the minutes for a family on it.
"""

import pytest
from playwright.sync_api import Page, expect

from indgang.meetings.models import Assessment
from tests.browser.conftest import DESKTOP, PHONE, run_axe, shot

pytestmark = pytest.mark.browser


def _axe(page: Page, name: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{name}: {violations}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_core_team_member_observes_and_coordinator_runs_the_weekly_meeting(site, viewport):
    page = site.new_page(viewport=viewport, bypass_csp=True)
    page.set_default_timeout(30_000)  # the shared test machine is slow under load
    site.login(page, "psykolog")
    assessment = Assessment.objects.select_related("case").order_by("pk").first()
    board = f"/familier/{assessment.case.family_id}/udredning/{assessment.pk}/"
    page.goto(board)
    parents = page.locator("#observations-parents")
    expect(parents).to_contain_text("Sara Lund, psykolog")  # the demo's own entries
    parents.get_by_role("link", name="Tilføj iagttagelse om forældrekompetencer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilføj din iagttagelse")
    expect(page.get_by_label("Forældrekompetencer")).to_be_checked()
    page.get_by_label("Styrke", exact=True).check()
    page.get_by_label("Din iagttagelse").fill("Far tager over om aftenen, så mor kan sove.")
    _axe(page, "observation form")
    shot(page, "core-team-observation-form")
    page.get_by_role("button", name="Tilføj").click()
    expect(page.locator("main")).to_contain_text("Din iagttagelse er tilføjet tavlen.")
    mine = page.locator("#observations-parents li", has_text="Far tager over om aftenen")
    expect(mine).to_contain_text("Sara Lund, psykolog")
    expect(mine.get_by_role("link", name="Ret din iagttagelse")).to_be_visible()
    _axe(page, "ICS board with observations")
    shot(page, "core-team-ics-board")
    site.logout(page)

    site.login(page, "koordinator")
    page.goto("/kerneteam/")  # the menu's "Kerneteam" (folded away on a phone)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kerneteamets ugemøde")
    meeting = page.locator("#weekly-meeting")
    expect(meeting).to_contain_text("CBF, mødelokale 2")
    expect(meeting).to_contain_text("Sara Lund, psykolog")
    expect(meeting).to_contain_text("fast medlem")
    expect(page.locator("main")).to_contain_text("Aftaler over fristen")
    expect(page.locator("#agenda-manual")).to_contain_text("Erfaringer med forældregruppen")
    _axe(page, "weekly meeting")
    shot(page, "core-team-weekly-meeting")
    first = page.locator("#agenda-list-agreement > li").first
    family = first.locator("a").first.inner_text()
    first.get_by_role("button", name=f"Skriv referat for {family}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(family)
    page.get_by_label("Referat").fill("Mette ringer til jobcentret i morgen.")
    _axe(page, "minutes")
    page.get_by_role("button", name="Gem referatet").click()
    expect(page.locator("main")).to_contain_text("Referatet er gemt.")
    item = page.locator("#agenda-list-agreement > li", has_text=family)
    expect(item).to_contain_text("Mette ringer til jobcentret i morgen.")
    expect(item.get_by_role("link", name=f"Ret referatet for {family}")).to_be_visible()
    shot(page, "core-team-weekly-meeting-minutes")
    assert not site.page_errors
