"""A partner sees only the families they are linked to; any other family is a 404."""

import pytest
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect

from indgang.families.models import Family
from indgang.organisation.models import User
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def _linked_and_unlinked(username: str) -> tuple[Family, Family]:
    partner = User.objects.get(username=username)
    today = timezone.localdate()
    current = Q(
        cases__partner_links__user=partner,
        cases__partner_links__linked_on__lte=today,
    ) & (
        Q(cases__partner_links__unlinked_on__isnull=True)
        | Q(cases__partner_links__unlinked_on__gt=today)
    )
    linked_ids = set(Family.objects.filter(current).values_list("pk", flat=True))
    linked = Family.objects.filter(pk__in=linked_ids).order_by("pk").first()
    unlinked = Family.objects.exclude(pk__in=linked_ids).order_by("pk").first()
    assert linked and unlinked, "the demo links the partner to some families, not all"
    return linked, unlinked


def test_partner_gets_404_for_a_family_they_are_not_linked_to(site):
    linked, unlinked = _linked_and_unlinked("partner")
    page = site.new_page()
    site.login(page, "partner")

    response = page.goto(f"/familier/{unlinked.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    expect(page.locator("main")).not_to_contain_text(unlinked.name)
    shot(page, "access-01-partner-404")
    # The pages under the family are closed too, and look the same as a missing family.
    for path in (
        f"/familier/{unlinked.pk}/personer/{unlinked.members.first().pk}/",
        f"/familier/{unlinked.pk}/adgang/",
        "/familier/999999/",
    ):
        response = page.goto(path)
        assert response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")

    response = page.goto(f"/familier/{linked.pk}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text(linked.name)
    # A partner may look, not manage: no case actions and no full CPR numbers.
    expect(
        page.get_by_role("link", name="Afslut forløbet (udskrivning)", exact=True)
    ).to_have_count(0)
    expect(page.get_by_role("link", name="Hvem har set familien?")).to_have_count(0)
    shot(page, "access-02-partner-linked-family")

    # The family list holds only the linked families.
    page.goto("/familier/")
    names = page.locator("#family-results tbody td:first-child").all_inner_texts()
    assert linked.name in names
    assert unlinked.name not in names
