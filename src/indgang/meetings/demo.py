"""Demo data for the core-team member's and the partner's front page (meetings/home.py).

Called by ``manage.py load_demo`` (settings.DEMO_EXTENSIONS) after the working method's demo,
so the psychologist ("psykolog") and the job-centre partner ("partner") each find meetings
they are invited to, agreements they own (one past its date) and the families they work with.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from indgang.families.models import Case
from indgang.meetings import services
from indgang.meetings.models import Meeting, Participant


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _invite(by, meeting, user):
    services.participant_add(
        by=by, meeting=meeting, data={"kind": Participant.Kind.STAFF, "user": user}
    )


def load(*, rng, users) -> None:
    today = timezone.localdate()
    psychologist, partner = users["psykolog"], users["partner"]
    shared = list(
        Case.objects.filter(status=Case.Status.ENROLLED, partner_links__user=partner)
        .filter(partner_links__user=psychologist, partner_links__unlinked_on__isnull=True)
        .select_related("family")
        .order_by("family__name")[:2]
    )
    for index, case in enumerate(shared):
        coordinator = case.coordinator_assignments.get(ended_on__isnull=True).coordinator
        day = today + timedelta(days=2 + 5 * index)
        meeting = services.meeting_create(
            by=coordinator,
            case=case,
            data={
                "type": Meeting.Type.NETWORK,
                "status": Meeting.Status.PLANNED,
                "starts_at": _at(day, 10),
                "ends_at": _at(day, 11),
                "place": "Center for Børn og Forebyggelse",
            },
        )
        _invite(coordinator, meeting, psychologist)
        _invite(coordinator, meeting, partner)
        services.agreement_create(
            by=coordinator,
            case=case,
            data={
                "task": "Afklare mors arbejdstid og tabt arbejdsfortjeneste med jobcentret",
                "owner_department": partner.department,
                "due_on": today + timedelta(days=7 + index),
                "status": "open",
            },
        )
    if shared:
        case = shared[0]
        coordinator = case.coordinator_assignments.get(ended_on__isnull=True).coordinator
        services.agreement_create(
            by=coordinator,
            case=case,
            data={
                "task": "Sende jobcentrets plan til familiekoordinatoren",
                "owner_user": partner,
                "due_on": today - timedelta(days=3),
                "status": "open",
            },
        )
    linked = (
        Case.objects.filter(status=Case.Status.ENROLLED, partner_links__user=psychologist)
        .select_related("family")
        .order_by("family__name")[:3]
    )
    for index, case in enumerate(linked):
        coordinator = case.coordinator_assignments.get(ended_on__isnull=True).coordinator
        services.agreement_create(
            by=coordinator,
            case=case,
            data={
                "task": "Psykologisk observation af barnet i børnehaven"
                if index != 1
                else "Samtale med forældrene om søvn og aflastning",
                "owner_user": psychologist,
                "due_on": today + timedelta(days=(-5, 6, 14)[index]),
                "status": "open",
            },
        )
