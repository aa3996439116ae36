"""The leader's page for the centre's core team: members, fixed or flexible."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from indgang.core.forms import apply_validation_error
from indgang.organisation import forms, selectors, services
from indgang.organisation.models import CoreTeamMembership


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _page(request, *, add_form=None, kind_forms=None, status=200):
    user = request.user
    may_manage = user.has_perm("organisation.manage_core_team")
    memberships = list(selectors.core_team_for(user=user))
    kind_forms = kind_forms or {}
    for m in memberships:
        m.kind_form = kind_forms.get(m.pk) or forms.CoreTeamKindForm(
            initial={"kind": m.kind}, auto_id=f"id_m{m.pk}_%s"
        )
        m.is_self = m.user_id == user.pk
    if add_form is None and may_manage:
        add_form = forms.CoreTeamAddForm(candidates=selectors.core_team_candidates_for(user=user))
    return render(
        request,
        "organisation/core_team.html",
        {
            "centre": user.centre,
            "fixed": [m for m in memberships if m.kind == CoreTeamMembership.Kind.FIXED],
            "flexible": [m for m in memberships if m.kind == CoreTeamMembership.Kind.FLEXIBLE],
            "may_manage": may_manage,
            "add_form": add_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def core_team_members(request):
    """The centre's core team; a leader adds a member of staff (POST)."""
    _require(request.user, "organisation.view_core_team")
    if request.method == "GET":
        return _page(request)
    _require(request.user, "organisation.manage_core_team")
    form = forms.CoreTeamAddForm(
        request.POST, candidates=selectors.core_team_candidates_for(user=request.user)
    )
    if form.is_valid():
        membership = CoreTeamMembership(
            centre=request.user.centre,
            user=form.cleaned_data["user"],
            kind=form.cleaned_data["kind"],
        )
        try:
            services.core_team_membership_save(membership=membership, by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{membership.user} er tilføjet til kerneteamet.")
            return redirect("core_team_members")
    return _page(request, add_form=form)


@login_required
@require_POST
def core_team_member_edit(request, membership_id: int):
    """Change a member between fixed and flexible."""
    _require(request.user, "organisation.manage_core_team")
    membership = selectors.core_team_membership_get(user=request.user, pk=membership_id)
    _require(request.user, "organisation.manage_core_team", membership)
    form = forms.CoreTeamKindForm(request.POST, auto_id=f"id_m{membership.pk}_%s")
    if form.is_valid():
        membership.kind = form.cleaned_data["kind"]
        try:
            services.core_team_membership_save(membership=membership, by=request.user)
        except ValidationError as error:
            form.add_error("kind", error.messages)
        else:
            messages.success(
                request, f"{membership.user} er nu {membership.get_kind_display().lower()}."
            )
            return redirect("core_team_members")
    return _page(request, kind_forms={membership.pk: form})


@login_required
@require_POST
def core_team_member_remove(request, membership_id: int):
    _require(request.user, "organisation.manage_core_team")
    membership = selectors.core_team_membership_get(user=request.user, pk=membership_id)
    _require(request.user, "organisation.manage_core_team", membership)
    try:
        services.core_team_membership_delete(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.user} er fjernet fra kerneteamet.")
    return redirect("core_team_members")
