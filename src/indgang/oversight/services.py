"""Writes of the oversight desk: spot checks, the annual-cycle reminder, logging log reads.

A spot-check verdict is final. Marking moves a check from "not checked" to a verdict once,
in a conditional UPDATE, and a database trigger (audit migration 0005) refuses any later
change or deletion of a marked check. We chose refusal over a verdict history because the
check is evidence for the supervisory authority: what a reviewer concluded, and when, must
stand as written. A second look at a questioned access is a new finding recorded elsewhere
(the case, the DPO's own records), and the audit event of every verdict keeps it in the log.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from indgang.audit.models import SpotCheck
from indgang.audit.services import Action, audit_record
from indgang.followup.models import AnnualEvent
from indgang.oversight import selectors
from indgang.oversight.models import SampleReason

Verdict = SpotCheck.Verdict


def log_read(
    *,
    by,
    summary: str,
    terms: dict | None = None,
    family_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
):
    """Reading the audit log is itself logged: what was asked (CPR masked) and what it showed."""
    families = sorted({fid for fid in family_ids if fid})
    return audit_record(
        user=by,
        action=Action.SEARCH if terms is not None else Action.VIEW,
        object_type="audit",
        family_id=families[0] if len(families) == 1 else None,
        family_ids=families,
        person_ids=person_ids,
        summary=summary,
        changes={"terms": terms} if terms else None,
    )


def spot_check_draw(
    *, by, days: int = 30, size: int = 10, seed: int | None = None
) -> list[SpotCheck]:
    """Draw a weighted sample of recent reads in ``by``'s tenancy; the draw is logged."""
    picks = selectors.spot_check_candidates(user=by, days=days, size=size, seed=seed)
    drawn: list[SpotCheck] = []
    with transaction.atomic():
        for event, reason in picks:
            check, created = SpotCheck.objects.get_or_create(event=event, defaults={"drawn_by": by})
            if created:
                SampleReason.objects.create(spot_check=check, reason=reason)
                drawn.append(check)
        families = sorted({c.event.family_id for c in drawn if c.event.family_id})
        audit_record(
            user=by,
            action=Action.CREATE,
            object_type="spotcheck",
            family_id=families[0] if len(families) == 1 else None,
            family_ids=families,
            summary=f"Stikprøve trukket: {len(drawn)} opslag",
            changes={"event": [None, [c.event_id for c in drawn]]},
        )
    return drawn


def spot_check_mark(*, spot_check: SpotCheck, by, verdict: str, note: str = "") -> SpotCheck:
    """Record a verdict once. Nobody marks an access they made themselves."""
    if spot_check.event.user_id is not None and spot_check.event.user_id == by.pk:
        raise ValidationError(
            "Du kan ikke vurdere et opslag, du selv har foretaget. "
            "En anden leder eller databeskyttelsesrådgiveren skal vurdere det."
        )
    if verdict not in (Verdict.LEGITIMATE, Verdict.QUESTIONED):
        raise ValidationError({"verdict": "Vælg en vurdering for opslaget."})
    if spot_check.verdict != Verdict.PENDING:
        raise _already_marked()
    spot_check.verdict = verdict
    spot_check.note = note.strip()
    spot_check.checked_by = by
    spot_check.checked_at = timezone.now()
    spot_check.full_clean()
    with transaction.atomic():
        # Conditional: of two reviewers marking at once, only the first verdict stands.
        updated = SpotCheck.objects.filter(pk=spot_check.pk, verdict=Verdict.PENDING).update(
            verdict=spot_check.verdict,
            note=spot_check.note,
            checked_by=by,
            checked_at=spot_check.checked_at,
        )
        if not updated:
            raise _already_marked()
        audit_record(
            user=by,
            action=Action.CHANGE,
            object_type="spotcheck",
            object_id=spot_check.pk,
            family_id=spot_check.event.family_id,
            summary="Stikprøve vurderet",
            changes={"verdict": [Verdict.PENDING, verdict], "note": ["", spot_check.note]},
        )
    return spot_check


def _already_marked() -> ValidationError:
    return ValidationError(
        "Opslaget er allerede vurderet, og en vurdering ændres ikke. "
        "Skriv en eventuel opfølgning i en ny sag."
    )


def spot_check_reminder_ensure(*, by, today: date | None = None) -> AnnualEvent:
    """A monthly "stikprøvekontrol" entry in the centre's annual cycle (once per centre)."""
    existing = selectors.monthly_reminder_for(user=by)
    if existing is not None:
        return existing
    if not by.centre_id:
        raise ValidationError("Du er ikke tilknyttet et center med et årshjul.")
    from indgang.followup import services as followup_services

    today = today or timezone.localdate()
    return followup_services.annual_event_create(
        by=by,
        centre=by.centre,
        data={
            "title": selectors.REMINDER_TITLE,
            "kind": AnnualEvent.Kind.OTHER,
            "first_on": today.replace(day=1),
            "recurrence": AnnualEvent.Recurrence.MONTHLY,
            "description": "Træk og vurdér en stikprøve af opslag i loggen (Stikprøver).",
        },
    )


def value_jump_check(*, by, event) -> tuple[SpotCheck, bool]:
    """Put one value jump (an event in ``by``'s tenancy) into the spot check; once only.

    It is marked there like any drawn access, so nobody marks their own value jump.
    """
    with transaction.atomic():
        check, created = SpotCheck.objects.get_or_create(event=event, defaults={"drawn_by": by})
        if created:
            SampleReason.objects.create(spot_check=check, reason=SampleReason.Reason.VALUE_JUMP)
            audit_record(
                user=by,
                action=Action.CREATE,
                object_type="spotcheck",
                object_id=check.pk,
                family_id=event.family_id,
                summary="Værdispring lagt til stikprøvekontrol",
                changes={"event": [None, [event.pk]]},
            )
    return check, created


def retention_rule_save(*, by, rule) -> None:
    """Create or change a municipality's retention rule; old and new periods go in the log."""
    from indgang.audit.services import audit_changes
    from indgang.oversight.models import RetentionRule

    fields = ["case_years", "log_months_after_case", "log_minimum_months"]
    old = (
        RetentionRule.objects.filter(pk=rule.pk).values(*fields).first() if rule.pk else None
    ) or {}
    rule.full_clean()
    with transaction.atomic():
        rule.save()
        audit_record(
            user=by,
            action=Action.CHANGE if old else Action.CREATE,
            object_type="retentionrule",
            object_id=rule.pk,
            summary=f"Opbevaringsregel for {rule.municipality}",
            changes=audit_changes(old, {name: getattr(rule, name) for name in fields}),
        )
