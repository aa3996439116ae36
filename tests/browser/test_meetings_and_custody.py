"""Inviting to a start-up meeting with the usual participants ticked, and recording the joint
custody of a parent who lives in another household (issue 9), at 1280 and 390 px with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from indgang.families.custody import custodians_of_family
from indgang.families.models import Case, CoordinatorAssignment, Person
from indgang.meetings.models import Meeting
from indgang.organisation.models import CoreTeamMembership
from tests.browser.conftest import DESKTOP, PHONE, assert_styled, run_axe, shot

pytestmark = pytest.mark.browser


def _axe(page: Page, name: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{name}: {violations}"


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"


def _families():
    """One of Mette Holm's enrolled families with a parent with custody, and a parent with a
    CPR number in another family of the same centre (to become joint custodian here)."""
    cases = (
        CoordinatorAssignment.objects.filter(
            coordinator__username="koordinator",
            ended_on__isnull=True,
            case__status=Case.Status.ENROLLED,
        )
        .select_related("case__family")
        .order_by("case__family__name")
    )
    for assignment in cases:
        family = assignment.case.family
        if (
            custodians_of_family(family).exists()
            and family.members.filter(relation=Person.Relation.CHILD).exists()
        ):
            other = (
                Person.objects.filter(
                    family__centre=family.centre,
                    relation=Person.Relation.PARENT,
                    cpr__isnull=False,
                )
                .exclude(family=family)
                .order_by("pk")
                .first()
            )
            return family, other
    raise AssertionError("no suitable demo family")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_invite_to_a_startup_meeting_and_record_joint_custody(site, viewport):
    family, other_parent = _families()
    custodian = custodians_of_family(family).first()
    child = family.members.filter(relation=Person.Relation.CHILD).first()
    fixed = CoreTeamMembership.objects.filter(
        centre=family.centre, kind=CoreTeamMembership.Kind.FIXED
    ).select_related("user")
    width = viewport["width"]

    page = site.new_page(viewport=viewport, bypass_csp=True)
    page.set_default_timeout(60_000)  # a loaded machine; the assertions wait as usual
    site.login(page, "koordinator")

    # A new assessment meeting a week from now.
    page.goto(f"/familier/{family.pk}/moeder/nyt/")
    page.get_by_label("Mødetype").select_option(label="Udredningsmøde")
    starts = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Starter").fill(f"{starts.isoformat()}T09:00")
    page.get_by_label("Sted").fill("Hjemme hos familien")
    page.get_by_role("button", name=re.compile("Gem|Opret")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Udredningsmøde")
    meeting = Meeting.objects.filter(case__family=family).latest("pk")

    # The usual participants are ticked: the parent with custody and the fixed core team.
    page.get_by_role("link", name="Vælg deltagere").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vælg deltagere")
    assert_styled(page)
    expect(
        page.get_by_label(re.compile(rf"^{re.escape(custodian.full_name)} .*forældremyndighed"))
    ).to_be_checked()
    if child is not None:
        expect(
            page.get_by_label(re.compile(rf"^{re.escape(child.full_name)} "))
        ).not_to_be_checked()
    for membership in fixed:
        user = membership.user
        box = page.get_by_label(re.compile(rf"^{re.escape(user.get_full_name())}\b"))
        if box.count():
            expect(box.first).to_be_checked()
    _axe(page, f"participants form {width}")
    _no_sideways_scroll(page)
    shot(page, "meetings-invite-defaults")
    page.get_by_role("button", name="Tilføj de valgte").click()
    expect(page.locator("main")).to_contain_text("er tilføjet")
    assert meeting.participants.filter(person=custodian).exists()
    assert meeting.participants.filter(kind="staff").count() >= 1
    expect(page.locator("main")).to_contain_text(custodian.full_name)
    _axe(page, f"meeting page {width}")

    # A parent from another household of the centre gets joint custody of the child here.
    page.goto(f"/familier/{family.pk}/")
    page.get_by_role("link", name="Tilføj forælder fra en anden husstand").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("anden husstand")
    page.get_by_label("CPR-nummer").fill("010101-0000")
    page.get_by_label("Relation i denne husstand").select_option("parent")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-error")).to_contain_text("ingen person med dette CPR-nummer")
    _axe(page, f"household join error {width}")
    cpr = f"{other_parent.cpr[:6]}-{other_parent.cpr[6:]}"
    page.get_by_label("CPR-nummer").fill(cpr)
    page.get_by_label(re.compile(rf"^{re.escape(child.full_name)}$")).check()
    _axe(page, f"household join form {width}")
    _no_sideways_scroll(page)
    shot(page, "custody-second-household")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("hører nu også til husstanden")
    expect(page.locator("main")).to_contain_text("bor i en anden husstand")
    _axe(page, f"family page with a second household {width}")

    # The child's page shows custody per child, both parents named.
    page.get_by_role("link", name=child.full_name).first.click()
    main = page.locator("main")
    expect(main).to_contain_text("Forældremyndighed hos")
    expect(main).to_contain_text(f"{other_parent.full_name} (bor i en anden husstand)")
    expect(main).to_contain_text(custodian.full_name)
    _axe(page, f"child page {width}")
    _no_sideways_scroll(page)
    shot(page, "custody-per-child")
    assert not site.page_errors
