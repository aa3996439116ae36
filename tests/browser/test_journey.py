"""The main path through the UI: referral to enrolment, handover, and who has looked."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from indgang.families.models import Case, Family, Handover, Person
from tests.browser.conftest import assert_styled, child_cpr, fill_referral, shot

pytestmark = pytest.mark.browser

PARENT_EMAIL = "gurli.testrup@familie.invalid"


def _nav(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name=label, exact=True
    ).click()


def _status(page: Page):
    """The success message at the top of <main>."""
    return page.locator("main > .alert-success[role=status]")


def test_referral_to_handover_and_access_log(site):
    page = site.new_page()

    # --- The project leader refers a new family ------------------------------------
    site.login(page, "projektleder")
    assert_styled(page)
    shot(page, "journey-01-home-projektleder")
    _nav(page, "Familier")
    page.get_by_role("link", name="Ny familie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny familie (henvisning)")
    cpr = child_cpr(age_days=900)  # about two and a half: the criteria must be judged
    fill_referral(
        page,
        family="Familien Testrup",
        child_first="Bodil",
        parent_first="Gurli",
        last="Testrup",
        cpr=cpr,
        parent_email=PARENT_EMAIL,
    )
    shot(page, "journey-02-new-family-filled")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Familien Testrup er oprettet som henvist.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Familien Testrup")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Henvist")
    family = Family.objects.get(name="Familien Testrup")
    child = family.members.get(relation=Person.Relation.CHILD)
    assert child.cpr == cpr.replace("-", "")
    assert family.cases.get().status == Case.Status.REFERRED
    # The overview shows the CPR number masked.
    members = page.get_by_role("table", name="Familiens medlemmer")
    expect(members).to_contain_text(f"{cpr[:6]}-xxxx")
    expect(members).not_to_contain_text(cpr)
    shot(page, "journey-03-family-referred")

    # --- Find it again with the search box (htmx updates the table as one types) ----
    _nav(page, "Familier")
    results = page.locator("#family-results tbody tr")
    assert results.count() > 20  # the whole demo centre before searching
    page.get_by_label("Søg på navn").press_sequentially("Testrup", delay=20)
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Familien Testrup")
    expect(results.first).to_contain_text("Henvist")
    shot(page, "journey-04-search")
    results.first.get_by_role("link", name="Familien Testrup").click()
    expect(page).to_have_url(re.compile(rf"/familier/{family.pk}/$"))

    # --- Eligibility: a child of two needs both criteria ------------------------------
    page.get_by_role("link", name="Vurdér målgruppe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Målgruppevurdering")
    expect(page.get_by_label("Barn")).to_have_text("Bodil Testrup")
    page.get_by_label("Vurderet af").fill("Specialrådgiverne og lederen af Børn og Familie")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "For børn på 2 år skal begge kriterier vurderes."
    )
    assert not family.cases.get().eligibility.exists()
    shot(page, "journey-05-eligibility-error")
    page.get_by_label(re.compile("Forventes flere indsatser")).select_option(label="Ja")
    page.get_by_label(re.compile("Påvirker funktionsnedsættelsen")).select_option(label="Ja")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Målgruppevurderingen er registreret.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Målgruppe vurderet")
    expect(page.locator("main")).to_contain_text("Bodil (2 år) er i målgruppen")

    # --- Consent ----------------------------------------------------------------------
    expect(page.get_by_role("link", name="Indskriv", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Registrér samtykke").click()
    page.get_by_label("Givet af").select_option(label="Gurli Testrup")
    shot(page, "journey-06-consent-form")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Samtykket er registreret.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samtykke givet")
    expect(page.locator("main")).to_contain_text("Samtykke fra Gurli Testrup givet")

    # --- Enrolment with a coordinator ---------------------------------------------------
    page.get_by_role("link", name="Indskriv", exact=True).click()
    page.get_by_label("Familiekoordinator").select_option(label="Mette Holm")
    page.get_by_label("Forudgående sagslængde i måneder").fill("6")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Familien er indskrevet.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indskrevet")
    coordinator_card = page.locator("section.card").filter(
        has=page.get_by_role("heading", name="Familiekoordinator")
    )
    expect(coordinator_card).to_contain_text("Mette Holm")
    case = family.cases.get()
    assert case.status == Case.Status.ENROLLED
    assert case.prior_case_months == 6
    shot(page, "journey-07-enrolled")

    # --- Handover to the other coordinator ---------------------------------------------
    coordinator_card.get_by_role("link", name="Overlevér til en anden koordinator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overlevering til ny koordinator")
    page.get_by_label("Ny familiekoordinator").select_option(label="Jonas Friis")
    page.get_by_label("Familiens situation og ønsker").fill(
        "Familien ønsker kontakt på SMS om formiddagen. Bodil sover middagslur kl. 12-14."
    )
    page.get_by_label("Den fælles plan: mål og opfølgning").fill("Planen er ikke lavet endnu.")
    page.get_by_label(re.compile("Åbne aftaler")).fill("PPR ringer til mor i uge 3.")
    shot(page, "journey-08-handover-form")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Overleveringen er sendt til den nye koordinator.")
    pending = page.locator("main .alert-info")
    expect(pending).to_contain_text(
        "Familien er ved at blive overleveret fra Mette Holm til Jonas Friis."
    )
    expect(pending.get_by_role("link", name="Læs overleveringen")).to_be_visible()
    shot(page, "journey-09-handover-pending")

    # The parent with custody was told who the new coordinator is, and nothing else.
    sent = [m for m in mail.outbox if PARENT_EMAIL in m.to]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    assert sent[0].subject == "Din nye familiekoordinator"
    assert "Jonas Friis" in sent[0].body
    assert "middagslur" not in sent[0].body  # no case content in an e-mail
    handover = Handover.objects.get(case__family=family)
    assert handover.family_notified_at is not None
    assert handover.confirmed_at is None
    site.logout(page)

    # --- The new coordinator sees it on the front page and confirms --------------------
    site.login(page, "koordinator2")
    to_read = page.locator("main .alert-warning").filter(has_text="Overleveringer, du skal læse")
    expect(to_read).to_contain_text("Familien Testrup fra Mette Holm")
    shot(page, "journey-10-home-koordinator2")
    to_read.get_by_role("link", name="Familien Testrup").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overlevering af Familien Testrup")
    expect(page.locator("main")).to_contain_text("Bodil sover middagslur kl. 12-14.")
    expect(page.locator("main")).to_contain_text("PPR ringer til mor i uge 3.")
    expect(page.locator("main")).to_contain_text("Familien fik besked")
    shot(page, "journey-11-handover-detail")
    page.get_by_role("button", name="Jeg har læst overleveringen").click()
    expect(_status(page)).to_contain_text("Du har bekræftet, at du har læst overleveringen.")
    expect(page.locator("main .alert-info")).to_have_count(0)
    expect(
        page.locator("section.card").filter(
            has=page.get_by_role("heading", name="Familiekoordinator")
        )
    ).to_contain_text("Jonas Friis")
    handover.refresh_from_db()
    assert handover.confirmed_at is not None
    # Confirmed, so the front page no longer asks for it; the family is now among "mine".
    page.goto("/")
    expect(page.locator("main .alert-warning")).not_to_contain_text("Familien Testrup")
    expect(page.locator("main").get_by_role("link", name="Familien Testrup")).to_be_visible()
    site.logout(page)

    # --- The leader asks who has seen the family ------------------------------------
    site.login(page, "leder")
    page.goto(f"/familier/{family.pk}/")
    page.get_by_role("link", name="Hvem har set familien?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvem har set Familien Testrup?")
    log = page.get_by_role("table", name="Logposter")
    rows = log.locator("tbody tr")
    who_saw_overview = {
        rows.nth(i).locator("td").nth(1).inner_text()
        for i in range(rows.count())
        if "Familieoverblik" in rows.nth(i).inner_text()
    }
    assert {"Anders Vinther", "Jonas Friis", "Hanne Bech"} <= who_saw_overview
    # Mette Holm was the coordinator for a while but never opened the family.
    assert "Mette Holm" not in who_saw_overview
    expect(rows.filter(has_text="Overleveringsnotat")).to_contain_text(["Jonas Friis"])
    expect(rows.filter(has_text="Oprettelse").first).to_contain_text("Anders Vinther")
    shot(page, "journey-12-access-log")
