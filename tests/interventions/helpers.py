"""Shared set-up for the intervention tests: settings for the world's municipalities, grants."""

from datetime import date
from decimal import Decimal

from indgang.interventions import services
from indgang.interventions.demo import configure_municipality
from indgang.interventions.models import InterventionType, LegalBasis


def basis(act: str, paragraph: str) -> LegalBasis:
    return LegalBasis.objects.get(act=act, paragraph=paragraph)


def kind(code: str) -> InterventionType:
    return InterventionType.objects.get(code=code)


def configure(world) -> dict:
    return {m.name: configure_municipality(m) for m in world.centre.municipalities.all()}


def grant(
    world,
    *,
    code="extra_costs",
    received_on=date(2026, 3, 2),
    decided_on=date(2026, 3, 30),
    period_from=date(2026, 4, 1),
    period_to=date(2026, 12, 31),
    amount=Decimal("2000"),
    units=None,
    legal_basis=None,
    outcome="granted",
    case=None,
):
    application = services.application_create(
        by=world.alice,
        case=case or world.case,
        intervention_type=kind(code),
        received_on=received_on,
        started_by="family",
        person=world.child if case is None else None,
    )
    return services.decision_make(
        by=world.alice,
        application=application,
        outcome=outcome,
        justification="Barnets behov er dokumenteret af lægen.",
        legal_basis=legal_basis or kind(code).legal_bases.get(act="barnets_lov"),
        decided_on=decided_on,
        period_from=period_from if outcome != "refused" else None,
        period_to=period_to if outcome != "refused" else None,
        amount_per_month=amount if units is None else None,
        units_per_month=units,
    )
