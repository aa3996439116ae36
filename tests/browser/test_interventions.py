"""Interventions in the browser: the coordinator registers an application, decides it, downloads
the decision letter, registers a complaint and records the reconsideration; the family's
interventions page and the overview panel follow each step."""

import io
import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from indgang.families.models import Case, Person
from indgang.interventions.models import (
    Application,
    Complaint,
    CoreTeamProposal,
    Decision,
    InterventionType,
    MunicipalityPolicy,
)
from indgang.interventions.services import application_create
from indgang.meetings.models import Meeting
from indgang.organisation.models import User
from tests.browser.conftest import PHONE, assert_styled, shot

pytestmark = pytest.mark.browser


def _status(page: Page):
    return page.locator("main > .alert-success[role=status]")


def _panel(page: Page):
    return page.locator("section").filter(
        has=page.get_by_role("heading", name="Indsatser og afgørelser", level=2)
    )


def _dk(day) -> str:
    return f"{day:%d.%m.%Y}"


def _family_for_koordinator():
    """An enrolled family Mette Holm (koordinator) coordinates, with no interventions yet."""
    case = (
        Case.objects.enrolled()
        .filter(
            coordinator_assignments__coordinator__username="koordinator",
            coordinator_assignments__ended_on__isnull=True,
            family__applications__isnull=True,
        )
        .filter(family__members__relation=Person.Relation.CHILD)
        .filter(family__members__relation=Person.Relation.PARENT)
        .select_related("family")
        .order_by("pk")
        .first()
    )
    assert case is not None, "the demo should have an enrolled family for koordinator"
    return case.family


def test_application_decision_letter_complaint_and_reconsideration(site):
    today = timezone.localdate()
    family = _family_for_koordinator()
    child = family.members.filter(relation=Person.Relation.CHILD).order_by("pk").first()
    parent = family.members.filter(relation=Person.Relation.PARENT).order_by("pk").first()
    page = site.new_page()
    site.login(page, "koordinator")

    # --- The overview and the interventions page before anything is registered --------------
    page.goto(f"/familier/{family.pk}/")
    assert_styled(page)
    panel = _panel(page)
    expect(panel).to_contain_text("Ingen aktuelle bevillinger.")
    panel.get_by_role("link", name="Alle indsatser, afgørelser og hvem der betaler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indsatser og afgørelser")
    expect(page.locator("main")).to_contain_text("Ingen ansøgninger under behandling.")
    expect(page.locator("main")).to_contain_text("Ingen afgørelser endnu.")
    shot(page, "interventions-01-empty")

    # --- Register an application ------------------------------------------------------------
    page.get_by_role("link", name="Registrér ansøgning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrér ansøgning")
    page.get_by_label("Indsats").select_option(label="Merudgifter")
    page.get_by_label("Hvem gælder det?").select_option(label=child.full_name)
    page.get_by_label("Modtaget den").fill(f"{today - timedelta(days=10):%Y-%m-%d}")
    page.get_by_label("Familien", exact=True).check()
    page.get_by_label("Hvad søges der om?").fill("Kørsel til genoptræning og ekstra tøjvask.")
    shot(page, "interventions-02-application-form")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Ansøgningen er registreret.")
    application = Application.objects.get(family=family)
    assert application.status == Application.Status.PROCESSING
    deadline = application.deadline
    assert deadline == application.received_on + timedelta(weeks=8)
    open_table = page.get_by_role("table", name="Ansøgninger under behandling", exact=True)
    expect(open_table).to_contain_text("Merudgifter")
    expect(open_table).to_contain_text(child.full_name)
    expect(open_table).to_contain_text(f"Frist {deadline.day}.")
    shot(page, "interventions-03-application-registered")
    page.goto(f"/familier/{family.pk}/")
    expect(_panel(page)).to_contain_text("Ansøgninger under behandling")
    expect(_panel(page)).to_contain_text("Merudgifter")
    page.goto(f"/familier/{family.pk}/indsatser/")

    # --- Decide it: first with a legal basis no longer in force, then the right one ---------
    page.get_by_role("link", name="Træf afgørelse om Merudgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afgørelse: Merudgifter")
    page.get_by_role("radio", name="Bevilget", exact=True).check()
    page.get_by_label("Hjemmel").select_option(label="Serviceloven § 41")
    page.get_by_label("Begrundelse").fill(
        "Lægen har dokumenteret, at kørslen og tøjvasken skyldes barnets handicap."
    )
    page.get_by_label("Bevilget fra").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Bevilget til og med").fill(f"{today + timedelta(days=364):%Y-%m-%d}")
    page.get_by_label("Beløb pr. måned (kr.)").fill("1750")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("Serviceloven § 41 gælder ikke på")
    expect(page.locator("main")).to_contain_text("afløst af Barnets lov § 86")
    assert not Decision.objects.filter(family=family).exists()
    shot(page, "interventions-04-decision-error")
    page.get_by_label("Hjemmel").select_option(label="Barnets lov § 86")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Afgørelsen er registreret.")
    decision = Decision.objects.get(family=family)
    assert decision.outcome == "granted" and decision.amount_per_month == Decimal("1750")
    assert decision.processing_days == 10 and decision.within_deadline
    current = page.get_by_role("table", name="Aktuelle indsatser", exact=True)
    expect(current).to_contain_text("Merudgifter")
    expect(current).to_contain_text("Barnets lov § 86")
    expect(current).to_contain_text("1.750,00 kr.")
    decisions = page.get_by_role("table", name="Afgørelser, nyeste først", exact=True)
    expect(decisions).to_contain_text("Bevilget")
    expect(decisions).to_contain_text("10 dage")
    expect(page.locator("main")).to_contain_text("Ingen ansøgninger under behandling.")
    shot(page, "interventions-05-decided")
    page.goto(f"/familier/{family.pk}/")
    expect(_panel(page)).to_contain_text("Aktuelle indsatser")
    expect(_panel(page)).to_contain_text("Merudgifter")
    expect(_panel(page)).to_contain_text("Barnets lov § 86")
    expect(_panel(page)).not_to_contain_text("Ansøgninger under behandling")
    shot(page, "interventions-06-overview-granted")
    page.goto(f"/familier/{family.pk}/indsatser/")

    # --- The decision letter as a PDF, in the family's language and without CPR numbers -----
    with page.expect_download() as info:
        decisions.get_by_role("link", name=re.compile(r"^Brev \(PDF\) om Merudgifter")).click()
    download = info.value
    assert download.suggested_filename == f"afgoerelse-{decision.pk}.pdf"
    data = download.path().read_bytes()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in (
        "Afgørelse om merudgifter: bevilget",
        f"Kære {parent.full_name}",
        "I får det, I har søgt om.",
        "1.750,00 kr. om måneden",
        "Barnets lov § 86",
        "Lægen har dokumenteret, at kørslen og tøjvasken skyldes barnets handicap.",
        "Ankestyrelsen",
        "I skal ikke søge forfra",
        "Mette Holm",
    ):
        assert expected in text, (expected, text)
    for person in family.members.all():
        if person.cpr:
            assert person.cpr not in text and f"{person.cpr[:6]}-{person.cpr[6:]}" not in text
    assert not re.search(r"\b\d{6}-?\d{4}\b", text), text
    assert "CPR" not in text.upper()  # no CPR label either

    # --- A complaint about the decision ----------------------------------------------------
    page.get_by_role("link", name="Registrér klage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrér klage")
    page.get_by_role("radio", name="Klage over en afgørelse").check()
    page.get_by_label("Afgørelse (ved klage over en afgørelse)").select_option(
        label=f"Merudgifter: Bevilget {_dk(today)}"
    )
    page.get_by_label("Modtaget den").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Hvad går klagen ud på?").fill("Forældrene mener, at beløbet er for lavt.")
    shot(page, "interventions-07-complaint-form")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Klagen er registreret.")
    complaint = Complaint.objects.get(family=family)
    assert complaint.decision == decision
    assert complaint.reconsideration_deadline == today + timedelta(weeks=4)
    complaints = page.get_by_role("table", name="Klager", exact=True)
    expect(complaints).to_contain_text("Klage over en afgørelse: Merudgifter")
    expect(complaints).to_contain_text(f"senest {_dk(complaint.reconsideration_deadline)}")
    expect(complaints).to_contain_text("Afventer genvurdering")
    shot(page, "interventions-08-complaint-registered")
    page.goto(f"/familier/{family.pk}/")
    expect(_panel(page)).to_contain_text("Klage over en afgørelse (Merudgifter)")
    expect(_panel(page)).to_contain_text("genvurderes senest")
    page.goto(f"/familier/{family.pk}/indsatser/")

    # --- The municipality's reconsideration (genvurdering) ---------------------------------
    page.get_by_role("table", name="Klager", exact=True).get_by_role(
        "link", name=re.compile(r"^Genvurdér")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Genvurdering af klage")
    page.get_by_label("Genvurderet den").fill(f"{today:%Y-%m-%d}")
    page.get_by_role("radio", name="Sendt videre til Ankestyrelsen").check()
    page.get_by_label("Timer brugt, rådgiver").fill("2")
    page.get_by_label("Timer brugt, jurist").fill("1")
    page.get_by_label("Timer brugt, leder").fill("0.5")  # a number field takes a point
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Genvurderingen er registreret.")
    complaint.refresh_from_db()
    assert complaint.outcome == Complaint.Outcome.SENT_ON and complaint.reconsidered_on == today
    assert complaint.hours_leader == Decimal("0.5")
    complaints = page.get_by_role("table", name="Klager", exact=True)
    expect(complaints).to_contain_text("Sendt videre til Ankestyrelsen; afventer Ankestyrelsen")
    expect(complaints).to_contain_text("2 / 1 / 0,5")
    expect(complaints).to_contain_text("1.045,00 kr.")  # 2 × 275 + 1 × 310 + 0,5 × 370
    expect(
        complaints.get_by_role("link", name=re.compile("^Ankestyrelsens afgørelse"))
    ).to_be_visible()
    shot(page, "interventions-09-reconsidered")
    page.goto(f"/familier/{family.pk}/")
    expect(_panel(page)).to_contain_text("Sendt videre til Ankestyrelsen")
    shot(page, "interventions-10-overview-final")

    # --- The same page on a phone -------------------------------------------------------------
    phone = site.new_page(viewport=PHONE)
    site.login(phone, "koordinator")
    phone.goto(f"/familier/{family.pk}/indsatser/")
    assert_styled(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Indsatser og afgørelser")
    expect(phone.get_by_role("table", name="Aktuelle indsatser", exact=True)).to_contain_text(
        "Merudgifter"
    )
    overflow = phone.evaluate("document.documentElement.scrollWidth")
    assert overflow <= PHONE["width"], f"the page scrolls sideways on a phone: {overflow}px"
    shot(phone, "interventions-11-phone")
    assert not site.page_errors, site.page_errors


def test_the_core_team_decides_a_proposal_in_agreement(site):
    """A proposal to the core team's weekly meeting; a position from outside the team is refused;
    everyone present agrees and the municipality allows it, so the core team decides."""
    today = timezone.localdate()
    family = _family_for_koordinator()
    case = family.cases.open().get()
    MunicipalityPolicy.objects.filter(municipality=family.municipality).update(
        core_team_may_decide=True
    )
    coordinator = User.objects.get(username="koordinator")
    application = application_create(
        by=coordinator,
        case=case,
        intervention_type=InterventionType.objects.get(code="respite"),
        received_on=today - timedelta(days=14),
        started_by="family",
    )
    Meeting.objects.create(
        centre=case.centre,
        type=Meeting.Type.CORE_TEAM_WEEKLY,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.make_aware(datetime.combine(today, time(9, 0))),
        created_by=coordinator,
    )
    page = site.new_page()
    site.login(page, "koordinator")
    page.goto(f"/familier/{family.pk}/indsatser/")
    page.get_by_role("link", name="Forelæg for kerneteamet (Aflastning)").click()
    page.get_by_label("Kerneteamets møde").select_option(index=1)
    page.get_by_role("radio", name="Bevilget", exact=True).check()
    page.get_by_label("Hjemmel").select_option(
        label="Barnets lov § 90, jf. servicelovens § 84, stk. 1"
    )
    page.get_by_label("Begrundelse").fill("Familien har brug for aflastning en weekend om måneden.")
    page.get_by_label("Bevilget fra").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Antal enheder pr. måned").fill("2")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Forslaget er lagt frem for kerneteamet.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Forslag til kerneteamet: Aflastning")
    proposal = CoreTeamProposal.objects.get(application=application)

    # A leader is not in the core team: the message by the field, nothing saved.
    leader = User.objects.get(username="leder")
    page.get_by_label("Kerneteammedlem").evaluate(
        f"s => {{ s.add(new Option('x', '{leader.pk}')); s.value = '{leader.pk}'; }}"
    )
    page.get_by_role("radio", name="Enig", exact=True).check()
    page.get_by_role("button", name="Gem holdning").click()
    expect(page.locator("main")).to_contain_text("er ikke medlem af familiens kerneteam")
    assert not proposal.positions.exists()
    page.goto(f"/familier/{family.pk}/indsatser/kerneteam/{proposal.pk}/")

    for username, name in (("koordinator", "Mette Holm"), ("psykolog", "Sara Lund")):
        member = User.objects.get(username=username)
        page.get_by_label("Kerneteammedlem").select_option(value=str(member.pk))
        page.get_by_role("radio", name="Enig", exact=True).check()
        page.get_by_role("button", name="Gem holdning").click()
        expect(_status(page)).to_contain_text(f"{name}s holdning er registreret.")
    expect(page.locator("main")).to_contain_text("2 enig, 0 uenig, 0 undlod")
    expect(page.locator("main")).to_contain_text("registreres som kerneteamets afgørelse")
    shot(page, "interventions-12-core-team-positions")
    page.get_by_role("button", name="Afslut behandlingen").click()
    expect(_status(page)).to_contain_text("Kerneteamet var enigt og har truffet afgørelsen.")
    proposal.refresh_from_db()
    assert proposal.status == "decided" and proposal.decision.made_by == "core_team"
    shot(page, "interventions-13-core-team-decided")
    page.get_by_role("link", name="Tilbage til indsatser og afgørelser").click()
    decisions = page.get_by_role("table", name="Afgørelser, nyeste først", exact=True)
    expect(decisions).to_contain_text("Kerneteamet")
    page.goto(f"/familier/{family.pk}/")
    expect(_panel(page)).to_contain_text("Aflastning")
