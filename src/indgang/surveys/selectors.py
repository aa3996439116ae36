"""Every read of the evaluation, given the acting user and limited to their tenancy: the
municipalities their centre serves (national templates are seen by all leaders)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from indgang.interventions.models import Complaint, Decision
from indgang.surveys import analysis
from indgang.surveys.access import municipalities_for, survey_scope
from indgang.surveys.models import (
    Answer,
    CoreElement,
    EvaluationModel,
    Invitation,
    Round,
    StatusScore,
    Survey,
)


def surveys_for(*, user):
    return (
        Survey.objects.filter(survey_scope(user))
        .select_related("municipality")
        .annotate(n_questions=Count("themes__questions", distinct=True))
        .order_by("municipality__name", "name")
    )


def survey_get(*, user, pk: int) -> Survey:
    """A survey in the user's tenancy; any other answers 404, as if it did not exist."""
    survey = (
        Survey.objects.filter(survey_scope(user))
        .select_related("municipality")
        .filter(pk=pk)
        .first()
    )
    if survey is None:
        raise Http404
    return survey


def survey_themes(*, survey: Survey):
    return list(survey.themes.prefetch_related("questions"))


def rounds_for(*, user, survey: Survey, municipality=None, model: str = ""):
    """The survey's rounds in the user's municipalities, with invited, answered and the rate."""
    rounds = Round.objects.filter(
        survey=survey, municipality__in=municipalities_for(user)
    ).select_related("municipality")
    if municipality is not None:
        rounds = rounds.filter(municipality=municipality)
    if model:
        rounds = rounds.filter(model=model)
    rounds = list(
        rounds.annotate(
            invited=Count("invitations", distinct=True),
            answered=Count(
                "invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True
            ),
        )
    )
    for r in rounds:
        r.rate = round(100 * r.answered / r.invited) if r.invited else None
    return rounds


def round_get(*, user, pk: int) -> Round:
    round_ = (
        Round.objects.filter(pk=pk, municipality__in=municipalities_for(user))
        .select_related("survey", "municipality")
        .first()
    )
    if round_ is None:
        raise Http404
    return round_


def response_rows(*, rounds) -> list[analysis.Row]:
    """The answers of the rounds as analysis rows; rounds with the same name pool together."""
    answers = Answer.objects.filter(response__round__in=[r.pk for r in rounds]).values_list(
        "response__respondent",
        "response__round__name",
        "question__theme__name",
        "question_id",
        "score",
    )
    return [analysis.Row(resp, rnd, theme, str(q), score) for resp, rnd, theme, q, score in answers]


BIAS_MEASURES = {
    "complaints": "Klager pr. familie",
    "interventions": "Bevilgede indsatser pr. familie",
}


def bias_check(*, rounds) -> list[analysis.BiasRow]:
    """Respondent families against non-respondent families of the rounds (parent surveys):
    complaints and granted interventions per family, from the interventions app. Works for
    anonymous surveys too: who answered is known from the link, not what they answered."""
    invited = Invitation.objects.filter(round__in=[r.pk for r in rounds], family__isnull=False)
    answered = set(invited.filter(answered_at__isnull=False).values_list("family_id", flat=True))
    families = set(invited.values_list("family_id", flat=True))
    if not families:
        return []
    complaints = dict(
        Complaint.objects.filter(family_id__in=families)
        .values_list("family_id")
        .annotate(n=Count("pk"))
    )
    granted = dict(
        Decision.objects.filter(
            family_id__in=families, outcome__in=[Decision.Outcome.GRANTED, Decision.Outcome.PARTLY]
        )
        .values_list("family_id")
        .annotate(n=Count("pk"))
    )
    rows = {
        f: {"complaints": complaints.get(f, 0), "interventions": granted.get(f, 0)}
        for f in families
    }
    return analysis.bias_check(
        [rows[f] for f in sorted(answered)],
        [rows[f] for f in sorted(families - answered)],
        BIAS_MEASURES,
    )


@dataclass
class SurveyResult:
    survey: Survey
    rounds: list
    analysis: analysis.Analysis
    bias: list


def survey_result(*, user, survey: Survey, municipality=None, model: str = "") -> SurveyResult:
    """Per theme and round (by round name, in sending order) mean, n and sd; final against
    baseline; response rates; the response-bias check."""
    rounds = rounds_for(user=user, survey=survey, municipality=municipality, model=model)
    names = list(dict.fromkeys(r.name for r in rounds))
    themes = list(dict.fromkeys(t.name for t in survey.themes.all()))
    rows = response_rows(rounds=rounds)
    result = analysis.analyse(rows, rounds=names, themes=themes)
    bias = bias_check(rounds=rounds) if survey.kind == Survey.Kind.PARENT else []
    return SurveyResult(survey, rounds, result, bias)


# --- Quarterly status measurement ------------------------------------------------------------


@dataclass
class StatusTrend:
    quarters: list[tuple[int, int]]
    # element label → [(mean, n) per quarter]
    rows: list[tuple[str, list[tuple[float | None, int]]]]


def status_trend(
    *, user, municipality=None, model: str = EvaluationModel.EEN_FAMILIE
) -> StatusTrend:
    """Mean score per core element per quarter in the user's municipalities (or one)."""
    scores = StatusScore.objects.filter(municipality__in=municipalities_for(user), model=model)
    if municipality is not None:
        scores = scores.filter(municipality=municipality)
    sums: dict[tuple[str, int, int], list[int]] = defaultdict(lambda: [0, 0])
    for element, year, quarter, score in scores.values_list("element", "year", "quarter", "score"):
        acc = sums[(element, year, quarter)]
        acc[0] += score
        acc[1] += 1
    quarters = sorted({(y, q) for _, y, q in sums})
    rows = []
    for element in CoreElement:
        cells = []
        for y, q in quarters:
            total, n = sums.get((element.value, y, q), (0, 0))
            cells.append((total / n if n else None, n))
        rows.append((str(element.label), cells))
    return StatusTrend(quarters, rows)


# --- For the leader's dashboard ---------------------------------------------------------------


@dataclass
class LatestThemes:
    round: Round
    themes: list[analysis.ThemeRound]  # mean, n and sd per theme of that round


def latest_theme_means(*, user) -> LatestThemes | None:
    """The newest round with answers in the user's municipalities, and its mean per theme
    (a respondent's theme score is the mean of their answered questions, as in the analysis)."""
    newest = (
        Round.objects.filter(municipality__in=municipalities_for(user), responses__isnull=False)
        .select_related("survey", "municipality")
        .order_by("-opened_on", "-pk")
        .first()
    )
    if newest is None:
        return None
    themes = list(newest.survey.themes.values_list("name", flat=True))
    result = analysis.analyse(response_rows(rounds=[newest]), rounds=[newest.name], themes=themes)
    return LatestThemes(newest, [result.cell(theme, newest.name) for theme in themes])


@dataclass(frozen=True)
class LatestScore:
    element: str
    quarter: tuple[int, int] | None
    mean: float | None
    n: int


def latest_status_scores(*, user, model: str = EvaluationModel.EEN_FAMILIE) -> list[LatestScore]:
    """Per core element its newest scored quarter and the mean score then (every element has a
    row, without a quarter if it was never scored)."""
    trend = status_trend(user=user, model=model)
    latest = []
    for label, cells in trend.rows:
        scored = [(q, mean, n) for q, (mean, n) in zip(trend.quarters, cells, strict=True) if n]
        if scored:
            quarter, mean, n = scored[-1]
            latest.append(LatestScore(label, quarter, mean, n))
        else:
            latest.append(LatestScore(label, None, None, 0))
    return latest


# --- For the parents' portal --------------------------------------------------------------------


@dataclass(frozen=True)
class OpenLink:
    survey: str
    municipality: str
    closes_on: object  # date | None
    url: str  # the personal one-time link's path


def open_links_for_person(*, person, today=None) -> list[OpenLink]:
    """The parent's unanswered survey links of rounds still open: the portal's front page
    shows them ("Vi vil gerne høre din mening") until answered or the round closes. One query."""
    from django.urls import reverse
    from django.utils import timezone

    today = today or timezone.localdate()
    invitations = (
        Invitation.objects.filter(person=person, answered_at__isnull=True)
        .filter(Q(round__closes_on__isnull=True) | Q(round__closes_on__gte=today))
        .filter(round__opened_on__lte=today)
        .select_related("round__survey", "round__municipality")
        .order_by("round__opened_on", "pk")
    )
    # One link per survey: when an earlier round is still open too, the newest round's link
    # (the same survey twice on the page reads as a mistake).
    newest = {(i.round.survey_id, i.round.municipality_id): i for i in invitations}
    return [
        OpenLink(
            survey=i.round.survey.name,
            municipality=i.round.municipality.name,
            closes_on=i.round.closes_on,
            url=reverse("survey_answer", kwargs={"token_id": i.token}),
        )
        for i in newest.values()
    ]
