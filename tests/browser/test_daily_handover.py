"""Handover and cover on the demo, in the browser (issue 9), with axe-core.

Mette Holm (koordinator) is going on holiday: Jonas Friis (koordinator2) covers one of her
families, and the family page says so. Then she hands the family over: the note is pre-filled
from the case, she adds the family's wishes, and Jonas reads the same sections.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from indgang.families.models import Handover
from tests.browser.conftest import run_axe, shot

pytestmark = pytest.mark.browser


def _axe(page: Page, name: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{name}: {violations}"


def _a_family_to_hand_over(page: Page) -> str:
    """The first of Mette's families whose page offers both cover and handover."""
    links = page.locator("#my-families a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 8))]
    for href in hrefs:
        page.goto(href)
        if (
            page.get_by_role("link", name="Dækning under fravær").count()
            and page.get_by_role("link", name="Overlevér til en anden koordinator").count()
        ):
            return href
    raise AssertionError("no family of Mette's without a cover or a pending handover")


def test_cover_then_handover_read_by_the_new_coordinator(site):
    page = site.new_page(bypass_csp=True)
    site.login(page, "koordinator")
    family_url = _a_family_to_hand_over(page)

    # cover for a holiday
    page.get_by_role("link", name="Dækning under fravær").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dækning under fravær")
    coordinators = page.get_by_label("Hvem dækker").locator("option").all_inner_texts()
    assert not any("Mette Holm" in c for c in coordinators)  # never the coordinator herself
    page.get_by_label("Hvem dækker").select_option(label="Jonas Friis")
    page.get_by_label("Årsag").select_option("holiday")
    ends = timezone.localdate() + timedelta(days=10)
    page.get_by_label("Til og med").fill(ends.isoformat())
    _axe(page, "cover form")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("Dækkes af Jonas Friis")
    expect(page.locator("#family-status")).to_contain_text("dækkes af Jonas Friis")
    _axe(page, "family page with cover")

    # hand over: the note starts from the case
    page.get_by_role("link", name="Overlevér til en anden koordinator").click()
    choices = page.get_by_label("Ny familiekoordinator").locator("option").all_inner_texts()
    assert not any("Mette Holm" in c for c in choices)
    agreements = page.get_by_label("Åbne aftaler (hvad, hvem, hvornår)")
    due = page.get_by_label("Hvad forfalder, og hvad er overskredet")
    expect(due).to_have_value(re.compile("Opfølgning på planen"))
    page.get_by_label("Ny familiekoordinator").select_option(label="Jonas Friis")
    page.get_by_label("Familiens situation og ønsker").fill("Mor vil helst have SMS.")
    agreements.fill(agreements.input_value() + "\n- Mor ringer selv til skolen")
    _axe(page, "handover form")
    shot(page, "daily-handover-form")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("Overleveringen er sendt")

    site.logout(page)
    site.login(page, "koordinator2")
    expect(page.locator("main .alert")).to_contain_text("Overleveringer, du skal læse")
    page.goto(family_url)
    page.get_by_role("link", name="Læs overleveringen").click()
    main = page.locator("main")
    expect(main).to_contain_text("Mor ringer selv til skolen")
    expect(main).to_contain_text("Hvad forfalder, og hvad er overskredet")
    expect(main).to_contain_text("Kerneteamet")
    _axe(page, "handover read")
    shot(page, "daily-handover-read")
    page.get_by_role("button", name="Jeg har læst overleveringen").click()
    handover = Handover.objects.filter(to_coordinator__username="koordinator2").latest("id")
    assert handover.confirmed_at is not None
    assert family_url.rstrip("/").endswith(str(handover.case.family_id))
