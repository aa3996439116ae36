"""The go-live import in the browser: the leader uploads the example file, reads the dry run
line by line, imports it, and the pages pass axe-core at desktop and phone width."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from indgang.families.models import Family
from tests.browser.conftest import PHONE, assert_styled, run_axe, shot

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "import-example.csv"


def test_leader_imports_the_example_file(site):
    page = site.new_page(bypass_csp=True)
    site.login(page, "leder")
    assert page.locator('a[href="/import/"]').count() >= 1  # in the leader's menu
    page.goto("/import/")
    assert_styled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import af familier")
    assert run_axe(page) == []
    shot(page, "golive-01-upload")

    page.get_by_label("Importfil (CSV eller XLSX)").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Prøvekør filen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prøvekørsel af")
    expect(page.get_by_text("Intet er gemt endnu")).to_be_visible()
    expect(page.get_by_role("cell", name="Familien Skovgaard")).to_be_visible()
    assert not Family.objects.filter(name="Familien Skovgaard").exists()
    assert run_axe(page) == []
    shot(page, "golive-02-dry-run")
    phone = site.new_page(viewport=PHONE, bypass_csp=True)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    assert run_axe(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(phone, "golive-02-dry-run")

    page.get_by_role("button", name="Importér 4 linjer").click()
    expect(page.get_by_text("Importen er gennemført: 4 oprettet")).to_be_visible()
    assert Family.objects.filter(name="Familien Skovgaard").exists()
    assert run_axe(page) == []
    shot(page, "golive-03-imported")
