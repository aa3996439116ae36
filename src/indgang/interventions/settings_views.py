"""The settings a municipality must set before go-live: its terms per intervention type, its
policy, and the national legal-basis catalogue (read-only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from indgang.core.forms import apply_validation_error
from indgang.families.models import AccessPolicy
from indgang.followup.models import CadenceProfile, MunicipalityCadence
from indgang.interventions import settings_forms as forms
from indgang.interventions import settings_selectors as selectors
from indgang.interventions import settings_services as services
from indgang.interventions.models import MunicipalityPolicy
from indgang.portal.models import PortalSettings


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
@require_GET
def municipality_settings(request):
    """The served municipalities, each with what it still has to set."""
    _require(request.user, "interventions.view_municipal_settings")
    municipalities = []
    for municipality in selectors.settings_municipalities(user=request.user):
        municipality.missing = selectors.municipality_readiness(municipality=municipality)
        municipalities.append(municipality)
    return render(
        request,
        "interventions/settings/municipalities.html",
        {"municipalities": municipalities},
    )


@login_required
@require_GET
def intervention_settings(request, municipality_id: int):
    _require(request.user, "interventions.view_municipal_settings")
    municipality = selectors.settings_municipality_get(user=request.user, pk=municipality_id)
    rows = selectors.intervention_settings_rows(municipality=municipality)
    return render(
        request,
        "interventions/settings/interventions.html",
        {
            "municipality": municipality,
            "rows": rows,
            "missing": selectors.municipality_readiness(municipality=municipality, rows=rows),
            "may_change": request.user.has_perm(
                "interventions.change_municipal_settings", municipality
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_setting_edit(request, municipality_id: int, intervention_type_id: int):
    _require(request.user, "interventions.view_municipal_settings")
    municipality = selectors.settings_municipality_get(user=request.user, pk=municipality_id)
    _require(request.user, "interventions.change_municipal_settings", municipality)
    intervention_type = selectors.intervention_type_get(
        municipality=municipality, pk=intervention_type_id
    )
    setting = intervention_type.settings.filter(municipality=municipality).first()
    initial = {"processing_weeks": intervention_type.default_processing_weeks}
    if setting is not None:
        initial = {
            "granting_department": setting.granting_department_id,
            "paying_department": setting.paying_department_id,
            "unit": setting.unit,
            "unit_cost": setting.unit_cost,
            "processing_weeks": setting.processing_weeks,
        }
    form = forms.InterventionSettingForm(
        request.POST or None,
        initial=initial,
        departments=selectors.departments_of(municipality=municipality),
        municipality=municipality,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_setting_save(
                by=request.user,
                municipality=municipality,
                intervention_type=intervention_type,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Opsætningen af {intervention_type.name} er gemt.")
            return redirect("intervention_settings", municipality_id=municipality.pk)
    return render(
        request,
        "interventions/settings/setting_edit.html",
        {
            "form": form,
            "municipality": municipality,
            "intervention_type": intervention_type,
            "title": f"{intervention_type.name} i {municipality.name} Kommune",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def municipality_policy(request, municipality_id: int):
    """The policy: read by leaders and project leaders, changed only by a leader."""
    _require(request.user, "interventions.view_municipal_settings")
    municipality = selectors.settings_municipality_get(user=request.user, pk=municipality_id)
    may_change = request.user.has_perm("interventions.change_municipal_settings", municipality)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    policy = MunicipalityPolicy.objects.filter(municipality=municipality).first()
    access = AccessPolicy.objects.filter(municipality=municipality).first()
    cadence = (
        MunicipalityCadence.objects.filter(municipality=municipality)
        .select_related("profile")
        .first()
    )
    default_profile = CadenceProfile.objects.filter(code="kos").first()
    portal = PortalSettings.objects.filter(municipality=municipality).first()
    current = {
        "core_team_may_decide": policy.core_team_may_decide if policy else False,
        "digital_post_cvr": policy.digital_post_cvr if policy else "",
        "auto_enrol_max_age": municipality.auto_enrol_max_age,
        "criteria_max_age": municipality.criteria_max_age,
        "access_scope": access.scope if access else AccessPolicy.Scope.NEED_TO_KNOW,
        "partners_see_whole_case": access.partners_see_whole_case if access else False,
        "cadence_profile": cadence.profile if cadence else default_profile,
        "without_custody_sees": (
            portal.without_custody_sees if portal else PortalSettings.WithoutCustody.NOTHING
        ),
    }
    form = forms.MunicipalityPolicyForm(
        request.POST or None,
        initial={**current, "cadence_profile": getattr(current["cadence_profile"], "pk", None)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.municipality_policy_save(
                by=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{municipality.name} Kommunes politik er gemt.")
            return redirect("municipality_policy", municipality_id=municipality.pk)
    return render(
        request,
        "interventions/settings/policy.html",
        {
            "form": form,
            "municipality": municipality,
            "may_change": may_change,
            "current": current,
            "scope_label": AccessPolicy.Scope(current["access_scope"]).label,
            "without_custody_label": PortalSettings.WithoutCustody(
                current["without_custody_sees"]
            ).label,
            "stored": {"policy": policy, "access": access, "cadence": cadence},
            "missing": [
                m
                for m in selectors.municipality_readiness(municipality=municipality)
                if m.where == "policy"
            ],
        },
    )


@login_required
@require_GET
def legal_bases(request):
    """The national legal-basis catalogue with its sources (read-only for everyone)."""
    return render(
        request,
        "interventions/settings/legal_bases.html",
        {"bases": selectors.legal_bases_catalogue()},
    )
