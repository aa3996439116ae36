"""Demo and test set-up: a municipality's intervention settings, and a few families' grants."""

import importlib
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from indgang.families.models import Case, ExternalCase
from indgang.interventions import services
from indgang.interventions.models import (
    Application,
    Complaint,
    InterventionSetting,
    InterventionType,
    LegalBasis,
    MunicipalityPolicy,
    Unit,
)
from indgang.organisation.models import Department, Municipality, User

# department key: (name, sector)
DEPARTMENTS = {
    "children": ("Børn og Familie – handicap", "children"),
    "adults": ("Center for Voksne og Hjælpemidler", "adults"),
    "ppr": ("PPR", "daycare_school"),
    "daycare": ("Dagtilbud og Skole", "daycare_school"),
    "employment": ("Jobcenter", "employment"),
}

# type code: (granting, paying, unit, unit cost, weeks) — demo figures; the KOS scenario's
# prices where it gives them (speech/hearing and therapy 300 kr./hour, respite 3,430 kr./day).
SETTINGS = {
    "extra_costs": ("children", "children", Unit.MONTH, "0", 8),
    "lost_earnings": ("children", "children", Unit.MONTH, "0", 8),
    "respite": ("children", "children", Unit.DAY, "3430", 8),
    "aids": ("adults", "adults", Unit.PIECE, "0", 8),
    "housing": ("adults", "adults", Unit.PIECE, "0", 12),
    "therapy": ("children", "children", Unit.HOUR, "300", 8),
    "speech_hearing": ("ppr", "ppr", Unit.HOUR, "300", 6),
    "vision": ("ppr", "ppr", Unit.HOUR, "300", 6),
    "special_education": ("ppr", "daycare", Unit.HOUR, "300", 6),
    "special_daycare": ("children", "daycare", Unit.PLACE, "54167", 8),
    "family_treatment": ("children", "children", Unit.HOUR, "650", 8),
    "preventive_course": ("children", "children", Unit.COURSE, "18000", 4),
    "stepping_stones": ("children", "children", Unit.COURSE, "18000", 4),
}


def configure_municipality(municipality: Municipality) -> dict[str, Department]:
    """Departments, per-type settings, complaint rates (275/310/370) and the standard decision
    letters for one municipality."""
    departments = {}
    for key, (name, sector) in DEPARTMENTS.items():
        existing = Department.objects.filter(municipality=municipality, sector=sector).first()
        if key in ("children", "adults", "employment") and existing:
            departments[key] = existing
            continue
        if key == "employment":
            name = f"Jobcenter {municipality.name}"
        departments[key], _ = Department.objects.get_or_create(
            municipality=municipality, name=name, defaults={"sector": sector}
        )
    types = {t.code: t for t in InterventionType.objects.all()}
    for code, (granting, paying, unit, cost, weeks) in SETTINGS.items():
        InterventionSetting.objects.update_or_create(
            municipality=municipality,
            intervention_type=types[code],
            defaults={
                "granting_department": departments[granting],
                "paying_department": departments[paying],
                "unit": unit,
                "unit_cost": Decimal(cost),
                "processing_weeks": weeks,
            },
        )
    # A made-up sender CVR (99 + the municipality code), so Digital Post works in the demo.
    MunicipalityPolicy.objects.get_or_create(
        municipality=municipality, defaults={"digital_post_cvr": f"99{municipality.code:0>6}"}
    )
    services.letter_templates_create_defaults(municipality=municipality)
    return departments


def ensure_catalogue() -> None:
    """The catalogue comes from a data migration. A test database flushed between transactional
    tests (the browser tests' live server) has lost it, so seed it again when it is empty."""
    if LegalBasis.objects.exists():
        return
    migration = importlib.import_module("indgang.interventions.migrations.0002_seed_catalogue")
    migration.seed(django_apps, None)


def load_interventions_demo() -> dict:
    """Give the first enrolled demo families grants, an open application and a complaint."""
    if Application.objects.exists():
        return {"created": False}
    ensure_catalogue()
    today = timezone.localdate()
    by = User.objects.filter(username="koordinator").first() or User.objects.first()
    types = {t.code: t for t in InterventionType.objects.all()}
    bl86 = LegalBasis.objects.get(act="barnets_lov", paragraph="§ 86")
    bl87 = LegalBasis.objects.get(act="barnets_lov", paragraph="§ 87")
    sel41 = LegalBasis.objects.get(act="serviceloven", paragraph="§ 41")
    with transaction.atomic():
        depts = {m.pk: configure_municipality(m) for m in Municipality.objects.all()}
        cases = list(
            Case.objects.enrolled().select_related("family__municipality").order_by("pk")[:6]
        )
        for i, case in enumerate(cases):
            child = case.family.members.filter(relation="child").first()
            old = services.application_create(
                by=by,
                case=case,
                intervention_type=types["extra_costs"],
                received_on=date(2023, 3, 1) + timedelta(days=i),
                started_by="family",
                person=child,
            )
            services.decision_make(
                by=by,
                application=old,
                outcome="granted",
                justification="Familien har dokumenteret merudgifter til medicin og kørsel.",
                legal_basis=sel41,
                decided_on=old.received_on + timedelta(days=40),
                period_from=old.received_on + timedelta(days=45),
                period_to=date(2024, 3, 31),
                amount_per_month=Decimal("1800"),
            )
            now = services.application_create(
                by=by,
                case=case,
                intervention_type=types["extra_costs"],
                received_on=today - timedelta(days=200 + i),
                started_by="coordinator",
                person=child,
            )
            grant = services.decision_make(
                by=by,
                application=now,
                outcome="granted",
                justification="Merudgifterne til medicin, kørsel og tøj er fortsat nødvendige.",
                legal_basis=bl86,
                decided_on=now.received_on + timedelta(days=30 + 10 * i),
                period_from=now.received_on + timedelta(days=35),
                period_to=today + timedelta(days=20 + 30 * i),
                amount_per_month=Decimal("2100"),
            )
            lost = services.application_create(
                by=by,
                case=case,
                intervention_type=types["lost_earnings"],
                received_on=today - timedelta(days=150),
                started_by="family",
            )
            services.decision_make(
                by=by,
                application=lost,
                outcome="partly" if i % 2 else "granted",
                justification="Barnet skal passes hjemme 20 timer om ugen.",
                legal_basis=bl87,
                decided_on=lost.received_on + timedelta(days=50 + 5 * i),
                period_from=lost.received_on + timedelta(days=60),
                amount_per_month=Decimal("16500"),
            )
            services.application_create(
                by=by,
                case=case,
                intervention_type=types["respite"],
                received_on=today - timedelta(days=5 + 9 * i),  # some past the deadline
                started_by="family",
                person=child,
            )
            if i == 0:
                d = depts[case.family.municipality_id]
                services.cost_split_set(
                    by=by,
                    decision=grant,
                    shares=[(d["children"], Decimal("60")), (d["adults"], Decimal("40"))],
                    valid_from=grant.period_from + timedelta(days=60),
                    note="Aftalt på det tværfaglige udredningsmøde",
                )
                parent = case.family.members.filter(relation="parent").first()
                if parent:
                    ExternalCase.objects.get_or_create(
                        person=parent,
                        municipality=case.family.municipality,
                        area="employment",
                        defaults={"case_worker": "Jobcenter"},
                    )
                complaint = services.complaint_create(
                    by=by,
                    case=case,
                    kind=Complaint.Kind.DECISION,
                    decision_id=grant.pk,
                    received_on=grant.decided_on + timedelta(days=10),
                    description="Forældrene mener, at kørsel bør dækkes fuldt ud.",
                )
                services.complaint_reconsider(
                    by=by,
                    complaint=complaint,
                    reconsidered_on=complaint.received_on + timedelta(days=20),
                    outcome=Complaint.Outcome.SENT_ON,
                    hours=services.Hours(Decimal("10"), Decimal("15"), Decimal("5")),
                )
                services.complaint_create(
                    by=by,
                    case=case,
                    kind=Complaint.Kind.CASE_HANDLING,
                    received_on=today - timedelta(days=35),
                    description="Lang ventetid på svar om aflastning.",
                )
        services.grant_reviews_propose(on=today)
    return {"created": True, "families": len(cases)}


def load(*, rng=None, users=None) -> dict:
    """The `settings.DEMO_EXTENSIONS` hook: called by `load_demo` after the demo families."""
    return load_interventions_demo()
