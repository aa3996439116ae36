"""Pages for a core-team member's own observations on the ICS board (add, change, delete)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from indgang.core.forms import Form, apply_validation_error
from indgang.meetings import observations, selectors
from indgang.meetings.models import AssessmentObservation, Side


class ObservationForm(Form):
    side = forms.ChoiceField(
        label="Side i ICS-trekanten", choices=Side.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label="Styrke eller bekymring",
        choices=AssessmentObservation.Kind.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Din iagttagelse",
        max_length=observations.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Skriv, hvad du har set eller hørt, og hvorfra. Dit navn og dit fagområde "
        "står ved iagttagelsen.",
    )


def _board(request, family_id: int, assessment_id: int):
    family, assessment = selectors.assessment_for(
        user=request.user, family_id=family_id, assessment_id=assessment_id
    )
    # Partners never see the ICS board (families.access), so to them, and to anyone else who
    # may not write on it, the page looks missing.
    if not observations.may_add(request.user, family):
        raise Http404
    return family, assessment


def _own_observation(request, family, assessment, observation_id: int):
    # Someone else's observation looks missing: only its author changes it.
    return get_object_or_404(
        AssessmentObservation.objects.select_related("author", "assessment__case"),
        pk=observation_id,
        assessment=assessment,
        author=request.user,
    )


def _board_url(family, assessment, side: str = "") -> str:
    url = reverse("assessment_board", args=[family.pk, assessment.pk])
    return f"{url}#observations-{side}" if side else url


def _page(request, family, assessment, form, title, submit):
    return render(
        request,
        "meetings/observation_form.html",
        {
            "family": family,
            "assessment": assessment,
            "form": form,
            "title": title,
            "submit": submit,
            "cancel": _board_url(family, assessment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_add(request, family_id: int, assessment_id: int):
    family, assessment = _board(request, family_id, assessment_id)
    initial = {"side": request.GET.get("side")} if request.GET.get("side") in Side.values else {}
    form = ObservationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            observation = observations.observation_add(
                by=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Din iagttagelse er tilføjet tavlen.")
            return redirect(_board_url(family, assessment, observation.side))
    return _page(request, family, assessment, form, "Tilføj din iagttagelse", "Tilføj")


@login_required
@require_http_methods(["GET", "POST"])
def observation_edit(request, family_id: int, assessment_id: int, observation_id: int):
    family, assessment = _board(request, family_id, assessment_id)
    observation = _own_observation(request, family, assessment, observation_id)
    form = ObservationForm(
        request.POST if request.method == "POST" else None,
        initial={"side": observation.side, "kind": observation.kind, "text": observation.text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            observations.observation_update(
                by=request.user, observation=observation, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Din iagttagelse er rettet.")
            return redirect(_board_url(family, assessment, observation.side))
    return _page(request, family, assessment, form, "Ret din iagttagelse", "Gem")


@login_required
@require_http_methods(["GET", "POST"])
def observation_delete(request, family_id: int, assessment_id: int, observation_id: int):
    family, assessment = _board(request, family_id, assessment_id)
    observation = _own_observation(request, family, assessment, observation_id)
    if request.method == "POST":
        side = observation.side
        try:
            observations.observation_delete(by=request.user, observation=observation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Din iagttagelse er slettet.")
        return redirect(_board_url(family, assessment, side))
    return render(
        request,
        "meetings/observation_delete.html",
        {
            "family": family,
            "assessment": assessment,
            "observation": observation,
            "title": "Slet din iagttagelse",
            "cancel": _board_url(family, assessment),
        },
    )
