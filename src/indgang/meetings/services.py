"""Every write to meetings, agreements, assessments and calendar feeds.

Keyword-only, validated with full_clean, one transaction, an audit event with old and new
values, Danish ValidationErrors. E-mail goes out after the data is safely stored.
"""

import logging
import secrets
import smtplib
from datetime import date, timedelta
from email.mime.text import MIMEText

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from indgang.audit.services import Action, audit_changes, audit_object, audit_record
from indgang.core.services import save_validated
from indgang.families.custody import custodians_of_family
from indgang.families.models import Case
from indgang.meetings import ics
from indgang.meetings.models import (
    DIMENSIONS_BY_SIDE,
    ENTRY_TEXTS,
    Agreement,
    Assessment,
    AssessmentEntry,
    CalendarFeed,
    Meeting,
    Participant,
    Wish,
)
from indgang.meetings.preparation import DURATION_MINUTES, PREPARATION
from indgang.organisation.models import CoreTeamMembership
from indgang.plans import selectors as plan_selectors

logger = logging.getLogger(__name__)

MEETING_FIELDS = (
    "type",
    "status",
    "starts_at",
    "ends_at",
    "place",
    "home_visit",
    "online_link",
    "preparation_text",
    "minutes",
    "decisions",
)
# A change to one of these is news to the participants' calendars.
CALENDAR_FIELDS = ("type", "starts_at", "ends_at", "place", "home_visit", "online_link")
AGREEMENT_FIELDS = (
    "task",
    "owner_user_id",
    "owner_department_id",
    "due_on",
    "status",
    "meeting_id",
    "goal_id",
)
PARTICIPANT_FIELDS = ("kind", "person_id", "user_id", "name", "role", "organisation", "email")
STARTUP_TYPES = (Meeting.Type.ASSESSMENT, Meeting.Type.ANALYSIS_1, Meeting.Type.ANALYSIS_2)
NO_OWNER = "En aftale skal have en ansvarlig – en person eller en afdeling"
OWNER_OUTSIDE = (
    "Vælg en medarbejder i centret eller en samarbejdspartner, der er tilknyttet familiens sag."
)
DEPARTMENT_OUTSIDE = "Vælg en afdeling i en af centrets kommuner."


_audit = audit_object


def _snapshot(instance: Model, fields) -> dict:
    return {field: getattr(instance, field) for field in fields}


_save = save_validated


def _require_open_case(case: Case) -> None:
    if not case.is_open:
        raise ValidationError("Sagen er afsluttet. Der kan ikke planlægges nyt i den.")


# --- Meetings -------------------------------------------------------------------


def _check_times(meeting: Meeting) -> None:
    errors = {}
    if meeting.ends_at and not meeting.starts_at:
        errors["starts_at"] = "Angiv hvornår mødet starter, når der er angivet en sluttid."
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = "Mødet kan ikke slutte, før det starter."
    if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.HELD) and not meeting.starts_at:
        errors["starts_at"] = "Et planlagt eller afholdt møde skal have et tidspunkt."
    if meeting.home_visit and meeting.online_link:
        errors["online_link"] = "Et hjemmebesøg kan ikke samtidig være et onlinemøde."
    if errors:
        raise ValidationError(errors)


def _fill_defaults(meeting: Meeting) -> None:
    if meeting.starts_at and not meeting.ends_at:
        meeting.ends_at = meeting.starts_at + timedelta(minutes=DURATION_MINUTES[meeting.type])
    if meeting.starts_at and meeting.status == Meeting.Status.TO_SCHEDULE:
        meeting.status = Meeting.Status.PLANNED
    if not meeting.preparation_text:
        meeting.preparation_text = PREPARATION.get(meeting.type, "")


def meeting_create(*, by, case: Case | None = None, centre=None, data: dict) -> Meeting:
    """A meeting about a case, or (with centre and no case) the core team's weekly meeting."""
    if case is not None:
        _require_open_case(case)
        centre = case.centre
    if data.get("type") == Meeting.Type.CORE_TEAM_WEEKLY and case is not None:
        raise ValidationError({"type": "Kerneteamets ugemøde hører til centret, ikke til en sag."})
    if case is None and data.get("type") != Meeting.Type.CORE_TEAM_WEEKLY:
        raise ValidationError({"type": "Kun kerneteamets ugemøde kan holdes uden en sag."})
    if centre is None:
        raise ValidationError("Mødet skal høre til et center.")
    meeting = Meeting(case=case, centre=centre, created_by=by, **data)
    _fill_defaults(meeting)
    _check_times(meeting)
    with transaction.atomic():
        _save(meeting)
        _audit(
            by,
            Action.CREATE,
            meeting,
            case=case,
            summary=meeting.get_type_display(),
            changes=audit_changes({}, _snapshot(meeting, MEETING_FIELDS)),
        )
    return meeting


def meeting_update(*, by, meeting: Meeting, data: dict) -> Meeting:
    """Change a meeting; a new time or place goes out as an update to everyone invited."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("Mødet er aflyst og kan ikke ændres.")
    if data.get("status") == Meeting.Status.CANCELLED:
        raise ValidationError({"status": "Brug »Aflys mødet«, så deltagerne får besked."})
    before = _snapshot(meeting, MEETING_FIELDS)
    moved = data.get("starts_at") and "ends_at" not in data
    if moved and meeting.starts_at and meeting.ends_at:
        # Moving a meeting keeps its length.
        data = {**data, "ends_at": data["starts_at"] + (meeting.ends_at - meeting.starts_at)}
    for field, value in data.items():
        setattr(meeting, field, value)
    _fill_defaults(meeting)
    _check_times(meeting)
    changes = audit_changes(before, _snapshot(meeting, MEETING_FIELDS))
    if not changes:
        return meeting
    calendar_changed = any(field in changes for field in CALENDAR_FIELDS)
    meeting.sequence += 1
    with transaction.atomic():
        _save(meeting)
        _audit(by, Action.CHANGE, meeting, case=meeting.case, changes=changes)
    if calendar_changed and meeting.starts_at:
        _send(meeting, _invited(meeting), method="REQUEST")
    return meeting


def meeting_cancel(*, by, meeting: Meeting, reason: str = "") -> Meeting:
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
        raise ValidationError("Mødet er allerede aflyst eller afholdt.")
    before = meeting.status
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    with transaction.atomic():
        _save(meeting)
        _audit(
            by,
            Action.CHANGE,
            meeting,
            case=meeting.case,
            summary="Mødet er aflyst",
            changes={"status": [before, meeting.status], "reason": [None, reason]},
        )
    if meeting.starts_at:
        _send(meeting, _invited(meeting), method="CANCEL")
    return meeting


def startup_meetings_create(*, by, case: Case, reason: str) -> list[Meeting]:
    """The start-up practice: the due assessment and analysis meetings, to be scheduled.

    A type that already has an open meeting (to be scheduled or planned) is not created again,
    so calling this twice, or on a major change while a start-up is under way, adds nothing.
    """
    _require_open_case(case)
    if not reason.strip():
        raise ValidationError(
            {"reason": "Skriv anledningen, fx indskrivning eller større ændring."}
        )
    open_types = set(
        case.meetings.filter(
            type__in=STARTUP_TYPES,
            status__in=[Meeting.Status.TO_SCHEDULE, Meeting.Status.PLANNED],
        ).values_list("type", flat=True)
    )
    created = []
    with transaction.atomic():
        for meeting_type in STARTUP_TYPES:
            if meeting_type in open_types:
                continue
            meeting = Meeting(
                case=case,
                centre=case.centre,
                type=meeting_type,
                status=Meeting.Status.TO_SCHEDULE,
                preparation_text=PREPARATION[meeting_type],
                created_by=by,
                reason=reason.strip()[:300],
            )
            _save(meeting)
            _audit(
                by,
                Action.CREATE,
                meeting,
                case=case,
                summary=f"Opstart: {meeting.get_type_display()}",
            )
            created.append(meeting)
    return created


# --- Participants and invitations ------------------------------------------------------


def _in_household(meeting: Meeting, person) -> bool:
    """A family member of the meeting's case, or a parent from another household who belongs
    to it too (families.HouseholdMembership)."""
    if meeting.case is None:
        return False
    family_id = meeting.case.family_id
    return (
        person.family_id == family_id
        or person.other_households.filter(family_id=family_id).exists()
    )


def default_participants(*, meeting: Meeting, staff) -> tuple[list, list]:
    """Who is normally invited, as (family members, staff), among those not yet on the meeting.

    A start-up meeting (assessment, analysis): the parents with custody and the core team
    (the coordinator and the centre's fixed core-team members). A plan follow-up: the parents
    with custody and the plan's owners (goal owners, activity and open agreement owners).
    Any other meeting: the parents with custody and the coordinator. ``staff`` is who may be
    invited at all (the centre's staff and the case's partners); nobody else is proposed.
    """
    case = meeting.case
    if case is None:
        return [], []
    present = meeting.participants.all()
    persons = list(
        custodians_of_family(case.family).exclude(
            pk__in=present.exclude(person=None).values("person_id")
        )
    )
    user_ids = set(
        case.coordinator_assignments.filter(ended_on__isnull=True).values_list(
            "coordinator_id", flat=True
        )
    )
    if meeting.type in STARTUP_TYPES:
        user_ids |= set(
            CoreTeamMembership.objects.filter(
                centre_id=case.centre_id, kind=CoreTeamMembership.Kind.FIXED
            ).values_list("user_id", flat=True)
        )
    elif meeting.type == Meeting.Type.PLAN_FOLLOWUP:
        user_ids |= plan_selectors.plan_owner_ids(case=case)
        user_ids |= set(
            case.agreements.filter(
                status=Agreement.Status.OPEN, owner_user__isnull=False
            ).values_list("owner_user_id", flat=True)
        )
    users = list(
        staff.filter(pk__in=user_ids).exclude(pk__in=present.exclude(user=None).values("user_id"))
    )
    return persons, users


def participants_add(*, by, meeting: Meeting, persons, users) -> list[Participant]:
    """Add several family members and staff at once (one transaction; those already on the
    meeting are skipped). Returns the new participants."""
    if not meeting.is_open:
        raise ValidationError("Der kan ikke tilføjes deltagere til et aflyst eller afholdt møde.")
    if not persons and not users:
        raise ValidationError("Vælg mindst én deltager.")
    if any(not _in_household(meeting, p) for p in persons):
        raise ValidationError({"persons": "Personen hører ikke til familien."})
    present = meeting.participants.all()
    have_persons = set(present.exclude(person=None).values_list("person_id", flat=True))
    have_users = set(present.exclude(user=None).values_list("user_id", flat=True))
    new = [
        Participant(meeting=meeting, kind=Participant.Kind.FAMILY, person=p)
        for p in persons
        if p.pk not in have_persons
    ] + [
        Participant(meeting=meeting, kind=Participant.Kind.STAFF, user=u)
        for u in users
        if u.pk not in have_users
    ]
    with transaction.atomic():
        for participant in new:
            _save(participant)
            _audit(
                by,
                Action.CREATE,
                participant,
                case=meeting.case,
                person_ids=[participant.person_id] if participant.person_id else [],
                changes=audit_changes({}, _snapshot(participant, PARTICIPANT_FIELDS)),
            )
    return new


def participant_add(*, by, meeting: Meeting, data: dict) -> Participant:
    if not meeting.is_open:
        raise ValidationError("Der kan ikke tilføjes deltagere til et aflyst eller afholdt møde.")
    participant = Participant(meeting=meeting, **data)
    person = participant.person if participant.person_id else None
    if person is not None and not _in_household(meeting, person):
        raise ValidationError({"person": "Personen hører ikke til familien."})
    if participant.kind == Participant.Kind.EXTERNAL and not participant.name.strip():
        raise ValidationError({"name": "Skriv deltagerens navn."})
    clash = meeting.participants.all()
    if (person and clash.filter(person=person).exists()) or (
        participant.user_id and clash.filter(user_id=participant.user_id).exists()
    ):
        raise ValidationError("Deltageren er allerede på mødet.")
    with transaction.atomic():
        _save(participant)
        _audit(
            by,
            Action.CREATE,
            participant,
            case=meeting.case,
            person_ids=[person.pk] if person else [],
            changes=audit_changes({}, _snapshot(participant, PARTICIPANT_FIELDS)),
        )
    return participant


def participant_update(
    *, by, participant: Participant, invitation: str, attended: bool | None
) -> Participant:
    before = {"invitation": participant.invitation, "attended": participant.attended}
    participant.invitation = invitation
    participant.attended = attended
    if attended is not None and participant.meeting.status != Meeting.Status.HELD:
        raise ValidationError({"attended": "Fremmøde kan først registreres, når mødet er afholdt."})
    with transaction.atomic():
        _save(participant)
        changes = audit_changes(before, {"invitation": invitation, "attended": attended})
        if changes:
            _audit(
                by,
                Action.CHANGE,
                participant,
                case=participant.meeting.case,
                person_ids=[participant.person_id] if participant.person_id else [],
                changes=changes,
            )
    return participant


def participant_remove(*, by, participant: Participant) -> None:
    meeting = participant.meeting
    with transaction.atomic():
        _audit(
            by,
            Action.DELETE,
            participant,
            case=meeting.case,
            person_ids=[participant.person_id] if participant.person_id else [],
            changes=audit_changes(_snapshot(participant, PARTICIPANT_FIELDS), {}),
        )
        participant.delete()
    if participant.invitation != Participant.Invitation.NOT_INVITED and meeting.starts_at:
        _send(meeting, [participant], method="CANCEL")


def _invited(meeting: Meeting) -> list[Participant]:
    return list(
        meeting.participants.select_related("person", "user").filter(
            invitation__in=[Participant.Invitation.INVITED, Participant.Invitation.ACCEPTED]
        )
    )


def meeting_invitations_send(*, by, meeting: Meeting) -> int:
    """Invite everyone not yet invited who has an e-mail address. Returns how many were sent."""
    if not meeting.is_open:
        raise ValidationError("Mødet er aflyst eller afholdt.")
    if meeting.starts_at is None:
        raise ValidationError("Mødet skal have et tidspunkt, før der kan sendes invitationer.")
    pending = [
        p
        for p in meeting.participants.select_related("person", "user")
        if p.invitation == Participant.Invitation.NOT_INVITED and p.address
    ]
    if not pending:
        raise ValidationError("Der er ingen deltagere med e-mail, som mangler en invitation.")
    with transaction.atomic():
        for participant in pending:
            participant.invitation = Participant.Invitation.INVITED
            participant.save(update_fields=["invitation"])
        _audit(
            by,
            Action.CHANGE,
            meeting,
            case=meeting.case,
            person_ids=[p.person_id for p in pending if p.person_id],
            summary=f"Invitation sendt til {len(pending)} deltagere",
        )
    return _send(meeting, pending, method="REQUEST")


def _mail_body(meeting: Meeting, participant: Participant, method: str) -> str:
    when = timezone.localtime(meeting.starts_at)
    lines = [
        "Hej " + participant.display_name,
        "",
        (
            "Mødet er aflyst:"
            if method == "CANCEL"
            else "Du er inviteret til et møde (eller mødet er ændret):"
        ),
        f"{meeting.get_type_display()}, {when:%d.%m.%Y kl. %H.%M}",
    ]
    location = ics.location_for(meeting)
    if location:
        lines.append(f"Sted: {location}")
    if meeting.online_link:
        lines.append(f"Onlinemøde: {meeting.online_link}")
    if method == "REQUEST" and participant.kind == Participant.Kind.FAMILY:
        lines += ["", "Sådan foregår mødet:", "", meeting.preparation_text]
    lines += ["", "Invitationen er vedhæftet som kalenderfil.", "", "Venlig hilsen", "Indgang"]
    return "\n".join(lines)


def _send(meeting: Meeting, participants: list[Participant], *, method: str) -> int:
    """One e-mail per participant with their own .ics; a failing mail server is logged."""
    sent = 0
    build = ics.cancellation if method == "CANCEL" else ics.invitation
    subject_prefix = "Aflyst: " if method == "CANCEL" else ""
    for participant in participants:
        address = participant.address
        if not address:
            continue
        message = EmailMessage(
            subject=subject_prefix + ics.mail_subject_for(meeting),
            body=_mail_body(meeting, participant, method),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
        content = build(meeting, attendee_email=address, attendee_name=participant.display_name)
        part = MIMEText(content.decode("utf-8"), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
        message.attach(part)
        try:
            message.send()
        except (OSError, smtplib.SMTPException):
            logger.exception("Meeting invitation could not be sent (meeting %s)", meeting.pk)
            continue
        sent += 1
    return sent


# --- Agreements -------------------------------------------------------------------


def _check_agreement(agreement: Agreement) -> None:
    if not agreement.owner_user_id and not agreement.owner_department_id:
        raise ValidationError({"owner_user": NO_OWNER})
    if not agreement.task.strip():
        raise ValidationError({"task": "Beskriv opgaven."})
    if agreement.meeting_id and agreement.meeting.case_id != agreement.case_id:
        raise ValidationError({"meeting": "Mødet hører ikke til familiens sag."})
    if agreement.goal_id and agreement.goal.plan.case_id != agreement.case_id:
        raise ValidationError({"goal": "Målet hører ikke til familiens plan."})


def _check_agreement_owners(agreement: Agreement, *, before: dict | None = None) -> None:
    """A new owner comes from the family's tenancy: whoever owns a task sees the family's
    name and the task. An owner the agreement already had may stay."""
    before = before or {}
    family = agreement.case.family
    if agreement.owner_user_id and agreement.owner_user_id != before.get("owner_user_id"):
        staff = plan_selectors.staff_choices(family=family, case=agreement.case)
        if not staff.filter(pk=agreement.owner_user_id).exists():
            raise ValidationError({"owner_user": OWNER_OUTSIDE})
    if agreement.owner_department_id and agreement.owner_department_id != before.get(
        "owner_department_id"
    ):
        departments = plan_selectors.department_choices(family=family)
        if not departments.filter(pk=agreement.owner_department_id).exists():
            raise ValidationError({"owner_department": DEPARTMENT_OUTSIDE})


def agreement_create(*, by, case: Case, data: dict) -> Agreement:
    _require_open_case(case)
    agreement = Agreement(case=case, created_by=by, **data)
    _check_agreement(agreement)
    _check_agreement_owners(agreement)
    with transaction.atomic():
        _save(agreement)
        _audit(
            by,
            Action.CREATE,
            agreement,
            case=case,
            changes=audit_changes({}, _snapshot(agreement, AGREEMENT_FIELDS)),
        )
    return agreement


def agreement_update(*, by, agreement: Agreement, data: dict) -> Agreement:
    before = _snapshot(agreement, AGREEMENT_FIELDS)
    for field, value in data.items():
        setattr(agreement, field, value)
    if agreement.status == Agreement.Status.OPEN:
        agreement.closed_on = None
    elif before["status"] == Agreement.Status.OPEN:
        agreement.closed_on = timezone.localdate()
    _check_agreement(agreement)
    _check_agreement_owners(agreement, before=before)
    changes = audit_changes(before, _snapshot(agreement, AGREEMENT_FIELDS))
    with transaction.atomic():
        _save(agreement)
        if changes:
            _audit(by, Action.CHANGE, agreement, case=agreement.case, changes=changes)
    return agreement


# --- The ICS assessment ---------------------------------------------------------------


def _check_assessment(assessment: Assessment, wishes: list[str]) -> None:
    if assessment.assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "Udredningen kan ikke være dateret i fremtiden."})
    if assessment.meeting_id and assessment.meeting.case_id != assessment.case_id:
        raise ValidationError({"meeting": "Mødet hører ikke til familiens sag."})
    if any(len(w) > 500 for w in wishes):
        raise ValidationError({"wishes": "Et ønske må højst være 500 tegn."})


def _write_entries(assessment: Assessment, entries: dict, wishes: list[str]) -> None:
    assessment.entries.all().delete()
    assessment.wishes.all().delete()
    rows = []
    for dims in DIMENSIONS_BY_SIDE.values():
        for dim in dims:
            texts = entries.get(dim, {})
            rows.append(
                AssessmentEntry(
                    assessment=assessment,
                    dimension=dim,
                    **{f: (texts.get(f) or "").strip() for f in ENTRY_TEXTS},
                )
            )
    AssessmentEntry.objects.bulk_create(rows)
    Wish.objects.bulk_create(
        Wish(assessment=assessment, priority=i, text=text) for i, text in enumerate(wishes, 1)
    )


def _clean_wishes(wishes: list[str]) -> list[str]:
    return [w.strip() for w in wishes if w and w.strip()]


def _entries_snapshot(entries: dict) -> dict:
    return {
        f"{dim}.{f}": (texts.get(f) or "").strip()
        for dim, texts in entries.items()
        for f in ENTRY_TEXTS
    }


def assessment_create(
    *,
    by,
    case: Case,
    assessed_on: date,
    entries: dict,
    wishes: list[str],
    meeting: Meeting | None = None,
    summary: str = "",
) -> Assessment:
    """A new ICS assessment; earlier ones stay as they were, readable and comparable.

    ``entries`` maps a dimension to its texts: {"health": {"family_resources": "...", ...}}.
    """
    _require_open_case(case)
    wishes = _clean_wishes(wishes)
    assessment = Assessment(
        case=case, meeting=meeting, assessed_on=assessed_on, created_by=by, summary=summary
    )
    _check_assessment(assessment, wishes)
    with transaction.atomic():
        _save(assessment)
        _write_entries(assessment, entries, wishes)
        _audit(
            by,
            Action.CREATE,
            assessment,
            case=case,
            summary="ICS-udredning",
            changes={"wishes": [None, len(wishes)], "assessed_on": [None, str(assessed_on)]},
        )
    return assessment


def assessment_update(
    *, by, assessment: Assessment, assessed_on: date, entries: dict, wishes: list[str], summary=""
) -> Assessment:
    wishes = _clean_wishes(wishes)
    before = {e.dimension: _entry_texts(e) for e in assessment.entries.all()}
    before_wishes = list(assessment.wishes.values_list("text", flat=True))
    before_meta = {"assessed_on": assessment.assessed_on, "summary": assessment.summary}
    assessment.assessed_on = assessed_on
    assessment.summary = summary
    _check_assessment(assessment, wishes)
    changes = audit_changes(_entries_snapshot(before), _entries_snapshot(entries))
    changes.update(audit_changes(before_meta, {"assessed_on": assessed_on, "summary": summary}))
    if before_wishes != wishes:
        changes["wishes"] = [before_wishes, wishes]
    with transaction.atomic():
        _save(assessment)
        _write_entries(assessment, entries, wishes)
        if changes:
            _audit(by, Action.CHANGE, assessment, case=assessment.case, changes=changes)
    return assessment


def _entry_texts(entry: AssessmentEntry) -> dict:
    return {f: getattr(entry, f) for f in ENTRY_TEXTS}


# --- The personal calendar feed ----------------------------------------------------------


def calendar_feed_create(*, by) -> CalendarFeed:
    """A new secret feed URL for the user; any earlier one stops working at once."""
    with transaction.atomic():
        calendar_feed_revoke(by=by)
        feed = _save(CalendarFeed(user=by, token=secrets.token_urlsafe(32)))
        audit_record(
            user=by,
            action=Action.CREATE,
            object_type="calendarfeed",
            object_id=feed.pk,
            summary="Kalenderfeed oprettet",
        )
    return feed


def calendar_feed_revoke(*, by) -> int:
    with transaction.atomic():
        revoked = CalendarFeed.objects.filter(user=by, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            audit_record(
                user=by,
                action=Action.CHANGE,
                object_type="calendarfeed",
                summary="Kalenderfeed tilbagekaldt",
            )
    return revoked


def person_ids_of(meeting: Meeting) -> list[int]:
    return [p.person_id for p in meeting.participants.all() if p.person_id]
