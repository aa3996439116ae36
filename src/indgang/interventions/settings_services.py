"""Writes to a municipality's settings: its terms per intervention type and its policy.

Each service checks ``interventions.change_municipal_settings`` (a leader of a centre serving
the municipality), validates with Danish field-keyed messages, saves in one transaction and
appends an audit event with old and new values. Nothing is half-saved.
"""

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from indgang.audit.services import Action, audit_changes, audit_record
from indgang.families.models import AccessPolicy
from indgang.followup.models import CadenceProfile, MunicipalityCadence
from indgang.followup.services import municipality_cadence_set
from indgang.interventions import settings_access  # noqa: F401  (registers the permissions)
from indgang.interventions.models import InterventionSetting, InterventionType, MunicipalityPolicy
from indgang.organisation.models import Department, Municipality
from indgang.portal.models import PortalSettings

AGE_MESSAGE = (
    "Alderen for indskrivning efter kriterier skal være mindst lige så høj som alderen for "
    "automatisk indskrivning."
)
MAX_AGE = 17  # the model's widest target group is 0-17 years


def _require_change(by, municipality: Municipality) -> None:
    if by is None or not by.has_perm("interventions.change_municipal_settings", municipality):
        raise PermissionDenied


def _save(instance: Model) -> None:
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(
            "Ændringen kunne ikke gemmes, fordi den strider mod en regel for data."
        ) from exc


def _setting_snapshot(setting: InterventionSetting | None) -> dict:
    if setting is None or setting.pk is None:
        return {}
    return {
        "granting_department": str(setting.granting_department),
        "paying_department": str(setting.paying_department),
        "unit": setting.unit,
        "unit_cost": str(setting.unit_cost),
        "processing_weeks": setting.processing_weeks,
    }


def intervention_setting_save(
    *,
    by,
    municipality: Municipality,
    intervention_type: InterventionType,
    granting_department: Department,
    paying_department: Department,
    unit: str,
    unit_cost: Decimal,
    processing_weeks: int,
) -> InterventionSetting:
    """Set who grants and who pays an intervention type in a municipality, its unit, unit price
    and published processing deadline (weeks)."""
    _require_change(by, municipality)
    errors = {}
    for field, department in (
        ("granting_department", granting_department),
        ("paying_department", paying_department),
    ):
        if department.municipality_id != municipality.pk:
            errors[field] = f"Vælg en afdeling i {municipality.name} Kommune."
    if intervention_type.added_by_id not in (None, municipality.pk):
        errors["intervention_type"] = "Indsatstypen hører til en anden kommune."
    if unit_cost is None or unit_cost < 0:
        errors["unit_cost"] = "Enhedsprisen kan ikke være negativ."
    if processing_weeks is None or not 1 <= processing_weeks <= 52:
        errors["processing_weeks"] = "Fristen skal være mellem 1 og 52 uger."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        setting = (
            InterventionSetting.objects.select_for_update()
            .select_related("granting_department", "paying_department")
            .filter(municipality=municipality, intervention_type=intervention_type)
            .first()
        )
        before = _setting_snapshot(setting)
        if setting is None:
            setting = InterventionSetting(
                municipality=municipality, intervention_type=intervention_type
            )
        setting.granting_department = granting_department
        setting.paying_department = paying_department
        setting.unit = unit
        setting.unit_cost = unit_cost
        setting.processing_weeks = processing_weeks
        _save(setting)
        changes = audit_changes(before, _setting_snapshot(setting))
        audit_record(
            user=by,
            action=Action.CHANGE if before else Action.CREATE,
            object_type="interventionsetting",
            object_id=setting.pk,
            summary=f"Indsatsopsætning for {intervention_type.name} i {municipality.name}",
            changes=changes,
        )
    return setting


def _policy_snapshot(municipality: Municipality) -> dict:
    policy = MunicipalityPolicy.objects.filter(municipality=municipality).first()
    access = AccessPolicy.objects.filter(municipality=municipality).first()
    cadence = (
        MunicipalityCadence.objects.filter(municipality=municipality)
        .select_related("profile")
        .first()
    )
    portal = PortalSettings.objects.filter(municipality=municipality).first()
    return {
        "auto_enrol_max_age": municipality.auto_enrol_max_age,
        "criteria_max_age": municipality.criteria_max_age,
        "core_team_may_decide": policy.core_team_may_decide if policy else None,
        "digital_post_cvr": policy.digital_post_cvr if policy else None,
        "access_scope": access.scope if access else None,
        "partners_see_whole_case": access.partners_see_whole_case if access else None,
        "cadence_profile": cadence.profile.name if cadence else None,
        "without_custody_sees": portal.without_custody_sees if portal else None,
    }


def municipality_policy_save(
    *,
    by,
    municipality: Municipality,
    core_team_may_decide: bool,
    auto_enrol_max_age: int,
    criteria_max_age: int,
    access_scope: str,
    cadence_profile: CadenceProfile,
    partners_see_whole_case: bool | None = None,
    digital_post_cvr: str | None = None,
    without_custody_sees: str | None = None,
) -> Municipality:
    """Set a municipality's policy: whether a unanimous core team decides, the target group's
    age limits, the access scope (need to know or the whole centre), the cadence profile, the
    CVR number its Digital Post is sent from and what parents without custody see in the
    portal (None, or empty, keeps the one stored)."""
    _require_change(by, municipality)
    errors = {}
    for field, age in (
        ("auto_enrol_max_age", auto_enrol_max_age),
        ("criteria_max_age", criteria_max_age),
    ):
        if age is None or not 0 <= age <= MAX_AGE:
            errors[field] = f"Angiv en alder mellem 0 og {MAX_AGE} år."
    if not errors and criteria_max_age < auto_enrol_max_age:
        errors["criteria_max_age"] = AGE_MESSAGE
    if access_scope not in AccessPolicy.Scope.values:
        errors["access_scope"] = "Vælg et af adgangsomfangene."
    if digital_post_cvr is not None:
        digital_post_cvr = digital_post_cvr.strip()
        if digital_post_cvr and not re.fullmatch(r"[0-9]{8}", digital_post_cvr):
            errors["digital_post_cvr"] = "Et CVR-nummer er 8 cifre, f.eks. 12345678."
    if without_custody_sees and without_custody_sees not in PortalSettings.WithoutCustody.values:
        errors["without_custody_sees"] = "Vælg et af svarene."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
        before = _policy_snapshot(municipality)
        municipality.auto_enrol_max_age = auto_enrol_max_age
        municipality.criteria_max_age = criteria_max_age
        _save(municipality)
        policy, _ = MunicipalityPolicy.objects.get_or_create(municipality=municipality)
        policy.core_team_may_decide = core_team_may_decide
        if digital_post_cvr is not None:
            policy.digital_post_cvr = digital_post_cvr
        _save(policy)
        access, _ = AccessPolicy.objects.get_or_create(municipality=municipality)
        access.scope = access_scope
        if partners_see_whole_case is not None:  # None keeps what is stored
            access.partners_see_whole_case = partners_see_whole_case
        _save(access)
        if without_custody_sees:
            portal, _ = PortalSettings.objects.get_or_create(municipality=municipality)
            portal.without_custody_sees = without_custody_sees
            _save(portal)
        if before["cadence_profile"] != cadence_profile.name:
            municipality_cadence_set(by=by, municipality=municipality, profile=cadence_profile)
        after = _policy_snapshot(municipality)
        audit_record(
            user=by,
            action=Action.CHANGE,
            object_type="municipality",
            object_id=municipality.pk,
            summary=f"Kommunens politik for {municipality.name}",
            changes=audit_changes(before, after),
        )
    return municipality
