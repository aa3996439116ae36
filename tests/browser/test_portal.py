"""The parents' portal in Chromium at phone size (390 px): invited by the coordinator, a
password of their own, then the main tasks, with axe-core on every portal page (0 violations)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_styled, run_axe, shot

pytestmark = pytest.mark.browser

PASSWORD = "Tre blå heste i haven"
PAGES = [
    ("/familie/", "Hej"),
    ("/familie/koordinator/", "Vores koordinator"),
    ("/familie/plan/", "Vores plan"),
    ("/familie/det-der-sker/", "Det der sker"),
    ("/familie/beskeder/", "Beskeder"),
    ("/familie/ansoegninger/", "Ansøgninger og afgørelser"),
    ("/familie/samtykke/", "Samtykke"),
    ("/familie/hvem-har-set/", "Hvem har set vores oplysninger"),
]


def _family_to_invite():
    from indgang.families.models import CoordinatorAssignment, Person

    assignment = (
        CoordinatorAssignment.objects.filter(
            coordinator__username="koordinator",
            ended_on__isnull=True,
            case__status="enrolled",
            case__plan__isnull=False,
        )
        .select_related("case__family")
        .first()
    )
    family = assignment.case.family
    guardian = (
        family.members.filter(relation=Person.Relation.PARENT, has_custody=True)
        .exclude(email="")
        .first()
    )
    return family, guardian


@pytest.fixture
def patient():
    """The machine is shared: allow slow answers (each step still has to happen)."""
    expect.set_options(timeout=60_000)
    yield
    expect.set_options(timeout=10_000)


def _slow(page):
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    return page


def test_a_parent_is_invited_and_does_the_main_tasks_on_a_phone(site, patient):
    family, guardian = _family_to_invite()
    staff = _slow(site.new_page())
    site.login(staff, "koordinator")
    staff.goto(f"/familier/{family.pk}/")
    mail.outbox.clear()
    staff.get_by_role("button", name="Inviter til forældreportalen").first.click()
    expect(staff.locator(".alert-success")).to_contain_text("inviteret til forældreportalen")
    (message,) = mail.outbox
    assert message.subject == "Du er inviteret til Indgang"
    link = re.search(r"(http://\S+/familie/invitation/\S+)", message.body).group(1)

    page = _slow(site.new_page(viewport=PHONE, bypass_csp=True))
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Velkommen til Indgang")
    assert "kode=" not in page.url
    assert not run_axe(page)
    page.get_by_label("Ny adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    page.get_by_role("button", name="Gem adgangskode").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Hej {guardian.first_name}")
    assert_styled(page)

    for path, heading in PAGES:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        violations = run_axe(page)
        assert not violations, f"{path}: {violations}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways at phone width ({width}px)"
        shot(page, "portal" + path.replace("/", "-").rstrip("-"))

    # A comment on the first goal reaches the coordinator.
    page.goto("/familie/plan/")
    page.get_by_label("Jeres kommentar til målet").first.fill("Det går bedre om aftenen")
    page.get_by_role("button", name="Send kommentar").first.click()
    expect(page.locator(".alert-success")).to_contain_text("sendt til koordinatoren")
    assert not run_axe(page)

    # A message to the coordinator.
    page.goto("/familie/beskeder/")
    page.get_by_label("Besked").fill("Kan vi tale om aflastning?")
    page.get_by_role("button", name="Send besked").click()
    expect(page.locator(".alert-success")).to_contain_text("sendt til jeres koordinator")
    expect(page.get_by_text("Kan vi tale om aflastning?")).to_be_visible()
    assert not run_axe(page)

    # English on request.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Messages")
    assert not run_axe(page)
    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beskeder")

    # Bad input: a move without a reason is answered next to the field.
    page.goto("/familie/det-der-sker/")
    if page.get_by_role("button", name="Send svar").count():
        page.get_by_label("Vi vil gerne flytte mødet").first.check()
        page.get_by_role("button", name="Send svar").first.click()
        expect(page.locator(".alert-error").first).to_contain_text("hvorfor mødet skal flyttes")
        assert not run_axe(page)

    staff.goto(f"/familier/{family.pk}/")
    expect(staff.get_by_text("Det går bedre om aftenen")).to_be_visible()
    # Staff pages are closed to the parent.
    page.goto(f"/familier/{family.pk}/")
    assert page.url.endswith("/familie/")

    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log ind som forælder")
    assert not run_axe(page)
