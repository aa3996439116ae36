"""Evaluation pages. Views parse input, call a service or selector, and render."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook

from indgang.audit.services import Action, audit_record
from indgang.core.exports import xlsx_append
from indgang.core.forms import apply_validation_error
from indgang.surveys import charts, forms, selectors, services
from indgang.surveys.access import municipalities_for
from indgang.surveys.models import CoreElement, EvaluationModel, Question

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def _fmt(value, digits=2):
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


@login_required
@require_http_methods(["GET", "POST"])
def survey_list(request):
    """The surveys: national templates and the municipalities' own; create a new one."""
    _require(request.user, "surveys.run_evaluation")
    municipalities = municipalities_for(request.user)
    form = forms.SurveyCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Spørgeskemaet «{survey.name}» er oprettet.")
            return redirect("survey_detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/survey_list.html",
        {"surveys": selectors.surveys_for(user=request.user), "form": form},
    )


def _detail(request, survey, *, question_form=None, round_form=None, status=200):
    municipalities = municipalities_for(request.user)
    if survey.municipality_id:
        municipalities = municipalities.filter(pk=survey.municipality_id)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "themes": selectors.survey_themes(survey=survey),
            "rounds": selectors.rounds_for(user=request.user, survey=survey),
            "question_form": question_form or forms.QuestionForm(),
            "round_form": round_form
            or forms.RoundForm(
                municipalities=municipalities, initial={"opened_on": timezone.localdate()}
            ),
        },
        status=status,
    )


@login_required
def survey_detail(request, survey_id: int):
    _require(request.user, "surveys.run_evaluation")
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    return _detail(request, survey)


@login_required
@require_POST
def question_add(request, survey_id: int):
    _require(request.user, "surveys.run_evaluation")
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_add(by=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Spørgsmålet er tilføjet.")
            return redirect("survey_detail", survey_id=survey.pk)
    return _detail(request, survey, question_form=form, status=400)


@login_required
@require_POST
def round_create(request, survey_id: int):
    _require(request.user, "surveys.run_evaluation")
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    form = forms.RoundForm(request.POST, municipalities=municipalities_for(request.user))
    if form.is_valid():
        try:
            round_ = services.round_create(
                by=request.user,
                survey=survey,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                f"Runden «{round_.name}» er sendt til {round_.invitations.count()} modtagere.",
            )
            return redirect("survey_detail", survey_id=survey.pk)
    return _detail(request, survey, round_form=form, status=400)


@login_required
@require_POST
def round_remind(request, round_id: int):
    _require(request.user, "surveys.run_evaluation")
    round_ = selectors.round_get(user=request.user, pk=round_id)
    count = services.round_remind(
        round_=round_, by=request.user, base_url=request.build_absolute_uri("/")
    )
    messages.success(request, f"Påmindelse sendt til {count} modtagere, der ikke har svaret.")
    return redirect("survey_detail", survey_id=round_.survey_id)


def _analysis_xlsx(result) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Temaer"
    xlsx_append(sheet, [result.survey.name])
    xlsx_append(sheet, ["Tema", "Runde", "Gennemsnit", "n", "Standardafvigelse"])
    for c in result.analysis.cells:
        xlsx_append(sheet, [c.theme, c.round, c.mean, c.n, c.sd])
    tests = book.create_sheet("Slut mod baseline")
    xlsx_append(
        tests, ["Tema", "Baseline", "Slut", "n baseline", "n slut", "t", "p", "Signifikant"]
    )
    for c in result.analysis.comparisons:
        xlsx_append(
            tests,
            [
                c.theme,
                c.baseline,
                c.final,
                c.n_baseline,
                c.n_final,
                c.t,
                c.p,
                "ja" if c.significant else "nej",
            ],
        )
    rates = book.create_sheet("Svarprocent")
    xlsx_append(rates, ["Runde", "Kommune", "Model", "Inviteret", "Svar", "Svarprocent"])
    for r in result.rounds:
        xlsx_append(
            rates,
            [r.name, r.municipality.name, r.get_model_display(), r.invited, r.answered, r.rate],
        )
    bias = book.create_sheet("Svarskævhed")
    xlsx_append(
        bias, ["Mål", "Besvarere", "Ikke-besvarere", "n besvarere", "n ikke-besvarere", "t", "p"]
    )
    for b in result.bias:
        xlsx_append(
            bias,
            [
                b.measure,
                b.respondents_mean,
                b.non_respondents_mean,
                b.n_respondents,
                b.n_non_respondents,
                b.t,
                b.p,
            ],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@login_required
def survey_analysis(request, survey_id: int):
    """Per theme and round: mean, n, sd; final against baseline (Welch); response rates and
    the response-bias check. ``?format=xlsx`` downloads the same tables."""
    _require(request.user, "surveys.run_evaluation")
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    municipalities = municipalities_for(request.user)
    form = forms.FilterForm(request.GET or None, municipalities=municipalities)
    filters = form.cleaned_data if form.is_valid() else {}
    result = selectors.survey_result(
        user=request.user,
        survey=survey,
        municipality=filters.get("municipality"),
        model=filters.get("model") or "",
    )
    if request.GET.get("format") == "xlsx":
        audit_record(
            user=request.user,
            action=Action.EXPORT,
            object_type="survey_analysis",
            object_id=survey.pk,
            summary=f"Analyse af {survey.name} eksporteret som XLSX",
        )
        response = HttpResponse(_analysis_xlsx(result), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="spoergeskema-{survey.pk}.xlsx"'
        return response
    table = [
        (theme, [result.analysis.cell(theme, r) for r in result.analysis.rounds])
        for theme in result.analysis.themes
    ]
    chart, chart_title = None, ""
    if result.analysis.rounds and any(c.n for c in result.analysis.cells):
        chart_title = f"Gennemsnit pr. tema og runde: {survey.name}"
        chart = charts.bar_chart(
            title=chart_title,
            categories=result.analysis.themes,
            series=[
                (r, [result.analysis.cell(t, r).mean for t in result.analysis.themes])
                for r in result.analysis.rounds
            ],
        )
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="survey_analysis",
        object_id=survey.pk,
        summary=f"Analyse af {survey.name}",
    )
    return render(
        request,
        "surveys/survey_analysis.html",
        {
            "survey": survey,
            "result": result,
            "table": table,
            "chart": chart and charts.data_uri(chart),
            "chart_title": chart_title,
            "form": form,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request, token_id: str):
    """The questionnaire behind a personal one-time link; no account, works on a phone."""
    try:
        invitation = services.invitation_for_token(token_id)
    except ValidationError as error:
        return render(
            request,
            "surveys/answer_closed.html",
            {"message": error.messages[0], "used": error.code == "used"},
            status=410 if error.code in ("used", "closed") else 404,
        )
    survey = invitation.round.survey
    questions = list(Question.objects.filter(theme__survey=survey).select_related("theme"))
    form = forms.AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(token=token_id, scores=form.scores())
        except ValidationError as error:
            if getattr(error, "code", None) == "used" or not hasattr(error, "error_dict"):
                return render(
                    request,
                    "surveys/answer_closed.html",
                    {"message": error.messages[0], "used": True},
                    status=410,
                )
            apply_validation_error(form, error)
        else:
            return render(request, "surveys/answer_thanks.html", {"survey": survey})
    groups = []
    for question in questions:
        if not groups or groups[-1][0] != question.theme:
            groups.append((question.theme, []))
        groups[-1][1].append(form[f"q{question.pk}"])
    return render(
        request,
        "surveys/answer.html",
        {"invitation": invitation, "survey": survey, "form": form, "groups": groups},
        status=400 if form.errors else 200,
    )


def _quarter_label(year: int, quarter: int) -> str:
    return f"{quarter}. kvt. {year}"


@login_required
@require_http_methods(["GET", "POST"])
def status_measure(request):
    """Key staff's quarterly scores of the four core elements, and the trend per element."""
    _require(request.user, "surveys.score_status")
    municipalities = municipalities_for(request.user)
    year, quarter = services.quarter_of(timezone.localdate())
    form = forms.StatusScoreForm(
        request.POST or None,
        municipalities=municipalities,
        initial={"year": year, "quarter": quarter, "municipality": municipalities.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        scores = {e.value: data.pop(e.value) for e in CoreElement}
        try:
            services.status_scores_record(by=request.user, scores=scores, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Tak. Din statusvurdering er gemt.")
            return redirect("status_measure")
    return render(
        request,
        "surveys/status_measure.html",
        {"form": form, "may_see_trend": request.user.has_perm("surveys.run_evaluation")},
        status=400 if form.errors else 200,
    )


@login_required
def status_trend(request):
    """The mean score per core element per quarter, per municipality and model."""
    _require(request.user, "surveys.run_evaluation")
    form = forms.StatusFilterForm(
        request.GET or None, municipalities=municipalities_for(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    model = filters.get("model") or EvaluationModel.EEN_FAMILIE
    trend = selectors.status_trend(
        user=request.user, municipality=filters.get("municipality"), model=model
    )
    labels = [_quarter_label(y, q) for y, q in trend.quarters]
    if request.GET.get("format") == "xlsx":
        audit_record(
            user=request.user,
            action=Action.EXPORT,
            object_type="status_trend",
            summary="Statusmåling eksporteret som XLSX",
        )
        book = Workbook()
        sheet = book.active
        sheet.title = "Statusmåling"
        xlsx_append(sheet, ["Kerneelement", *labels])
        for label, cells in trend.rows:
            xlsx_append(sheet, [label, *[None if m is None else round(m, 2) for m, _ in cells]])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="statusmaaling.xlsx"'
        return response
    chart = None
    chart_title = "Statusmåling: gennemsnit pr. kerneelement pr. kvartal"
    if trend.quarters:
        chart = charts.line_chart(
            title=chart_title,
            categories=labels,
            series=[(label, [m for m, _ in cells]) for label, cells in trend.rows],
        )
    audit_record(
        user=request.user, action=Action.VIEW, object_type="status_trend", summary="Statusmåling"
    )
    return render(
        request,
        "surveys/status_trend.html",
        {
            "form": form,
            "trend": trend,
            "labels": labels,
            "chart": chart and charts.data_uri(chart),
            "chart_title": chart_title,
            "model_label": EvaluationModel(model).label,
        },
    )
