"""Demo data of the evaluation, loaded through settings.DEMO_EXTENSIONS (idempotent).

The quarterly status scores reproduce the evaluation's figure 4 for "Én familie – én indgang"
(baseline 1st quarter 2020, midway 3rd quarter 2020, final 3rd quarter 2021): ten key-staff
scores per element and quarter whose mean is the printed figure, keyed by element name.
A parent-survey round pair (baseline, slutmåling) gives the analysis page something to show.
"""

import random
import secrets

from django.db import transaction
from django.utils import timezone

from indgang.organisation.models import Municipality
from indgang.surveys.models import (
    Answer,
    CoreElement,
    EvaluationModel,
    Invitation,
    Question,
    Response,
    Round,
    StatusScore,
    Survey,
)
from indgang.surveys.services import round_recipients

# (year, quarter, label) of the three measurements.
QUARTERS = [(2020, 1, "Baseline"), (2020, 3, "Midtvejs"), (2021, 3, "Slutmåling")]
# The evaluation's figures for "Én familie – én indgang", by element name.
FIGURES = {
    CoreElement.COORDINATION: (4.3, 4.3, 4.7),
    CoreElement.INVOLVEMENT: (4.6, 4.8, 4.8),
    CoreElement.SYSTEMATIC: (4.0, 3.7, 4.4),
    CoreElement.FINANCING: (2.3, 1.6, 2.8),
}
SCORERS = 10


def scores_with_mean(mean: float, n: int = SCORERS) -> list[int]:
    """n whole scores 1-6 whose mean is exactly ``mean`` (a multiple of 1/n)."""
    total = round(mean * n)
    base, extra = divmod(total, n)
    return [base + 1] * extra + [base] * (n - extra)


def load_status_scores(municipality: Municipality) -> int:
    if StatusScore.objects.filter(municipality=municipality, scored_by__isnull=True).exists():
        return 0
    rows = [
        StatusScore(
            municipality=municipality,
            model=EvaluationModel.EEN_FAMILIE,
            year=year,
            quarter=quarter,
            element=element.value,
            score=score,
        )
        for element, figures in FIGURES.items()
        for (year, quarter, _), mean in zip(QUARTERS, figures, strict=True)
        for score in scores_with_mean(mean)
    ]
    StatusScore.objects.bulk_create(rows)
    return len(rows)


def load_survey_rounds(municipality: Municipality, rng: random.Random) -> int:
    survey = Survey.objects.filter(municipality=None, kind=Survey.Kind.PARENT).first()
    if survey is None or Round.objects.filter(survey=survey, municipality=municipality).exists():
        return 0
    questions = list(Question.objects.filter(theme__survey=survey))
    recipients = round_recipients(survey, municipality)
    now = timezone.now()
    made = 0
    # Imported rounds: no e-mail is sent; about half the parents answered the baseline and a
    # third the final round, as in the evaluation (47 % and 32 %).
    for name, opened, shift, share in [
        ("Baseline", "2020-02-01", 0.0, 0.47),
        ("Slutmåling", "2021-09-01", 0.5, 0.32),
    ]:
        round_ = Round.objects.create(
            survey=survey, municipality=municipality, name=name, opened_on=opened
        )
        answered = max(2, round(len(recipients) * share))
        Invitation.objects.bulk_create(
            Invitation(
                round=round_,
                token=secrets.token_urlsafe(32),
                sent_at=now,
                answered_at=now if i < answered else None,
                **recipient,
            )
            for i, recipient in enumerate(recipients)
        )
        for _ in range(min(answered, len(recipients)) if recipients else answered):
            response = Response.objects.create(
                round=round_, respondent=f"{rng.getrandbits(64):x}", submitted_at=now
            )
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question=q,
                    score=None
                    if rng.random() < 0.05
                    else max(1, min(6, round(rng.gauss(3.9 + shift, 1.0)))),
                )
                for q in questions
            )
            made += 1
    return made


def load(*, rng=None, users=None) -> dict:
    """The settings.DEMO_EXTENSIONS hook; a second call changes nothing."""
    rng = rng or random.Random(2021)  # nosec B311  # reproducible demo data
    municipality = Municipality.objects.filter(code="183").first()
    if municipality is None:
        return {"created": False}
    with transaction.atomic():
        scores = load_status_scores(municipality)
        responses = load_survey_rounds(municipality, random.Random(rng.random()))  # nosec B311
    return {"created": bool(scores or responses), "status_scores": scores, "responses": responses}
