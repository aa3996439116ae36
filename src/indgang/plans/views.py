"""The joint plan's pages. Views parse input, call a service or selector, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from indgang.audit.services import Action, audit_record
from indgang.core.forms import apply_validation_error
from indgang.plans import forms, selectors, services
from indgang.plans.pdf import render_pdf

MANAGE = "families.manage_case"


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _audit_view(request, family, case, plan, *, summary: str, person_ids=()) -> None:
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="plan",
        object_id=plan.pk if plan else None,
        family_id=family.pk,
        case_id=case.pk if case else None,
        person_ids=person_ids,
        summary=summary,
    )


def _managed_plan(request, family_id: int):
    """The family, case and plan for a write page: 404 if invisible, 403 if not a manager."""
    family, case, plan = selectors.plan_for(user=request.user, family_id=family_id)
    _require(request.user, MANAGE, family)
    if case is None:
        raise Http404
    return family, case, plan


def _managed_goal(request, family_id: int, goal_id: int):
    family, case, plan = _managed_plan(request, family_id)
    goal = selectors.goal_for(plan=plan, goal_id=goal_id)
    return family, case, goal


def _form_page(request, family, form, title, *, intro="", submit="Gem"):
    return render(
        request,
        "plans/form.html",
        {"family": family, "form": form, "title": title, "intro": intro, "submit": submit},
    )


@login_required
def plan_detail(request, family_id: int):
    page = selectors.plan_page(user=request.user, family_id=family_id)
    _audit_view(
        request,
        page.family,
        page.case,
        page.plan,
        summary="Fælles plan",
        person_ids=page.person_ids,
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "page": page,
            "family": page.family,
            "can_manage": request.user.has_perm(MANAGE, page.family) and page.can_write,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request, family_id: int):
    family, case, _plan = _managed_plan(request, family_id)
    staff = selectors.staff_choices(family=family, case=case)
    form = forms.GoalForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(by=request.user, case=case, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Målet er tilføjet til planen.")
            return redirect("plan_detail", family_id=family.pk)
    return _form_page(
        request,
        family,
        form,
        "Nyt mål i den fælles plan",
        intro="Målet kommer sidst i familiens prioritering; du kan flytte det bagefter.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, family_id: int, goal_id: int):
    family, case, goal = _managed_goal(request, family_id, goal_id)
    staff = selectors.staff_choices(family=family, case=case)
    initial = {name: getattr(goal, name) for name in services.GOAL_FIELDS}
    initial["owners"] = list(goal.owners.all())
    form = forms.GoalForm(request.POST or None, initial=initial, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(by=request.user, goal=goal, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Målet er gemt.")
            return redirect("plan_detail", family_id=family.pk)
    return _form_page(request, family, form, f"Ret mål {goal.position}")


@login_required
@require_POST
def goal_move(request, family_id: int, goal_id: int):
    family, _case, goal = _managed_goal(request, family_id, goal_id)
    try:
        services.goal_move(by=request.user, goal=goal, direction=request.POST.get("retning", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Prioriteringen er ændret.")
    return redirect(f"{_plan_url(family)}#maal-{goal.pk}")


def _plan_url(family) -> str:
    return reverse("plan_detail", kwargs={"family_id": family.pk})


@login_required
@require_http_methods(["GET", "POST"])
def subgoal_create(request, family_id: int, goal_id: int):
    family, _case, goal = _managed_goal(request, family_id, goal_id)
    form = forms.SubGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subgoal_create(by=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Delmålet er tilføjet.")
            return redirect(f"{_plan_url(family)}#maal-{goal.pk}")
    return _form_page(request, family, form, "Nyt delmål", intro=f"Til målet: {goal.wording}")


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, family_id: int, goal_id: int):
    family, case, goal = _managed_goal(request, family_id, goal_id)
    form = forms.ActivityForm(
        request.POST or None,
        staff=selectors.staff_choices(family=family, case=case),
        departments=selectors.department_choices(family=family),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_create(by=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Aktiviteten er tilføjet.")
            return redirect(f"{_plan_url(family)}#maal-{goal.pk}")
    return _form_page(request, family, form, "Ny aktivitet", intro=f"Til målet: {goal.wording}")


@login_required
@require_http_methods(["GET", "POST"])
def plan_agree(request, family_id: int):
    family, _case, plan = _managed_plan(request, family_id)
    form = forms.AgreeForm(request.POST or None, guardians=selectors.guardians_of(family=family))
    if request.method == "POST" and form.is_valid():
        try:
            if plan is None:
                raise ValidationError("Planen har ingen mål endnu. Tilføj mindst ét mål først.")
            version = services.plan_agree(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, f"Planen er godkendt med familien som version {version.number}."
            )
            return redirect("plan_detail", family_id=family.pk)
    return _form_page(
        request,
        family,
        form,
        "Godkend planen med familien",
        intro="Når familien har godkendt planen, gemmes den som en ny version, "
        "som senere kan sammenlignes med andre versioner.",
        submit="Gem som ny version",
    )


@login_required
def version_list(request, family_id: int):
    family, case, plan = selectors.plan_for(user=request.user, family_id=family_id)
    versions = selectors.versions_for(plan=plan) if plan else []
    _audit_view(request, family, case, plan, summary="Planens versioner")
    return render(
        request,
        "plans/version_list.html",
        {
            "family": family,
            "versions": versions,
            "compare": forms.CompareForm(versions=versions) if versions else None,
        },
    )


@login_required
def version_compare(request, family_id: int):
    family, case, plan = selectors.plan_for(user=request.user, family_id=family_id)
    versions = selectors.versions_for(plan=plan) if plan else []
    by_number = {str(v.number): v for v in versions}
    data = request.GET if "fra" in request.GET else None
    if data is None and len(versions) >= 2:
        data = {"fra": str(versions[1].number), "til": str(versions[0].number)}
    elif data is None and versions:
        data = {"fra": str(versions[0].number), "til": "aktuel"}
    form = forms.CompareForm(data, versions=versions)
    diffs = old = new = None
    if versions and form.is_valid():
        old = by_number[form.cleaned_data["fra"]]
        new_key = form.cleaned_data["til"]
        if new_key == "aktuel":
            new = None
            new_snapshot = selectors.plan_snapshot(selectors.goals_of(plan))
        else:
            new = by_number[new_key]
            new_snapshot = new.snapshot
        diffs = selectors.snapshot_diff(old.snapshot, new_snapshot)
    _audit_view(request, family, case, plan, summary="Sammenligning af planversioner")
    return render(
        request,
        "plans/version_compare.html",
        {
            "family": family,
            "form": form,
            "diffs": diffs,
            "old": old,
            "new": new,
            "versions": versions,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_create(request, family_id: int):
    family, case, plan = _managed_plan(request, family_id)
    goals = selectors.goals_of(plan)
    meetings = selectors.followup_meetings(case=case)
    initial = {}
    wanted = request.GET.get("meeting", "")
    if wanted.isdigit() and 0 < int(wanted) < 2**63:  # beyond that SQLite cannot even bind it
        initial["meeting"] = meetings.filter(pk=int(wanted)).first()
    form = forms.FollowUpForm(request.POST or None, goals=goals, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if plan is None:
                raise ValidationError("Planen har ingen mål at følge op på.")
            services.followup_record(
                by=request.user,
                plan=plan,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                progress=form.progress(),
                meeting=form.cleaned_data["meeting"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Opfølgningen er gemt.")
            return redirect("plan_detail", family_id=family.pk)
    return render(
        request, "plans/followup_form.html", {"family": family, "form": form, "goals": goals}
    )


@login_required
def plan_pdf(request, family_id: int):
    page = selectors.plan_page(user=request.user, family_id=family_id)
    if page.plan is None:
        raise Http404
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "page": page,
            "family": page.family,
            "coordinator": selectors.coordinator_of(case=page.case),
            "today": timezone.localdate(),
        },
    )
    pdf = render_pdf(html)
    _audit_view(
        request,
        page.family,
        page.case,
        page.plan,
        summary="Fælles plan som PDF",
        person_ids=page.person_ids,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"plan-{page.plan.pk}.pdf"  # no family name in a file name
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
