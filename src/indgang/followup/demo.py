"""Demo data for the working method: start-up meetings, ICS assessments, plans, contacts.

Called by ``manage.py load_demo`` (through settings.DEMO_EXTENSIONS) right after the demo
families exist, so every enrolled family shows the model at work, and some show what is
overdue: a stalled start-up, a missed monthly contact, an agreement past its date. Every
date is relative to the day the demo is loaded, and nothing is more than weeks overdue.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from indgang.families.models import Case, Person
from indgang.followup import agenda
from indgang.followup import services as followup
from indgang.meetings import observations
from indgang.meetings import services as meetings
from indgang.meetings.models import Meeting, Participant
from indgang.plans import services as plans

GOALS = [
    (
        "{child} kommer i børnehave fire dage om ugen",
        "Vi vil gerne have, at hun har det godt i børnehaven og at vi kan arbejde mere",
        "{child} er i børnehave fire dage om ugen i tre måneder i træk",
    ),
    (
        "Familien får aflastning en weekend om måneden",
        "Vi har brug for at sove og være sammen med storebror",
        "Aflastningen er bevilget og brugt to måneder i træk",
    ),
]
WISHES = ["Én person, der kender hele familien", "Hurtigere svar på ansøgninger", "Færre møder"]


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _held(by, case, type_, day, parent, *, invite_parent=True):
    meeting = meetings.meeting_create(
        by=by,
        case=case,
        data={
            "type": type_,
            "status": Meeting.Status.PLANNED,
            "starts_at": _at(day, 10),
            "ends_at": _at(day, 11),
            "place": "Center for Børn og Forebyggelse",
        },
    )
    if invite_parent:
        meetings.participant_add(
            by=by,
            meeting=meeting,
            data={
                "kind": Participant.Kind.FAMILY,
                "person": parent,
                "invitation": Participant.Invitation.ACCEPTED,
            },
        )
    return meetings.meeting_update(by=by, meeting=meeting, data={"status": Meeting.Status.HELD})


def load(*, rng, users) -> None:
    today = timezone.localdate()
    leader = users["projektleder"]
    centre = leader.centre
    for index, case in enumerate(
        Case.objects.enrolled().select_related("family").order_by("enrolled_on", "pk")
    ):
        coordinator = case.coordinator_assignments.get(ended_on__isnull=True).coordinator
        parent = case.family.members.filter(relation=Person.Relation.PARENT).first()
        child = case.family.members.filter(relation=Person.Relation.CHILD).first()
        start = case.enrolled_on
        days_enrolled = (today - start).days
        if days_enrolled < 10:
            continue  # just enrolled: the start-up lies ahead
        assessment_meeting = _held(
            coordinator, case, Meeting.Type.ASSESSMENT, start + timedelta(days=7), parent
        )
        assessment = meetings.assessment_create(
            by=coordinator,
            case=case,
            assessed_on=start + timedelta(days=7),
            meeting=assessment_meeting,
            entries={
                "health": {
                    "family_resources": "Hun sover bedre nu",
                    "professional_concerns": "Epilepsi, under udredning",
                },
                "basic_care": {
                    "family_resources": "Vi er to om det",
                    "family_concerns": "Vi er meget trætte",
                },
                "employment": {
                    "family_concerns": "Mor er gået ned i tid",
                    "professional_resources": "Jobcentret kender familien",
                },
                "housing": {"professional_concerns": "Trapper op til lejligheden"},
            },
            wishes=rng.sample(WISHES, 2),
        )
        if index < 3:
            _observations(assessment, users)
        if days_enrolled < 30:
            continue
        _held(
            coordinator,
            case,
            Meeting.Type.ANALYSIS_1,
            start + timedelta(days=20),
            parent,
            invite_parent=False,
        )
        _held(coordinator, case, Meeting.Type.ANALYSIS_2, start + timedelta(days=28), parent)
        for wording, family_words, criteria in GOALS:
            plans.goal_create(
                by=coordinator,
                case=case,
                data={
                    "wording": wording.format(child=child.first_name),
                    "family_words": family_words,
                    "success_criteria": criteria.format(child=child.first_name),
                    "target_date": start + timedelta(days=180),
                    "owners": [coordinator],
                    "owners_text": "Forældrene",
                },
            )
        plan = case.plan
        plans.plan_agree(
            by=coordinator,
            plan=plan,
            agreed_on=start + timedelta(days=30),
            agreed_by=parent,
            family_agreed=True,
        )
        for done_on in _followup_days(rng, agreed_on=start + timedelta(days=30), today=today):
            plans.followup_record(
                by=coordinator,
                plan=plan,
                done_on=done_on,
                progress=[
                    {
                        "goal": g,
                        "status": rng.choice(["partly", "not_yet", "reached"]),
                        "scale": rng.randint(3, 9),
                        "note": "",
                    }
                    for g in plan.goals.all()
                ],
            )
        # Monthly contact, except that every fifth family has not been called lately.
        # Counted back from the latest contact, so that the latest is the one chosen here.
        last = today - timedelta(days=rng.randint(40, 60) if index % 5 == 0 else rng.randint(3, 20))
        contact_days = []
        while last >= start + timedelta(days=14):
            contact_days.append(last)
            last -= timedelta(days=rng.randint(24, 31))
        for day in reversed(contact_days):
            followup.contact_record(
                by=coordinator,
                case=case,
                data={
                    "on": day,
                    "form": rng.choice(["phone", "sms", "home_visit"]),
                    "with_whom": parent.first_name,
                    "initiative": rng.choice(["family", "coordinator"]),
                    "summary": "Kort snak om hverdagen og næste skridt.",
                },
            )
        stalled_since = today - timedelta(days=rng.randint(60, 72))
        if index % 7 == 6 and stalled_since > start:
            # A stalled start-up on the coordinator's week: the family's situation changed
            # nine or ten weeks ago, and the new start-up is a week or two behind.
            followup.major_change_record(
                by=coordinator,
                case=case,
                on=stalled_since,
                description="Far er flyttet hjemmefra; familien har brug for en ny plan.",
            )
        meetings.agreement_create(
            by=coordinator,
            case=case,
            data={
                "task": "Søge aflastning hos Center for Voksne og Hjælpemidler",
                "owner_user": coordinator,
                "due_on": today + timedelta(days=rng.randint(-10, 20)),
                "status": "open",
            },
        )
        if index % 3 == 0:
            status_day = today + timedelta(days=rng.randint(0, 4))
            meetings.meeting_create(
                by=coordinator,
                case=case,
                data={
                    "type": Meeting.Type.STATUS,
                    "status": Meeting.Status.PLANNED,
                    "starts_at": _at(status_day, 13),
                    "ends_at": _at(status_day, 14),
                    "home_visit": True,
                },
            )
    _weekly_meetings(today=today, users=users)
    for title, kind, first_on, recurrence in [
        (
            "Statusmåling af kerneelementerne",
            "status_measurement",
            today.replace(month=1, day=15),
            "quarterly",
        ),
        ("Styregruppemøde", "steering_group", today.replace(month=2, day=10), "quarterly"),
        (
            "Afrapportering til byrådene i Ishøj og Vallensbæk",
            "council_report",
            today.replace(month=6, day=1),
            "yearly",
        ),
        (
            "Tværsnitsmåling blandt forældrene",
            "survey_round",
            today.replace(month=3, day=1),
            "yearly",
        ),
    ]:
        followup.annual_event_create(
            by=leader,
            centre=centre,
            data={"title": title, "kind": kind, "first_on": first_on, "recurrence": recurrence},
        )


def _followup_days(rng, *, agreed_on, today) -> list:
    """The plan's follow-ups, about a quarter apart, the latest 10-95 days ago: the next is
    due anywhere from a week ago to three months ahead, as on a real caseload."""
    days = []
    day = today - timedelta(days=rng.randint(10, 95))
    while day > agreed_on:
        days.append(day)
        day -= timedelta(days=rng.randint(80, 90))
    return days[::-1]


# What the core team's psychologist and speech consultant saw themselves (their own entries).
OBSERVATIONS = [
    ("psykolog", "child", "strength", "Søger kontakt med øjnene og smiler, når hun kender én."),
    ("psykolog", "parents", "concern", "Mor fortæller, at hun sover fire-fem timer om natten."),
    ("talekonsulent", "child", "concern", "Bruger få ord; forstår mere, end hun kan sige."),
    ("talekonsulent", "family", "strength", "Mormor læser med hende hver weekend."),
]


def _observations(assessment, users) -> None:
    for username, side, kind, text in OBSERVATIONS:
        observations.observation_add(
            by=users[username], assessment=assessment, side=side, kind=kind, text=text
        )


def _weekly_meetings(*, today, users) -> None:
    """Last week's weekly meeting, held with minutes, and this week's, planned."""
    leader = users["leder"]
    monday = agenda.week_start(today)
    for week, held in ((monday - timedelta(days=7), True), (monday, False)):
        day = week + timedelta(days=1)  # Tuesdays at nine
        meeting = agenda.weekly_meeting_plan(
            by=leader,
            centre=leader.centre,
            starts_at=_at(day, 9),
            ends_at=_at(day, 10) + timedelta(minutes=30),
            place="CBF, mødelokale 2",
            flexible=[users["specialpaedagog"]] if held else [],
        )
        if held:
            agenda.weekly_meeting_update(
                by=leader,
                meeting=meeting,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                place=meeting.place,
                flexible=[users["specialpaedagog"]],
                held=True,
            )
            item = agenda.agenda_item_add(
                by=leader, centre=leader.centre, week=week, title="Ferieplan for kerneteamet"
            )
            agenda.agenda_minutes_write(
                by=leader,
                item=item,
                minutes="Psykologen holder fri i uge 52; talekonsulenten dækker akutte sager.",
            )
    agenda.agenda_item_add(
        by=users["psykolog"],
        centre=leader.centre,
        week=monday,
        title="Erfaringer med forældregruppen (DUÅ)",
    )
