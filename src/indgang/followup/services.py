"""Every write in follow-up: validation, one transaction, audit, side effects."""

import logging
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.services import Action, audit_changes, audit_record
from indgang.families.models import Case
from indgang.followup.models import (
    AnnualCycleFeed,
    AnnualEvent,
    CadenceProfile,
    CaseCadence,
    ContactLog,
    DueStatus,
    MajorChange,
    MunicipalityCadence,
    ReminderSent,
)

logger = logging.getLogger(__name__)


def _audit(by, action, obj, *, case: Case | None = None, family_id=None, summary="", changes=None):
    audit_record(
        user=by,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        family_id=family_id or (case.family_id if case else None),
        case_id=case.pk if case else None,
        summary=summary,
        changes=changes,
    )


def _save(instance: Model) -> Model:
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Ændringen kunne ikke gemmes, fordi den strider mod en regel for data.")
        ) from exc
    return instance


def _require_enrolled_on(case: Case, on: date, *, field: str, what: str) -> None:
    today = timezone.localdate()
    if case.enrolled_on is None:
        raise ValidationError(
            _("Familien er ikke indskrevet, så der kan ikke registreres %s.") % what
        )
    if on > today:
        raise ValidationError({field: _("Datoen ligger i fremtiden.")})
    if on < case.enrolled_on:
        raise ValidationError(
            {field: _("Datoen ligger før indskrivningen den %s.") % f"{case.enrolled_on:%d.%m.%Y}"}
        )
    if case.discharged_on and on > case.discharged_on:
        raise ValidationError(
            {
                field: _("Datoen ligger efter udskrivningen den %s.")
                % f"{case.discharged_on:%d.%m.%Y}"
            }
        )


# --- Contact ---------------------------------------------------------------------

CONTACT_FIELDS = ("on", "form", "with_whom", "initiative", "summary")


def contact_record(*, by, case: Case, data: dict) -> ContactLog:
    """Log a contact with the family; refused before enrolment or in the future."""
    on = data.get("on")
    if on is None:
        raise ValidationError({"on": _("Angiv datoen for kontakten.")})
    _require_enrolled_on(case, on, field="on", what=_("kontakt"))
    contact = ContactLog(case=case, by=by, **{k: data.get(k, "") for k in CONTACT_FIELDS})
    with transaction.atomic():
        _save(contact)
        _audit(
            by,
            Action.CREATE,
            contact,
            case=case,
            summary="Kontakt registreret",
            changes=audit_changes({}, {k: getattr(contact, k) for k in CONTACT_FIELDS[:4]}),
        )
    return contact


# --- Major change ----------------------------------------------------------------


def major_change_record(*, by, case: Case, on: date, description: str) -> MajorChange:
    """Record a major change in the family's situation and restart the start-up practice:
    the assessment and analysis meetings are created again as due (meetings app)."""
    from indgang.meetings.services import startup_meetings_create

    if not (description or "").strip():
        raise ValidationError({"description": _("Beskriv kort, hvad der er ændret.")})
    if on is None:
        raise ValidationError({"on": _("Angiv datoen for ændringen.")})
    _require_enrolled_on(case, on, field="on", what=_("en ændring"))
    if not case.is_open:
        raise ValidationError(_("Sagen er afsluttet."))
    change = MajorChange(case=case, on=on, description=description.strip(), by=by)
    with transaction.atomic():
        _save(change)
        _audit(by, Action.CREATE, change, case=case, summary="Væsentlig ændring registreret")
        startup_meetings_create(by=by, case=case, reason=f"Væsentlig ændring {on:%d.%m.%Y}")
    return change


# --- Cadence ---------------------------------------------------------------------


def municipality_cadence_set(*, by, municipality, profile: CadenceProfile) -> MunicipalityCadence:
    with transaction.atomic():
        current = (
            MunicipalityCadence.objects.select_for_update()
            .filter(municipality=municipality)
            .first()
        )
        before = {"profile": current.profile.name} if current else {}
        if current is None:
            current = MunicipalityCadence(municipality=municipality, profile=profile, chosen_by=by)
        current.profile = profile
        current.chosen_by = by
        current.chosen_at = timezone.now()
        _save(current)
        _audit(
            by,
            Action.CHANGE,
            current,
            summary=f"Kadence for {municipality}",
            changes=audit_changes(before, {"profile": profile.name}),
        )
        # Every enrolled case of the municipality follows the new profile from now on.
        enrolled = Case.objects.filter(
            family__municipality=municipality, status=Case.Status.ENROLLED
        ).values_list("pk", flat=True)
        due_refresh(case_ids=list(enrolled))
    return current


def case_cadence_set(
    *,
    by,
    case: Case,
    profile: CadenceProfile | None,
    contact_every_months: int | None,
    reason: str,
    child_welfare: bool | None = None,
) -> CaseCadence:
    """Adjust one family's cadence; a reason is always required (and kept in the log).

    ``child_welfare`` is the old manual mark, no longer offered: the rhythm follows from the
    grants (followup/due.py). None keeps what a case recorded before.
    """
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv en begrundelse for at ændre kadencen.")})
    with transaction.atomic():
        current = CaseCadence.objects.select_for_update().filter(case=case).first()
        fields = ("profile_id", "contact_every_months", "child_welfare", "reason")
        before = {f: getattr(current, f) for f in fields} if current else {}
        if current is None:
            current = CaseCadence(case=case, set_by=by, reason=reason)
        current.profile = profile
        current.contact_every_months = contact_every_months
        if child_welfare is not None:
            current.child_welfare = child_welfare
        current.reason = reason.strip()
        current.set_by = by
        current.set_at = timezone.now()
        _save(current)
        _audit(
            by,
            Action.CHANGE,
            current,
            case=case,
            summary="Familiens kadence ændret",
            changes=audit_changes(before, {f: getattr(current, f) for f in fields}),
        )
    return current


# --- The nightly computation ------------------------------------------------------


def due_compute(*, today: date | None = None, cases=None) -> int:
    """Materialise the due status of every open enrolled case (the nightly job).

    Set-based: one annotated query reads everything (followup/due.py), the table is
    replaced in one transaction with bulk inserts. Returns the number of rows written.
    Every change to a case refreshes that case at once (``due_refresh``); the nightly run
    only moves the calendar.
    """
    today = today or timezone.localdate()
    cases = cases if cases is not None else Case.objects.all()
    objs = _due_objects(cases, today)
    with transaction.atomic():
        DueStatus.objects.all().delete()
        DueStatus.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def due_refresh(*, case_ids, today: date | None = None) -> int:
    """Recompute the due status of these cases now, inside the caller's transaction.

    Called after every change that moves what is due (followup/signals.py): a contact, a
    meeting held, a plan follow-up or agreement, a coordinator, enrolment or discharge.
    A case no longer enrolled loses its row. Three queries, whatever the number of cases.
    """
    case_ids = [pk for pk in set(case_ids) if pk]
    if not case_ids:
        return 0
    today = today or timezone.localdate()
    objs = _due_objects(Case.objects.filter(pk__in=case_ids), today)
    with transaction.atomic():
        DueStatus.objects.filter(case_id__in=case_ids).delete()
        DueStatus.objects.bulk_create(objs)
    return len(objs)


def _due_objects(cases, today: date) -> list[DueStatus]:
    from indgang.followup.due import due_rows

    rows = due_rows(cases=cases, today=today)
    return [
        DueStatus(
            case_id=r.case_id,
            family_id=r.family_id,
            centre_id=r.centre_id,
            municipality_id=r.municipality_id,
            coordinator_id=r.coordinator_id,
            computed_on=today,
            enrolled_on=r.enrolled_on,
            last_contact_on=r.last_contact_on,
            next_contact_due=r.next_contact_due,
            last_followup_on=r.last_followup_on,
            next_followup_due=r.next_followup_due,
            startup_since=r.startup_since,
            startup_missing=",".join(r.startup_missing),
            startup_stalled=r.startup_stalled,
            overdue_agreements=r.overdue_agreements,
            contact_overdue=r.contact_overdue,
            followup_overdue=r.followup_overdue,
            contact_every_months=r.cadence.contact_every_months,
            followup_every=r.cadence.followup_every,
            followup_unit=r.cadence.followup_unit,
            profile_name=r.cadence.profile_name,
            child_welfare=r.child_welfare,
            investigation_started_on=r.investigation_started_on,
        )
        for r in rows
    ]


# --- Reminders -------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> int:
    """A daily digest per staff member of what is due; a second run the same day sends nothing.

    The e-mail names the family and what is due, nothing more (no CPR numbers, no case text).
    Returns the number of e-mails sent.
    """
    from indgang.followup.selectors import reminder_digests

    today = today or timezone.localdate()
    # Rows refreshed by a change today are current, but any older row means tonight's run
    # has not moved the calendar yet: compute everything first.
    if DueStatus.objects.exclude(computed_on=today).exists() or not DueStatus.objects.exists():
        due_compute(today=today)
    sent = 0
    for user, items in reminder_digests(today=today):
        if not user.email or not items:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=user, on=today, items=len(items))
                body = render_to_string(
                    "followup/email/digest.txt", {"user": user, "items": items, "today": today}
                )
                send_mail(
                    f"Indgang: {len(items)} ting forfalder ({today:%d.%m.%Y})",
                    body,
                    None,
                    [user.email],
                )
        except IntegrityError:  # already sent today (another run got there first)
            continue
        except Exception:  # the record rolls back with the failed send: tomorrow's run retries
            logger.exception("Reminder to user %s could not be sent", user.pk)
            continue
        sent += 1
    return sent


# --- The annual cycle ----------------------------------------------------------------


def annual_event_create(*, by, centre, data: dict) -> AnnualEvent:
    event = AnnualEvent(centre=centre, created_by=by, **data)
    if event.until and event.first_on and event.until < event.first_on:
        raise ValidationError({"until": _("Slutdatoen ligger før første gang.")})
    with transaction.atomic():
        _save(event)
        _audit(by, Action.CREATE, event, summary="Begivenhed i årshjulet")
    return event


# --- The annual cycle's calendar subscription -------------------------------------------


def annual_feed_create(*, by) -> AnnualCycleFeed:
    """A new secret subscription URL for the annual cycle; an earlier one stops working."""
    with transaction.atomic():
        annual_feed_revoke(by=by)
        feed = _save(AnnualCycleFeed(user=by, token=secrets.token_urlsafe(32)))
        audit_record(
            user=by,
            action=Action.CREATE,
            object_type="annualcyclefeed",
            object_id=feed.pk,
            summary="Årshjulsfeed oprettet",
        )
    return feed


def annual_feed_revoke(*, by) -> int:
    with transaction.atomic():
        revoked = AnnualCycleFeed.objects.filter(user=by, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            audit_record(
                user=by,
                action=Action.CHANGE,
                object_type="annualcyclefeed",
                summary="Årshjulsfeed tilbagekaldt",
            )
    return revoked
