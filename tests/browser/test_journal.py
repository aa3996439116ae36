"""The journal export and Digital Post in the browser: the coordinator sends a decision letter
as a MeMo message and downloads the family's record for the journal system; both pages pass
axe-core at desktop and phone width."""

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from playwright.sync_api import expect

from indgang.interventions.digital_post import MEMO_NS
from indgang.interventions.models import Decision, MunicipalityPolicy
from tests.browser.conftest import PHONE, assert_styled, run_axe, shot

pytestmark = pytest.mark.browser

N = {"memo": MEMO_NS}


def _decision() -> Decision:
    """A demo decision in a family Mette Holm (koordinator) coordinates, with a parent's CPR."""
    decision = (
        Decision.objects.filter(
            application__case__coordinator_assignments__coordinator__username="koordinator",
            application__case__coordinator_assignments__ended_on__isnull=True,
            family__members__relation="parent",
            family__members__cpr__isnull=False,
        )
        .select_related("family", "municipality")
        .order_by("pk")
        .first()
    )
    assert decision is not None, "the demo should have a decision for koordinator's families"
    return decision


def test_digital_post_and_the_journal_export(site):
    decision = _decision()
    family = decision.family
    MunicipalityPolicy.objects.update_or_create(
        municipality=decision.municipality, defaults={"digital_post_cvr": "29189854"}
    )
    page = site.new_page(bypass_csp=True)
    page.goto(
        "/log-ind/", timeout=60_000
    )  # the live server's first answer is slow on a busy machine
    site.login(page, "koordinator")

    # --- The decision letter as a Digital Post message -----------------------------------
    page.goto(f"/familier/{family.pk}/indsatser/afgoerelse/{decision.pk}/digital-post/")
    assert_styled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Send med Digital Post")
    assert run_axe(page) == []
    shot(page, "journal-01-digital-post")
    recipient = page.get_by_role("radio").first
    expect(recipient).to_be_checked()
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("hent beskeden")).click()
    download = info.value
    assert download.suggested_filename == f"digitalpost-afgoerelse-{decision.pk}.xml"
    root = ET.fromstring(download.path().read_bytes())
    cpr = root.find("memo:MessageHeader/memo:Recipient/memo:recipientID", N).text
    assert cpr in {m.cpr for m in family.members.all() if m.relation == "parent"}
    decision.refresh_from_db()
    assert decision.digital_post_sent_at is not None

    page.goto(f"/familier/{family.pk}/")
    expect(page.get_by_text(re.compile(r"Digital Post: senest sendt"))).to_be_visible()

    # --- The family's record for the journal system --------------------------------------
    page.get_by_role("link", name="Udtræk til journal og arkiv").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Udtræk til journal og arkiv")
    assert run_axe(page) == []
    shot(page, "journal-02-export")
    with page.expect_download(timeout=300_000) as info:
        page.get_by_role("button", name="Hent udtrækket (ZIP)").click()
    download = info.value
    assert re.fullmatch(
        rf"journaludtraek-familie-{family.pk}-\d{{8}}\.zip", download.suggested_filename
    )
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["document_count"] >= 1
    assert "afgoerelse" in {d["document_type"] for d in manifest["documents"]}
    for entry in manifest["documents"]:
        assert hashlib.sha256(archive.read(entry["file"])).hexdigest() == entry["sha256"]

    # --- Both pages on a phone ------------------------------------------------------------
    phone = site.new_page(viewport=PHONE, bypass_csp=True)
    site.login(phone, "koordinator")
    for path in (
        f"/familier/{family.pk}/indsatser/afgoerelse/{decision.pk}/digital-post/",
        f"/familier/{family.pk}/journaludtraek/",
    ):
        phone.goto(path)
        assert run_axe(phone) == []
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
    shot(phone, "journal-03-export-phone")
