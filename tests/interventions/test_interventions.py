"""Interventions: catalogue, applications and decisions, letters, reviews, joint financing,
complaints, reports and exports, with audit, bad input and query counts."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from indgang.audit.models import AuditEvent
from indgang.families.models import ExternalCase
from indgang.interventions import selectors, services
from indgang.interventions.models import (
    Application,
    Complaint,
    CostSplit,
    Decision,
    DecisionLetterTemplate,
    InterventionType,
    LegalBasis,
    MunicipalityPolicy,
    ReviewProposal,
)
from indgang.organisation.models import Department, Municipality
from tests import factories as f
from tests.interventions.helpers import basis, configure, grant, kind

pytestmark = pytest.mark.django_db

PANEL = "indgang.interventions.selectors.family_panel"


@pytest.fixture
def depts(world):
    return configure(world)["Ishøj"]


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _xlsx_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


# --- The catalogue ------------------------------------------------------------------------


def test_catalogue_is_seeded_with_old_bases_and_their_current_counterparts(db):
    sel41, sel42 = basis("serviceloven", "§ 41"), basis("serviceloven", "§ 42")
    assert sel41.replaced_by == basis("barnets_lov", "§ 86")
    assert sel42.replaced_by == basis("barnets_lov", "§ 87")
    assert sel41.valid_to == date(2023, 12, 31)
    assert basis("barnets_lov", "§ 86").valid_from == date(2024, 1, 1)
    assert sel41.is_valid_on(date(2023, 12, 31)) and not sel41.is_valid_on(date(2024, 1, 1))
    assert all(b.source for b in LegalBasis.objects.all())
    codes = set(InterventionType.objects.values_list("code", flat=True))
    for code in (
        "therapy",
        "speech_hearing",
        "vision",
        "special_education",
        "special_daycare",
        "practical_help_daycare",
        "respite",
        "aids",
        "extra_costs",
        "lost_earnings",
        "housing",
        "family_treatment",
        "psychologist",
        "preventive_course",
        "stepping_stones",
        "duaa",
    ):
        assert code in codes
    assert set(kind("extra_costs").legal_bases.all()) == {sel41, basis("barnets_lov", "§ 86")}
    # Letters belong to a municipality (none exist yet): no national templates are left.
    assert not DecisionLetterTemplate.objects.exists()


def test_legal_basis_dates_are_kept_in_order_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalBasis.objects.create(
            act="other",
            paragraph="§ 1",
            title="x",
            valid_from=date(2024, 1, 1),
            valid_to=date(2023, 1, 1),
        )


# --- Applications and decisions -------------------------------------------------------------


def test_application_deadline_comes_from_the_municipality_and_overdue_is_shown(world, depts, login):
    application = services.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("speech_hearing"),
        received_on=date(2026, 9, 1),
        started_by="coordinator",
    )
    assert application.deadline == date(2026, 10, 13)  # 6 weeks in Ishøj
    assert application.is_overdue(date(2026, 11, 23))
    html = login(world.alice).get(reverse("family_interventions", args=[world.family.pk])).content
    html = html.decode()
    assert "Overskredet" in html and "13. okt. 2026" in html and "Tale-/hørekonsulent" in html
    # ...and for the leader too
    html = login(world.erin).get(reverse("family_interventions", args=[world.family.pk])).content
    assert "Overskredet" in html.decode()


def test_without_a_municipal_setting_the_catalogue_default_applies(world):
    application = services.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("duaa"),
        received_on=date(2026, 11, 2),
        started_by="family",
    )
    assert application.deadline == date(2026, 11, 30)


def test_a_decision_records_processing_time_and_a_grant_gets_its_paying_department(world, depts):
    decision = grant(world, received_on=date(2026, 1, 5), decided_on=date(2026, 3, 9))
    assert decision.processing_days == 63
    assert decision.within_deadline is False  # 8 weeks = 2 March
    assert decision.application.status == Application.Status.DECIDED
    split = decision.cost_splits.get()
    assert [(s.department, s.percent) for s in split.shares.all()] == [
        (depts["children"], Decimal("100.00"))
    ]
    event = AuditEvent.objects.get(object_type="decision", object_id=decision.pk)
    assert event.action == "create" and event.changes["outcome"] == [None, "granted"]
    assert event.family_id == world.family.pk


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"decided_on": date(2026, 2, 1)}, "decided_on", "før ansøgningen blev modtaget"),
        (
            {"period_from": date(2026, 5, 1), "period_to": date(2026, 4, 1)},
            "period_to",
            "kan ikke slutte, før den begynder",
        ),
        (
            {"legal_basis": ("serviceloven", "§ 41")},
            "legal_basis",
            "gælder ikke på afgørelsesdatoen",
        ),
        ({"legal_basis": ("barnets_lov", "§ 87")}, "legal_basis", "er ikke en hjemmel for"),
        ({"period_from": None}, "period_from", "skal have en startdato"),
    ],
)
def test_bad_decisions_are_refused_in_danish_and_nothing_is_saved(
    world, depts, change, field, message
):
    application = services.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("extra_costs"),
        received_on=date(2026, 3, 2),
        started_by="family",
    )
    kwargs = {
        "outcome": "granted",
        "justification": "Begrundelse",
        "legal_basis": basis("barnets_lov", "§ 86"),
        "decided_on": date(2026, 3, 20),
        "period_from": date(2026, 4, 1),
        "period_to": date(2026, 12, 31),
        "amount_per_month": Decimal("1000"),
    }
    if "legal_basis" in change:
        change = {"legal_basis": basis(*change["legal_basis"])}
    kwargs.update(change)
    with pytest.raises(ValidationError) as error:
        services.decision_make(by=world.alice, application=application, **kwargs)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    application.refresh_from_db()
    assert application.status == Application.Status.PROCESSING
    assert not Decision.objects.exists() and not CostSplit.objects.exists()
    assert not AuditEvent.objects.filter(object_type="decision").exists()


def test_the_decision_form_shows_the_message_next_to_the_field(world, depts, login):
    application = services.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("extra_costs"),
        received_on=date(2026, 3, 2),
        started_by="family",
    )
    response = login(world.alice).post(
        reverse("decision_create", args=[world.family.pk, application.pk]),
        {
            "outcome": "granted",
            "legal_basis": basis("serviceloven", "§ 41").pk,
            "decided_on": "2026-03-20",
            "justification": "Nødvendige merudgifter",
            "period_from": "2026-04-01",
            "period_to": "2026-03-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "gælder ikke på afgørelsesdatoen 20.03.2026" in html
    assert "Bevillingsperioden kan ikke slutte, før den begynder." in html
    assert not Decision.objects.exists()


def test_application_to_decision_through_the_pages(world, depts, login):
    client = login(world.alice)
    response = client.post(
        reverse("application_create", args=[world.family.pk]),
        {
            "intervention_type": kind("extra_costs").pk,
            "person": world.child.pk,
            "received_on": "2026-10-01",
            "started_by": "family",
            "description": "Merudgifter til kørsel",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.deadline == date(2026, 11, 26)
    response = client.post(
        reverse("decision_create", args=[world.family.pk, application.pk]),
        {
            "outcome": "granted",
            "legal_basis": basis("barnets_lov", "§ 86").pk,
            "decided_on": "2026-11-02",
            "justification": "Kørslen er en nødvendig merudgift.",
            "period_from": "2026-11-01",
            "period_to": "2027-10-31",
            "amount_per_month": "1500",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.processing_days == 32 and decision.within_deadline
    html = client.get(reverse("family_interventions", args=[world.family.pk])).content.decode()
    assert "Merudgifter" in html and "Barnets lov § 86" in html and "1.500,00 kr." in html


def test_an_old_grant_stays_shown_under_its_old_basis(world, depts, login):
    grant(
        world,
        received_on=date(2023, 3, 1),
        decided_on=date(2023, 4, 3),
        period_from=date(2023, 5, 1),
        period_to=date(2023, 12, 31),
        legal_basis=basis("serviceloven", "§ 41"),
    )
    html = login(world.bob).get(reverse("family_interventions", args=[world.family.pk])).content
    html = html.decode()
    assert "Serviceloven § 41" in html and "gældende til 31.12.2023" in html


# --- Letters ------------------------------------------------------------------------------------


def test_the_decision_letter_is_a_pdf_in_plain_danish(world, depts, login):
    decision = grant(world)
    response = login(world.alice).get(
        reverse("decision_letter", args=[world.family.pk, decision.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in (
        "Afgørelse om merudgifter: bevilget",
        "Kære Maria Hansen",
        "I får det, I har søgt om",
        "Alma",
        "1. april 2026",
        "31. december 2026",
        "2.000,00 kr. om måneden",
        "Barnets lov § 86",
        "Barnets behov er dokumenteret af lægen.",
        "Ankestyrelsen",
        "I skal ikke søge forfra",
        "Alice",
    ):
        assert expected in " ".join(text.split()), expected
    assert AuditEvent.objects.filter(action="export", object_type="decision").exists()


def test_a_refusal_letter_and_an_edited_template(world, depts, login):
    decision = grant(world, outcome="refused")
    template = DecisionLetterTemplate.objects.get(
        outcome="refused", municipality=world.family.municipality
    )
    client = login(world.erin)
    bad = client.post(
        reverse("letter_template_edit", args=[template.pk]),
        {"body": "{% if %}", "active": "on"},
    )
    assert "skabelonkode" in bad.content.decode()
    template.refresh_from_db()
    assert "{% if %}" not in template.body
    client.post(
        reverse("letter_template_edit", args=[template.pk]),
        {
            "body": "Kære {modtager}\n\nVi siger nej til {indsats}.\n\n{klagevejledning}",
            "active": "on",
        },
    )
    text = _pdf_text(
        client.get(reverse("decision_letter", args=[world.family.pk, decision.pk])).content
    )
    assert "Vi siger nej til merudgifter." in " ".join(text.split())
    assert AuditEvent.objects.filter(object_type="decisionlettertemplate").exists()


# --- Reviews ------------------------------------------------------------------------------------


def test_time_limited_grants_get_a_review_proposal_once(world, depts, login):
    ending = grant(world, period_to=date(2026, 12, 31))  # 38 days after 23 November
    grant(world, received_on=date(2026, 3, 3), period_to=date(2027, 6, 30))  # not yet
    grant(world, code="housing", period_to=date(2026, 12, 1))  # not time-limited
    assert [p.decision for p in services.grant_reviews_propose(on=date(2026, 11, 23))] == [ending]
    assert services.grant_reviews_propose(on=date(2026, 11, 23)) == []
    call_command("propose_grant_reviews", "--on", "2026-11-24")
    assert ReviewProposal.objects.count() == 1
    proposal = ReviewProposal.objects.get()
    html = login(world.alice).get(reverse("family_interventions", args=[world.family.pk])).content
    assert "Start revurdering" in html.decode()
    response = login(world.alice).post(
        reverse("review_start", args=[world.family.pk, proposal.pk]), {"received_on": "2026-11-23"}
    )
    assert response.status_code == 302
    renewal = Application.objects.get(started_by=Application.StartedBy.REVIEW)
    assert renewal.renews == ending and renewal.person == world.child
    with pytest.raises(ValidationError):
        services.review_start(by=world.alice, proposal=proposal, received_on=date(2026, 11, 23))


# --- Joint financing ----------------------------------------------------------------------------


def test_shares_must_sum_to_100_and_history_is_kept(world, depts, login):
    decision = grant(world)
    with pytest.raises(ValidationError) as error:
        services.cost_split_set(
            by=world.alice,
            decision=decision,
            shares=[(depts["children"], 60), (depts["adults"], 30)],
            valid_from=date(2026, 6, 1),
        )
    assert "100 %" in error.value.message_dict["shares"][0]
    assert decision.cost_splits.count() == 1
    response = login(world.alice).post(
        reverse("cost_split", args=[world.family.pk, decision.pk]),
        {
            "department_0": depts["children"].pk,
            "percent_0": "70",
            "department_1": depts["adults"].pk,
            "percent_1": "20",
            "valid_from": "2026-06-01",
        },
    )
    assert "de giver 90,00 %" in response.content.decode()
    assert decision.cost_splits.count() == 1
    response = login(world.alice).post(
        reverse("cost_split", args=[world.family.pk, decision.pk]),
        {
            "department_0": depts["children"].pk,
            "percent_0": "60",
            "department_1": depts["adults"].pk,
            "percent_1": "40",
            "valid_from": "2026-07-01",
            "note": "Aftalt på udredningsmødet",
        },
    )
    assert response.status_code == 302
    assert list(decision.cost_splits.values_list("version", flat=True)) == [2, 1]
    event = AuditEvent.objects.filter(object_type="costsplit").latest("at")
    assert event.changes[str(depts["adults"].pk)] == [None, "40.00"]
    data = selectors.family_interventions(user=world.alice, family=world.family)
    payers = {p.department: (p.monthly, p.percent) for p in data.payers}
    assert payers[depts["children"].name] == (Decimal("1200.00"), Decimal("60.0"))
    assert payers[depts["adults"].name] == (Decimal("800.00"), Decimal("40.0"))
    html = login(world.bob).get(reverse("family_interventions", args=[world.family.pk])).content
    assert "Tidligere fordelinger" in html.decode() and "<svg" in html.decode()


def test_joint_financing_criteria_are_checked_on_the_family(world, depts):
    grant(world)  # paid by the children's department
    data = selectors.family_interventions(user=world.alice, family=world.family)
    assert not data.jointly_financeable
    ExternalCase.objects.create(
        person=world.parent, municipality=world.family.municipality, area="employment"
    )
    data = selectors.family_interventions(user=world.alice, family=world.family)
    assert data.jointly_financeable and data.sectors == ["Beskæftigelse", "Børn og familie"]
    assert "2 sektorområder" in data.criteria[0].detail


# --- Complaints ---------------------------------------------------------------------------------


def test_a_complaint_on_a_decision_that_does_not_exist_is_refused(world, depts, login):
    with pytest.raises(ValidationError) as error:
        services.complaint_create(
            by=world.alice,
            case=world.case,
            kind="decision",
            decision_id=999_999,
            received_on=date(2026, 11, 1),
        )
    assert "findes ikke" in error.value.message_dict["decision"][0]
    other = f.CaseFactory(family=f.FamilyFactory(centre=world.centre), enrolled=True)
    elsewhere = grant(world, case=other)
    response = login(world.alice).post(
        reverse("complaint_create", args=[world.family.pk]),
        {"kind": "decision", "decision": elsewhere.pk, "received_on": "2026-11-01"},
    )
    assert (
        "Den afgørelse, der klages over, findes ikke i familiens sag." in response.content.decode()
    )
    assert not Complaint.objects.exists()


def test_complaint_to_reconsideration_to_ankestyrelsen_with_the_kos_costs(world, depts, login):
    decision = grant(world)
    client = login(world.alice)
    response = client.post(
        reverse("complaint_create", args=[world.family.pk]),
        {"kind": "decision", "decision": decision.pk, "received_on": "2026-10-20"},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.reconsideration_deadline == date(2026, 11, 17)
    html = client.get(reverse("family_interventions", args=[world.family.pk])).content.decode()
    assert "Overskredet" in html and "senest 17.11.2026" in html
    bad = client.post(
        reverse("complaint_reconsider", args=[world.family.pk, complaint.pk]),
        {
            "reconsidered_on": "2026-10-01",
            "outcome": "sent_on",
            "hours_counsellor": "10",
            "hours_lawyer": "15",
            "hours_leader": "5",
        },
    )
    assert "før klagen blev modtaget" in bad.content.decode()
    client.post(
        reverse("complaint_reconsider", args=[world.family.pk, complaint.pk]),
        {
            "reconsidered_on": "2026-11-10",
            "outcome": "sent_on",
            "hours_counsellor": "10",
            "hours_lawyer": "15",
            "hours_leader": "5",
        },
    )
    complaint.refresh_from_db()
    assert complaint.outcome == "sent_on"
    # 10 h x 275 + 15 h x 310 + 5 h x 370. The KOS report prints 9,550 as the total of the
    # same three lines (2,750 + 4,650 + 1,850), which add up to 9,250: see docs/interventions.md.
    assert complaint.cost(MunicipalityPolicy.objects.get(municipality__name="Ishøj")) == Decimal(
        "9250.00"
    )
    client.post(
        reverse("complaint_appeal", args=[world.family.pk, complaint.pk]),
        {
            "decided_on": "2026-11-20",
            "appeal_outcome": "sent_back",
            "hours_counsellor": "0",
            "hours_lawyer": "0",
            "hours_leader": "0",
        },
    )
    complaint.refresh_from_db()
    assert complaint.appeal_outcome == "sent_back"
    handling = services.complaint_create(
        by=world.alice, case=world.case, kind="case_handling", received_on=date(2026, 11, 2)
    )
    with pytest.raises(ValidationError):
        services.complaint_reconsider(
            by=world.alice, complaint=handling, reconsidered_on=date(2026, 11, 3), outcome="sent_on"
        )
    services.complaint_reconsider(
        by=world.alice,
        complaint=handling,
        reconsidered_on=date(2026, 11, 3),
        outcome="answered",
        hours=services.Hours(Decimal("1"), Decimal("0"), Decimal("5")),
    )
    assert handling.cost(None) == Decimal("2125.00")
    html = client.get(reverse("family_interventions", args=[world.family.pk])).content.decode()
    assert "Ankestyrelsen: hjemvist" in html and "9.250,00 kr." in html
    changes = AuditEvent.objects.filter(object_type="complaint", action="change")
    assert changes.count() == 3


def _complaint_history(world):
    """The KOS report's table, built as data: decisions and complaints about them."""
    ishoj, vallensbaek = (Municipality.objects.get(name=n) for n in ("Ishøj", "Vallensbæk"))
    figures = {ishoj: (19, 22, 6), vallensbaek: (16, 12, 5)}
    for municipality, counts in figures.items():
        family = f.FamilyFactory(centre=world.centre, municipality=municipality)
        case = f.CaseFactory(family=family, enrolled=True)
        for year, count in zip((2019, 2020, 2021), counts, strict=True):
            application = Application.objects.create(
                case=case,
                family=family,
                municipality=municipality,
                intervention_type=kind("lost_earnings"),
                received_on=date(year, 1, 2),
                deadline=date(year, 2, 27),
                started_by="family",
                status="decided",
                created_by=world.alice,
            )
            decision = Decision.objects.create(
                application=application,
                family=family,
                municipality=municipality,
                intervention_type=application.intervention_type,
                outcome="refused",
                justification="-",
                legal_basis=basis("serviceloven", "§ 42"),
                decided_on=date(year, 1, 20),
                complaint_guidance=services.COMPLAINT_GUIDANCE,
                processing_days=18,
                within_deadline=True,
                decided_by=world.alice,
            )
            for n in range(count):
                services.complaint_create(
                    by=world.alice,
                    case=case,
                    kind="decision",
                    decision_id=decision.pk,
                    received_on=date(year, 2, 1) + timedelta(days=n),
                )
        services.complaint_create(
            by=world.alice, case=case, kind="case_handling", received_on=date(2020, 5, 4)
        )


def test_the_kos_complaints_table_is_reproduced_from_data(world, depts, login):
    _complaint_history(world)
    table = selectors.complaints_per_year(user=world.erin, years=[2019, 2020, 2021])
    assert table.years == [2019, 2020, 2021]
    assert table.decisions_table == [
        ("Ishøj", [19, 22, 6]),
        ("Vallensbæk", [16, 12, 5]),
        ("Samlet", [35, 34, 11]),
    ]
    assert table.case_handling_table[-1] == ("Samlet", [0, 2, 0])
    response = login(world.erin).get(reverse("report_complaints") + "?year=2021")
    html = response.content.decode()
    assert "<td>35</td><td>34</td><td>11</td>" in html.replace("\n", "")
    xlsx = login(world.erin).get(reverse("report_complaints") + "?year=2021&format=xlsx")
    rows = _xlsx_rows(xlsx.content)
    assert rows[0][:3] == ("Kommune", "År", "Klager over afgørelser")
    assert rows[2][:5] == ("Ishøj", 2020, 22, 1, 0)
    assert AuditEvent.objects.filter(action="export", object_type="report_complaints").exists()
    # ivan's centre sees none of it
    assert selectors.complaints_per_year(user=world.ivan, years=[2019]).rows == []


# --- Reports ------------------------------------------------------------------------------------


def test_processing_times_per_type_municipality_and_quarter(world, depts, login):
    for days in (10, 20, 30, 40, 100):
        grant(
            world,
            received_on=date(2026, 1, 5),
            decided_on=date(2026, 1, 5) + timedelta(days=days),
            period_from=date(2026, 6, 1),
        )
    rows = selectors.processing_times(user=world.erin, year=2026)
    q1, q2 = rows  # decided in Q1 (10..40 days... 2 Feb..14 Feb) and Q2 (15 April)
    assert (q1.municipality, q1.quarter, q1.intervention, q1.decisions) == (
        "Ishøj",
        1,
        "Merudgifter",
        4,
    )
    assert q1.median_days == 25 and q1.p90_days == 37.0 and q1.within_deadline == 1.0
    assert (q2.quarter, q2.decisions, q2.within_deadline) == (2, 1, 0.0)
    rows = _xlsx_rows(
        login(world.frank).get(reverse("report_processing") + "?year=2026&format=xlsx").content
    )
    assert rows[1] == ("Ishøj", "K1", "Merudgifter", 4, 25, 37, 1)
    assert login(world.alice).get(reverse("report_processing")).status_code == 403


def test_expenditure_and_who_pays_per_quarter(world, depts, login):
    decision = grant(
        world, period_from=date(2026, 4, 1), period_to=date(2026, 9, 30), amount=Decimal("3000")
    )
    services.cost_split_set(
        by=world.alice,
        decision=decision,
        shares=[(depts["children"], 50), (depts["adults"], 50)],
        valid_from=date(2026, 7, 1),
    )
    grant(world, code="therapy", units=Decimal("4"), period_from=date(2026, 4, 1))  # 4 h x 300
    rows = {(r.category, r.quarter): r for r in selectors.expenditure(user=world.erin, year=2026)}
    assert rows[("Merudgifter", 2)].expenditure == Decimal("9000.00")
    assert rows[("Merudgifter", 3)].expenditure == Decimal("9000.00")
    assert ("Merudgifter", 4) not in rows
    therapy = rows[("Træning og terapi", 4)]
    assert therapy.expenditure == Decimal("3600.00") and therapy.per_child == Decimal("3600.00")
    pays = {
        (r.department, r.quarter): r.expenditure
        for r in selectors.who_pays(user=world.erin, year=2026)
    }
    children, adults = depts["children"].name, depts["adults"].name
    assert pays[(children, 2)] == Decimal("9000.00") + Decimal("3600.00")
    assert pays[(children, 3)] == Decimal("4500.00") + Decimal("3600.00")
    assert pays[(adults, 3)] == Decimal("4500.00")
    rows = _xlsx_rows(
        login(world.erin).get(reverse("report_who_pays") + "?year=2026&format=xlsx").content
    )
    assert rows[0] == ("Kommune", "Afdeling", "Kvartal", "Udgift (kr.)")
    assert len(rows) > 3
    html = login(world.erin).get(reverse("report_expenditure") + "?year=2026").content.decode()
    assert "Merudgifter" in html and "9.000,00" in html


# --- Pages: audit and queries --------------------------------------------------------------------


def test_the_family_page_is_audited_and_hidden_from_outsiders(world, depts, login):
    url = reverse("family_interventions", args=[world.family.pk])
    assert login(world.carol).get(url).status_code == 200
    assert AuditEvent.objects.filter(
        user=world.carol,
        action="view",
        object_type="family_interventions",
        family_id=world.family.pk,
    ).exists()
    assert login(world.ivan).get(url).status_code == 404
    html = login(world.bob).get(url).content.decode()
    assert "Registrér ansøgning" not in html  # bob may look, not act


def _more(world, n: int):
    for i in range(n):
        d = grant(world, received_on=date(2026, 2, 2 + i))
        services.cost_split_set(
            by=world.alice,
            decision=d,
            shares=[(d.cost_splits.get().shares.get().department, 100)],
            valid_from=date(2026, 5, 1),
        )
        services.application_create(
            by=world.alice,
            case=world.case,
            intervention_type=kind("respite"),
            received_on=date(2026, 10, 1 + i),
            started_by="family",
        )
        services.complaint_create(
            by=world.alice,
            case=world.case,
            kind="decision",
            decision_id=d.pk,
            received_on=date(2026, 11, 1 + i),
        )
    services.grant_reviews_propose(on=date(2026, 11, 23))


@pytest.mark.parametrize("url_name", ["family_interventions", "family_detail"])
def test_query_count_does_not_grow_with_the_family_s_interventions(
    world, depts, login, settings, url_name
):
    settings.FAMILY_OVERVIEW_PANELS = [PANEL]
    client = login(world.alice)
    url = reverse(url_name, args=[world.family.pk])
    _more(world, 1)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    count()
    before = count()
    _more(world, 4)
    assert count() == before
    if url_name == "family_detail":
        html = client.get(url).content.decode()
        assert "Indsatser og afgørelser" in html and "Aflastning" in html


def test_the_overview_panel_shows_what_the_page_shows_in_fewer_queries(world, depts):
    from indgang.interventions.selectors import family_interventions, family_interventions_summary

    _more(world, 3)
    Decision.objects.filter(pk=Decision.objects.filter(family=world.family).first().pk).update(
        period_from=date(2025, 6, 1),
        period_to=date(2026, 1, 31),  # one grant in the past
    )
    with CaptureQueriesContext(connection) as page_queries:
        page = family_interventions(user=world.alice, family=world.family)
    with CaptureQueriesContext(connection) as panel_queries:
        panel = family_interventions_summary(user=world.alice, family=world.family)
    assert len(panel_queries) < len(page_queries)

    def shown(data):
        return (
            [
                (g.decision.pk, g.paying, g.person, str(g.decision.legal_basis))
                for g in data.current
            ],
            data.past_count,
            data.refusal_count,
            data.decided,
            [
                (c.pk, str(c.decision.intervention_type) if c.decision else "")
                for c in data.complaints
            ],
            [r.pk for r in data.reviews],
            [(a.pk, bool(a.open_proposal)) for a in data.open_applications],
            data.digital_post_unsent,
            data.digital_post_last_sent,
            data.overdue_count,
        )

    assert shown(panel) == shown(page)
    assert panel.current and panel.past_count and panel.complaints and panel.reviews

    # Who pays follows the family's municipality's settings on both, also after a move.
    from indgang.families.models import Family

    payers = {g.paying for g in panel.current}
    vallensbaek = world.centre.municipalities.get(name="Vallensbæk")
    for department in Department.objects.filter(municipality=vallensbaek):
        department.name = f"{department.name} (Vallensbæk)"  # the same names in both
        department.save()
    Family.objects.filter(pk=world.family.pk).update(municipality=vallensbaek)
    moved = Family.objects.get(pk=world.family.pk)
    page = family_interventions(user=world.alice, family=moved)
    panel = family_interventions_summary(user=world.alice, family=moved)
    assert shown(panel) == shown(page)
    assert {g.paying for g in panel.current} != payers


def test_the_overview_panel_costs_the_same_queries_for_a_family_with_many_decisions(
    world, depts, login
):
    from indgang.families.models import Family
    from indgang.interventions.selectors import family_panel

    def count():
        family = Family.objects.prefetch_related("members").get(pk=world.family.pk)
        with CaptureQueriesContext(connection) as queries:
            family_panel(user=world.alice, family=family)
        return len(queries)

    _more(world, 1)
    before = count()
    _more(world, 9)
    assert count() == before <= 6
    # The overview stays short: the newest current grants, and a link to the rest.
    from indgang.interventions.selectors import OVERVIEW_GRANTS, family_interventions

    family = Family.objects.prefetch_related("members").get(pk=world.family.pk)
    whole = family_interventions(user=world.alice, family=family).current
    panel = family_panel(user=world.alice, family=family)["data"]
    assert len(whole) > OVERVIEW_GRANTS
    assert [g.decision.pk for g in panel.current] == [g.decision.pk for g in whole][
        :OVERVIEW_GRANTS
    ]
    assert panel.more_current == len(whole) - OVERVIEW_GRANTS
    html = login(world.alice).get(reverse("family_detail", args=[world.family.pk])).text
    assert f"Og {panel.more_current} andre aktuelle bevillinger" in html


def test_the_family_page_shows_the_newest_decisions_until_all_are_asked_for(
    world, depts, login, monkeypatch
):
    from indgang.interventions import views

    _more(world, 3)
    monkeypatch.setattr(views, "DECISIONS_SHOWN", 2)
    decisions = list(Decision.objects.filter(family=world.family).order_by("-decided_on", "-pk"))
    assert len(decisions) > 2
    client = login(world.alice)
    url = reverse("family_interventions", args=[world.family.pk])
    page = client.get(url).context
    assert [d.pk for d in page["decisions"]] == [d.pk for d in decisions[:2]]
    assert f"Vis alle {len(decisions)} afgørelser" in client.get(url).text
    everything = client.get(url, {"afgoerelser": "alle"})
    assert [d.pk for d in everything.context["decisions"]] == [d.pk for d in decisions]
    assert "Vis alle" not in everything.text
