"""Reads of a municipality's settings and what it still has to set before go-live."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from indgang.audit.services import Action, audit_record
from indgang.families.models import AccessPolicy
from indgang.followup.models import MunicipalityCadence
from indgang.interventions.models import (
    DecisionLetterTemplate,
    InterventionSetting,
    InterventionType,
    LegalBasis,
    MunicipalityPolicy,
    Unit,
)
from indgang.interventions.settings_access import settings_municipalities_for
from indgang.organisation.models import Department, Municipality


def settings_municipalities(*, user) -> QuerySet[Municipality]:
    return settings_municipalities_for(user).order_by("name")


def settings_municipality_get(*, user, pk: int) -> Municipality:
    """One municipality of the user's tenancy; any other is a 404 (logged as denied)."""
    try:
        return settings_municipalities_for(user).get(pk=pk)
    except Municipality.DoesNotExist:
        audit_record(
            user=user,
            action=Action.DENIED,
            object_type="municipality",
            object_id=pk if 0 < pk < 2**63 else None,
            summary="Kommune uden for brugerens center eller findes ikke",
        )
        raise Http404("Kommunen findes ikke.") from None


def intervention_types_for(*, municipality: Municipality) -> QuerySet[InterventionType]:
    """The national catalogue plus the types this municipality added itself."""
    return InterventionType.objects.filter(
        Q(added_by__isnull=True) | Q(added_by=municipality)
    ).order_by("category", "name")


def intervention_type_get(*, municipality: Municipality, pk: int) -> InterventionType:
    try:
        return intervention_types_for(municipality=municipality).get(pk=pk)
    except InterventionType.DoesNotExist:
        raise Http404("Indsatstypen findes ikke.") from None


def departments_of(*, municipality: Municipality) -> QuerySet[Department]:
    return Department.objects.filter(municipality=municipality).order_by("name")


@dataclass
class SettingRow:
    intervention_type: InterventionType
    setting: InterventionSetting | None

    @property
    def price_missing(self) -> bool:
        # A monthly amount is set in each decision; any other unit needs a price.
        s = self.setting
        return s is not None and s.unit != Unit.MONTH and not s.unit_cost


def intervention_settings_rows(*, municipality: Municipality) -> list[SettingRow]:
    """Every intervention type with the municipality's setting for it (None: not set)."""
    settings = {
        s.intervention_type_id: s
        for s in InterventionSetting.objects.filter(municipality=municipality).select_related(
            "granting_department", "paying_department"
        )
    }
    return [
        SettingRow(t, settings.get(t.pk)) for t in intervention_types_for(municipality=municipality)
    ]


@dataclass
class Missing:
    text: str
    where: str  # "interventions", "policy" or "letters": the page where it is set


def municipality_readiness(
    *, municipality: Municipality, rows: list[SettingRow] | None = None
) -> list[Missing]:
    """What the municipality has not set yet ("Før I går i drift"); empty when ready."""
    rows = intervention_settings_rows(municipality=municipality) if rows is None else rows
    missing = []
    if not Department.objects.filter(municipality=municipality).exists():
        missing.append(
            Missing(
                "Kommunen har ingen afdelinger. Systemadministratoren opretter dem, før I kan "
                "vælge, hvem der bevilger og betaler.",
                "interventions",
            )
        )
    unset = [r.intervention_type.name for r in rows if r.setting is None]
    if unset:
        missing.append(
            Missing(
                f"{len(unset)} indsatstyper mangler visitationskompetence, betaler og "
                f"sagsbehandlingsfrist: {', '.join(unset)}.",
                "interventions",
            )
        )
    no_price = [r.intervention_type.name for r in rows if r.price_missing]
    if no_price:
        missing.append(
            Missing(
                f"{len(no_price)} indsatstyper har ingen enhedspris (0 kr.): "
                f"{', '.join(no_price)}. Udgiftsrapporterne regner dem som 0 kr.",
                "interventions",
            )
        )
    if not MunicipalityPolicy.objects.filter(municipality=municipality).exists():
        missing.append(
            Missing(
                "Kommunens politik er ikke fastsat: om kerneteamet må træffe afgørelse "
                "ved enighed (indtil da sendes alle sager til visitationsudvalget).",
                "policy",
            )
        )
    if not AccessPolicy.objects.filter(municipality=municipality).exists():
        missing.append(
            Missing(
                "Adgangsomfanget er ikke valgt (indtil da gælder arbejdsbetinget behov).",
                "policy",
            )
        )
    if not MunicipalityCadence.objects.filter(municipality=municipality).exists():
        missing.append(
            Missing(
                "Kadenceprofilen er ikke valgt (indtil da følges KOS-modellens kadence).",
                "policy",
            )
        )
    if not DecisionLetterTemplate.objects.filter(municipality=municipality, active=True).exists():
        missing.append(
            Missing("Kommunen har ingen afgørelsesbreve i brug.", "letters"),
        )
    return missing


def legal_bases_catalogue() -> QuerySet[LegalBasis]:
    """The national catalogue of legal bases with their sources (read-only)."""
    return (
        LegalBasis.objects.select_related("replaced_by")
        .prefetch_related(
            Prefetch(
                "intervention_types",
                queryset=InterventionType.objects.filter(added_by__isnull=True).order_by("name"),
            )
        )
        .order_by("act", "valid_from", "paragraph")
    )
