"""Bad input in the browser: a clear Danish message next to the field, nothing saved."""

import re

import pytest
from playwright.sync_api import Page, expect

from indgang.families.models import Case, CoordinatorAssignment, Family, Person
from tests.browser.conftest import child_cpr, fill_referral, shot

pytestmark = pytest.mark.browser


def _field_group(page: Page, label: str):
    field = page.get_by_label(label, exact=True)
    return field, page.locator(".form-group").filter(has=field)


def test_invalid_cpr_is_shown_next_to_the_field_and_nothing_is_created(site):
    families, persons = Family.objects.count(), Person.objects.count()
    page = site.new_page()
    site.login(page, "projektleder")
    page.goto("/familier/ny/")
    fill_referral(
        page,
        family="Familien Fejlby",
        child_first="Asta",
        parent_first="Bo",
        last="Fejlby",
        cpr="320199-1234",  # 32 January does not exist
    )
    page.get_by_role("button", name="Gem").click()

    field, group = _field_group(page, "Barnets CPR-nummer")
    expect(group).to_have_class(re.compile(r"\bform-error\b"))
    expect(group.locator(".form-error-message")).to_have_text(
        "Fejl: CPR-nummerets første seks cifre er ikke en gyldig dato (DDMMÅÅ)."
    )
    expect(field).to_have_attribute("aria-invalid", "true")
    error_id = group.locator(".form-error-message").get_attribute("id")
    assert error_id in (field.get_attribute("aria-describedby") or "").split()
    # Only that field is wrong, and what was typed is still there.
    expect(page.locator(".form-error-message")).to_have_count(1)
    expect(page.get_by_label("Familiens navn")).to_have_value("Familien Fejlby")
    expect(field).to_have_value("320199-1234")
    expect(page.get_by_label("Bopælskommune")).to_have_value(
        page.get_by_label("Bopælskommune")
        .locator("option", has_text="Ishøj")
        .get_attribute("value")
    )
    shot(page, "bad-input-01-invalid-cpr")
    assert Family.objects.count() == families
    assert Person.objects.count() == persons

    # A number of the wrong length gets its own message; a good one then goes through.
    field.fill("12345")
    page.get_by_role("button", name="Gem").click()
    _, group = _field_group(page, "Barnets CPR-nummer")
    expect(group.locator(".form-error-message")).to_have_text(
        "Fejl: CPR-nummeret skal have 10 cifre, f.eks. 010203-1234."
    )
    assert Family.objects.count() == families

    page.get_by_label("Barnets CPR-nummer", exact=True).fill(child_cpr(age_days=400))
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main > .alert-success")).to_contain_text("Familien Fejlby")
    assert Family.objects.count() == families + 1


def test_empty_form_lists_every_missing_required_field(site):
    page = site.new_page()
    site.login(page, "projektleder")
    page.goto("/familier/ny/")
    page.get_by_label("Sprog").fill("")
    page.get_by_role("button", name="Gem").click()
    errors = page.locator(".form-group.form-error")
    for label in (
        "Familiens navn",
        "Bopælskommune",
        "Sprog",
        "Barnets fornavn",
        "Barnets efternavn",
        "Barnets CPR-nummer",
        "Forælderens fornavn",
        "Forælderens efternavn",
    ):
        expect(errors.filter(has=page.get_by_label(label, exact=True))).to_have_count(1)
    expect(page.locator(".form-error-message").first).to_contain_text("Fejl:")
    shot(page, "bad-input-02-empty-form")


def test_enrolment_without_consent_is_not_offered_and_is_refused(site):
    case = (
        Case.objects.filter(status=Case.Status.ELIGIBILITY_ASSESSED, consents__isnull=True)
        .select_related("family")
        .first()
    )
    assert case is not None, "the demo has families whose eligibility is assessed"
    family = case.family
    page = site.new_page()
    site.login(page, "projektleder")
    page.goto(f"/familier/{family.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Målgruppe vurderet")
    expect(page.get_by_role("link", name="Registrér samtykke")).to_be_visible()
    expect(page.get_by_role("link", name="Indskriv", exact=True)).to_have_count(0)

    # Going to the enrolment address directly: the service refuses, and says why.
    page.goto(f"/familier/{family.pk}/sag/indskriv/")
    page.get_by_label("Familiekoordinator").select_option(label="Mette Holm")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Familien kan ikke indskrives uden et gyldigt samtykke."
    )
    shot(page, "bad-input-03-enrol-without-consent")
    case.refresh_from_db()
    assert case.status == Case.Status.ELIGIBILITY_ASSESSED
    assert case.enrolled_on is None
    assert not CoordinatorAssignment.objects.filter(case=case).exists()
