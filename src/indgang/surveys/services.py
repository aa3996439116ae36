"""Every write of the evaluation: surveys, questions, rounds and their links, answers, status
scores. Keyword-only, validated, one transaction, audited."""

import secrets
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from indgang.audit.services import Action, audit_record
from indgang.families.models import Case, Person
from indgang.organisation.models import Municipality, User
from indgang.surveys.access import KEY_STAFF, municipalities_for
from indgang.surveys.models import (
    SCORE_MAX,
    SCORE_MIN,
    Answer,
    CoreElement,
    Invitation,
    Question,
    Response,
    Round,
    StatusScore,
    Survey,
    Theme,
)

USED_TWICE = (
    "Spørgeskemaet er allerede besvaret. Et link kan kun bruges én gang – tak for dit svar."
)
ROUND_CLOSED = (
    "Spørgeskemaet lukkede den %s, så der kan ikke længere svares. Tak for din interesse."
)
UNKNOWN_LINK = "Linket er ugyldigt. Kontrollér, at du har brugt hele linket fra e-mailen."


def _in_tenancy(by, municipality: Municipality) -> None:
    if not municipalities_for(by).filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": "Vælg en af de kommuner, dit center betjener."})


@transaction.atomic
def survey_create(
    *,
    by: User,
    municipality: Municipality,
    name: str,
    kind: str,
    anonymous: bool = True,
    copy_from: Survey | None = None,
) -> Survey:
    """A municipality's own survey, empty or a copy of a template's themes and questions."""
    _in_tenancy(by, municipality)
    if copy_from is not None and copy_from.kind != kind:
        raise ValidationError({"copy_from": "Skabelonen er til en anden målgruppe."})
    survey = Survey(
        name=name.strip(),
        kind=kind,
        municipality=municipality,
        anonymous=anonymous,
        based_on=copy_from,
    )
    survey.full_clean()
    survey.save()
    if copy_from is not None:
        for theme in copy_from.themes.prefetch_related("questions"):
            copy = Theme.objects.create(survey=survey, name=theme.name, position=theme.position)
            Question.objects.bulk_create(
                Question(theme=copy, text=q.text, position=q.position)
                for q in theme.questions.all()
            )
    audit_record(
        user=by,
        action=Action.CREATE,
        object_type="survey",
        object_id=survey.pk,
        summary=f"Spørgeskema oprettet: {survey.name} ({municipality.name})",
    )
    return survey


@transaction.atomic
def question_add(*, by: User, survey: Survey, theme_name: str, text: str) -> Question:
    """A question in a municipality's own survey, under an existing or a new theme."""
    if survey.is_template:
        raise ValidationError(
            "En national skabelon kan ikke ændres. Opret kommunens eget spørgeskema som en kopi."
        )
    _in_tenancy(by, survey.municipality)
    theme_name, text = theme_name.strip(), text.strip()
    if not theme_name:
        raise ValidationError({"theme_name": "Skriv temaets navn."})
    if not text:
        raise ValidationError({"text": "Skriv spørgsmålet."})
    theme = survey.themes.filter(name__iexact=theme_name).first()
    if theme is None:
        theme = Theme(survey=survey, name=theme_name, position=survey.themes.count())
        theme.full_clean()
        theme.save()
    if theme.questions.filter(text__iexact=text).exists():
        raise ValidationError({"text": "Spørgsmålet findes allerede i temaet."})
    question = Question(theme=theme, text=text, position=theme.questions.count())
    question.full_clean()
    question.save()
    audit_record(
        user=by,
        action=Action.CREATE,
        object_type="survey_question",
        object_id=question.pk,
        summary=f"Spørgsmål tilføjet til {survey.name} ({theme.name})",
    )
    return question


def round_recipients(survey: Survey, municipality: Municipality) -> list[dict]:
    if survey.kind == Survey.Kind.PARENT:
        families = Case.objects.enrolled().filter(family__municipality=municipality)
        parents = (
            Person.objects.filter(
                relation=Person.Relation.PARENT, family__in=families.values("family")
            )
            .exclude(email="")
            .order_by("pk")
        )
        return [{"person": p, "family_id": p.family_id, "email": p.email} for p in parents]
    staff = (
        User.objects.filter(is_active=True, role__in=KEY_STAFF, centre__municipalities=municipality)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [{"staff": u, "email": u.email} for u in staff]


def _link(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("survey_answer", kwargs={"token_id": token})


def _send(invitation: Invitation, *, base_url: str, reminder: bool) -> None:
    survey = invitation.round.survey
    subject = ("Påmindelse: " if reminder else "") + f"Spørgeskema: {survey.name}"
    body = (
        "Kære modtager\n\n"
        f"{invitation.round.municipality.name} Kommune vil gerne høre om din oplevelse af "
        "samarbejdet. Det tager omkring fem minutter.\n\n"
        f"Svar her (linket er personligt og kan bruges én gang):\n{_link(base_url, invitation.token)}\n\n"
        + (
            "Dine svar er anonyme.\n"
            if survey.anonymous
            else "Dine svar kan kobles til dig, så vi kan følge udviklingen.\n"
        )
        + "\nVenlig hilsen\nIndgang"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


@transaction.atomic
def round_create(
    *,
    by: User,
    survey: Survey,
    municipality: Municipality,
    name: str,
    model: str,
    opened_on: date,
    base_url: str,
    closes_on: date | None = None,
) -> Round:
    """A round of the survey in a municipality, sent as personal one-time links by e-mail to
    the parents of enrolled families (with an e-mail address) or to the key staff."""
    _in_tenancy(by, municipality)
    if survey.municipality_id not in (None, municipality.pk):
        raise ValidationError({"municipality": "Spørgeskemaet tilhører en anden kommune."})
    if not Question.objects.filter(theme__survey=survey).exists():
        raise ValidationError("Spørgeskemaet har ingen spørgsmål endnu.")
    round_ = Round(
        survey=survey,
        municipality=municipality,
        name=name.strip(),
        model=model,
        opened_on=opened_on,
        closes_on=closes_on,
        created_by=by,
    )
    if closes_on is not None and closes_on < opened_on:
        raise ValidationError(
            {"closes_on": f"Runden kan ikke lukke, før den sendes ({opened_on:%d.%m.%Y})."}
        )
    try:
        round_.full_clean()
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            raise ValidationError(
                {"name": "Der findes allerede en runde med det navn i kommunen."}
            ) from None
        raise
    round_.save()
    now = timezone.now()
    invitations = Invitation.objects.bulk_create(
        Invitation(round=round_, token=secrets.token_urlsafe(32), sent_at=now, **r)
        for r in round_recipients(survey, municipality)
    )
    for invitation in invitations:
        invitation.round = round_
        _send(invitation, base_url=base_url, reminder=False)
    audit_record(
        user=by,
        action=Action.CREATE,
        object_type="survey_round",
        object_id=round_.pk,
        summary=f"Runde {round_.name} sendt til {len(invitations)} modtagere",
    )
    return round_


@transaction.atomic
def round_remind(
    *, round_: Round, base_url: str, by: User | None = None, after_days: int = 0
) -> int:
    """Remind those who have not answered (and were not reminded within ``after_days``)."""
    now = timezone.now()
    cutoff = now - timedelta(days=after_days)
    pending = (
        round_.invitations.select_for_update()
        .filter(answered_at__isnull=True, sent_at__lte=cutoff)
        .exclude(reminded_at__gt=cutoff)
        .select_related("round__survey", "round__municipality")
    )
    count = 0
    for invitation in pending:
        _send(invitation, base_url=base_url, reminder=True)
        invitation.reminded_at = now
        invitation.reminders += 1
        invitation.save(update_fields=["reminded_at", "reminders"])
        count += 1
    audit_record(
        user=by,
        action=Action.CHANGE,
        object_type="survey_round",
        object_id=round_.pk,
        summary=f"Påmindelse sendt til {count} modtagere",
        username="" if by else "system",
    )
    return count


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link opens; raises ValidationError for an unknown or used link."""
    invitation = (
        Invitation.objects.select_related("round__survey", "round__municipality")
        .filter(token=token[:64])
        .first()
        if token
        else None
    )
    if invitation is None:
        raise ValidationError(UNKNOWN_LINK, code="unknown")
    if invitation.answered_at is not None:
        raise ValidationError(USED_TWICE, code="used")
    if not invitation.round.is_open(timezone.localdate()):
        closed = invitation.round.closes_on
        raise ValidationError(ROUND_CLOSED % f"{closed:%d.%m.%Y}", code="closed")
    return invitation


@transaction.atomic
def response_submit(*, token: str, scores: dict[int, int | None]) -> Response:
    """Store one questionnaire from its one-time link; the link cannot be used again.

    ``scores``: question id → 1..6, or None for "ved ikke". Every question must be there.
    """
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered_at is not None:  # answered meanwhile in another request
        raise ValidationError(USED_TWICE, code="used")
    round_ = Round.objects.select_related("survey").get(pk=invitation.round_id)
    questions = list(Question.objects.filter(theme__survey=round_.survey_id))
    errors = {}
    for question in questions:
        key = f"q{question.pk}"
        if question.pk not in scores:
            errors[key] = "Vælg et svar (eller «Ved ikke»)."
            continue
        score = scores[question.pk]
        if score is not None and not SCORE_MIN <= score <= SCORE_MAX:
            errors[key] = "Svaret skal være fra 1 til 6 eller «Ved ikke»."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    response = Response.objects.create(
        round=round_,
        invitation=None if round_.survey.anonymous else invitation,
        respondent=uuid.uuid4().hex,
        submitted_at=now,
    )
    answers = [Answer(response=response, question=q, score=scores[q.pk]) for q in questions]
    for answer in answers:
        answer.full_clean(exclude=["response", "question"])
    Answer.objects.bulk_create(answers)
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    audit_record(
        user=None,
        action=Action.CREATE,
        object_type="survey_response",
        object_id=response.pk,
        summary=f"Besvarelse modtaget: {round_}",
        username="spørgeskemalink",
    )
    return response


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


@transaction.atomic
def status_scores_record(
    *,
    by: User,
    municipality: Municipality,
    model: str,
    year: int,
    quarter: int,
    scores: dict[str, int],
) -> list[StatusScore]:
    """A key staff member's quarterly scores of the four core elements (1-6 each)."""
    _in_tenancy(by, municipality)
    errors = {}
    if not 1 <= quarter <= 4:
        errors["quarter"] = "Kvartalet skal være 1, 2, 3 eller 4."
    for element in CoreElement:
        score = scores.get(element.value)
        if score is None:
            errors[element.value] = "Giv en vurdering fra 1 til 6."
        elif not SCORE_MIN <= score <= SCORE_MAX:
            errors[element.value] = "Vurderingen skal være fra 1 til 6."
    if errors:
        raise ValidationError(errors)
    if StatusScore.objects.filter(
        scored_by=by, municipality=municipality, model=model, year=year, quarter=quarter
    ).exists():
        raise ValidationError(
            {
                "quarter": f"Du har allerede givet din vurdering for {quarter}. kvartal {year} "
                f"i {municipality.name}."
            }
        )
    rows = []
    for element in CoreElement:
        row = StatusScore(
            municipality=municipality,
            model=model,
            year=year,
            quarter=quarter,
            element=element.value,
            score=scores[element.value],
            scored_by=by,
        )
        row.full_clean()
        rows.append(row)
    try:
        StatusScore.objects.bulk_create(rows)
    except IntegrityError:
        raise ValidationError({"quarter": "Vurderingen for kvartalet er allerede givet."}) from None
    audit_record(
        user=by,
        action=Action.CREATE,
        object_type="status_score",
        summary=f"Statusmåling {quarter}. kvartal {year}, {municipality.name}",
    )
    return rows


def invitations_remind_due(*, base_url: str, after_days: int = 7, rounds: Iterable[Round] = ()):
    """The reminder job: every round with unanswered links older than ``after_days``."""
    rounds = list(rounds) or list(
        Round.objects.filter(invitations__answered_at__isnull=True).distinct()
    )
    return sum(round_remind(round_=r, base_url=base_url, after_days=after_days) for r in rounds)
