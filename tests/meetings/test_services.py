"""Meetings, participants, agreements and assessments: the rules, the bad input, the audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indgang.audit.models import AuditEvent
from indgang.families import services as family_services
from indgang.meetings import selectors, services
from indgang.meetings.models import (
    Agreement,
    Assessment,
    AssessmentEntry,
    Meeting,
)
from indgang.meetings.preparation import PREPARATION
from indgang.organisation.models import Department
from tests import factories as f
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def test_a_meeting_gets_the_types_preparation_text_and_duration(world, meeting):
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)
    assert meeting.preparation_text == PREPARATION[Meeting.Type.ANALYSIS_1]
    assert meeting.centre == world.centre
    event = AuditEvent.objects.get(action="create", object_type="meeting")
    assert event.family_id == world.family.pk and event.case_id == world.case.pk


def test_every_meeting_type_has_a_plain_danish_preparation_text():
    for meeting_type in Meeting.Type:
        text = PREPARATION[meeting_type]
        for part in ("Formål", "Dagsorden", "Hvem kommer", "Varighed"):
            assert part in text, (meeting_type, part)


def test_a_meeting_ending_before_it_starts_is_refused_and_nothing_saved(world):
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            by=world.alice,
            case=world.case,
            data={"type": Meeting.Type.STATUS, "starts_at": at(3, 14), "ends_at": at(3, 13)},
        )
    assert error.value.message_dict["ends_at"] == ["Mødet kan ikke slutte, før det starter."]
    assert not Meeting.objects.exists() and not AuditEvent.objects.filter(object_type="meeting")


def test_changing_a_meeting_to_end_before_it_starts_keeps_the_old_times(world, meeting):
    with pytest.raises(ValidationError):
        services.meeting_update(by=world.alice, meeting=meeting, data={"ends_at": at(1, 9)})
    meeting.refresh_from_db()
    assert meeting.ends_at == at(1, 11, 12).replace(minute=30)
    assert meeting.sequence == 0


def test_the_database_refuses_reversed_times_too(world, meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(ends_at=at(1, 8))


def test_a_planned_meeting_needs_a_time(world):
    meeting = services.meeting_create(
        by=world.alice, case=world.case, data={"type": Meeting.Type.NETWORK}
    )
    assert meeting.status == Meeting.Status.TO_SCHEDULE and meeting.starts_at is None
    with pytest.raises(ValidationError) as error:
        services.meeting_update(by=world.alice, meeting=meeting, data={"status": "planned"})
    assert "starts_at" in error.value.message_dict


def test_a_home_visit_is_not_online(world):
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            by=world.alice,
            case=world.case,
            data={
                "type": Meeting.Type.STATUS,
                "starts_at": at(2),
                "home_visit": True,
                "online_link": "https://meet.example/abc",
            },
        )
    assert "online_link" in error.value.message_dict


def test_the_core_team_weekly_meeting_belongs_to_the_centre(world):
    weekly = services.meeting_create(
        by=world.alice,
        centre=world.centre,
        data={"type": Meeting.Type.CORE_TEAM_WEEKLY, "starts_at": at(2, 9)},
    )
    assert weekly.case is None and weekly.centre == world.centre
    with pytest.raises(ValidationError):
        services.meeting_create(
            by=world.alice, case=world.case, data={"type": Meeting.Type.CORE_TEAM_WEEKLY}
        )
    with pytest.raises(ValidationError):
        services.meeting_create(
            by=world.alice, centre=world.centre, data={"type": Meeting.Type.STATUS}
        )


def test_startup_meetings_are_created_once_while_open(world):
    created = services.startup_meetings_create(by=world.alice, case=world.case, reason="Opstart")
    assert [m.type for m in created] == ["assessment", "analysis_1", "analysis_2"]
    assert all(m.status == Meeting.Status.TO_SCHEDULE and m.preparation_text for m in created)
    again = services.startup_meetings_create(by=world.alice, case=world.case, reason="Igen")
    assert again == []
    # once the assessment meeting is held, a major change brings a new one
    held = created[0]
    services.meeting_update(
        by=world.alice, meeting=held, data={"starts_at": at(1), "status": "held"}
    )
    restart = services.startup_meetings_create(
        by=world.alice, case=world.case, reason="Større ændring"
    )
    assert [m.type for m in restart] == ["assessment"]
    assert restart[0].reason == "Større ændring"


def test_startup_needs_a_reason_and_an_open_case(world):
    with pytest.raises(ValidationError):
        services.startup_meetings_create(by=world.alice, case=world.case, reason="  ")
    family_services.case_discharge(
        by=world.alice, case=world.case, discharged_on=date(2026, 11, 20), reason="case_closed"
    )
    with pytest.raises(ValidationError):
        services.startup_meetings_create(by=world.alice, case=world.case, reason="x")
    assert not Meeting.objects.exists()


def test_cancelled_meetings_cannot_be_changed(world, meeting):
    services.meeting_cancel(by=world.alice, meeting=meeting, reason="Sygdom")
    assert meeting.status == Meeting.Status.CANCELLED and meeting.sequence == 1
    with pytest.raises(ValidationError):
        services.meeting_update(by=world.alice, meeting=meeting, data={"place": "x"})
    with pytest.raises(ValidationError):
        services.meeting_cancel(by=world.alice, meeting=meeting)


# --- Participants -----------------------------------------------------------------------


def test_participants_of_every_kind(world, meeting):
    parent = services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "family", "person": world.parent}
    )
    staff = services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
    )
    external = services.participant_add(
        by=world.alice,
        meeting=meeting,
        data={
            "kind": "external",
            "name": "Lene Dal",
            "role": "Pædagog",
            "organisation": "Børnehuset Solsikken",
            "email": "lene@solsikken.invalid",
        },
    )
    assert parent.address == "maria@familie.invalid"
    assert staff.address == world.bob.email and external.address == "lene@solsikken.invalid"
    event = AuditEvent.objects.get(object_type="participant", object_id=parent.pk)
    assert list(event.persons.values_list("person_id", flat=True)) == [world.parent.pk]


def test_parents_may_come_to_one_analysis_meeting_and_not_the_other(world, meeting):
    second = services.meeting_create(
        by=world.alice, case=world.case, data={"type": "analysis_2", "starts_at": at(8)}
    )
    services.participant_add(
        by=world.alice, meeting=second, data={"kind": "family", "person": world.parent}
    )
    assert not meeting.participants.filter(person=world.parent).exists()
    assert second.participants.filter(person=world.parent).exists()


def test_bad_participants_are_refused(world, meeting):
    other = f.PersonFactory(family=world.other_family)
    with pytest.raises(ValidationError):
        services.participant_add(
            by=world.alice, meeting=meeting, data={"kind": "family", "person": other}
        )
    with pytest.raises(ValidationError):
        services.participant_add(by=world.alice, meeting=meeting, data={"kind": "external"})
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
    )
    with pytest.raises(ValidationError):
        services.participant_add(
            by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
        )
    assert meeting.participants.count() == 1


def test_attendance_is_recorded_only_after_the_meeting(world, meeting):
    p = services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
    )
    with pytest.raises(ValidationError):
        services.participant_update(
            by=world.alice, participant=p, invitation="accepted", attended=True
        )
    services.meeting_update(by=world.alice, meeting=meeting, data={"status": "held"})
    services.participant_update(by=world.alice, participant=p, invitation="accepted", attended=True)
    p.refresh_from_db()
    assert p.attended is True and p.invitation == "accepted"


# --- Agreements -----------------------------------------------------------------------


def test_an_agreement_without_an_owner_is_refused_with_the_danish_message(world):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(by=world.alice, case=world.case, data={"task": "Ring til PPR"})
    assert error.value.message_dict["owner_user"] == [
        "En aftale skal have en ansvarlig – en person eller en afdeling"
    ]
    assert not Agreement.objects.exists()


def test_the_database_requires_an_owner_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(case=world.case, task="x", created_by=world.alice)


def test_agreement_owned_by_a_department_shows_on_its_members_list(world):
    aids = Department.objects.create(
        municipality=world.family.municipality, name="Hjælpemidler", sector="adults"
    )
    outsider = f.UserFactory(username="olga", role="partner", department=aids)
    agreement = services.agreement_create(
        by=world.alice,
        case=world.case,
        data={"task": "Vurdér kørestol", "owner_department": aids, "due_on": date(2026, 11, 1)},
    )
    mine = list(selectors.agreements_open_for_owner(user=outsider))
    assert mine == [agreement]
    assert mine[0].family_visible is False  # olga is not linked: she sees the row only
    assert list(selectors.agreements_open_for_owner(user=world.bob)) == []
    services.agreement_update(by=world.alice, agreement=agreement, data={"status": "done"})
    assert agreement.closed_on == date(2026, 11, 23)
    assert list(selectors.agreements_open_for_owner(user=outsider)) == []
    change = AuditEvent.objects.get(object_type="agreement", action="change")
    assert change.changes["status"] == ["open", "done"]


def test_an_agreement_from_another_familys_meeting_is_refused(world):
    other_case = world.other_family.cases.get()
    other_meeting = services.meeting_create(
        by=world.ivan, case=other_case, data={"type": "status", "starts_at": at(4)}
    )
    with pytest.raises(ValidationError):
        services.agreement_create(
            by=world.alice,
            case=world.case,
            data={"task": "x", "owner_user": world.bob, "meeting": other_meeting},
        )


# --- Assessments ----------------------------------------------------------------------


def test_an_assessment_holds_every_dimension_and_the_wishes_in_order(world):
    assessment = services.assessment_create(
        by=world.alice,
        case=world.case,
        assessed_on=date(2026, 11, 20),
        entries={"health": {"family_resources": "Sover godt", "professional_concerns": "Epilepsi"}},
        wishes=["Mere søvn", "", "  En fast kontaktperson "],
    )
    assert assessment.entries.count() == 20
    health = assessment.entries.get(dimension="health")
    assert health.side == "child" and health.family_resources == "Sover godt"
    assert list(assessment.wishes.values_list("priority", "text")) == [
        (1, "Mere søvn"),
        (2, "En fast kontaktperson"),
    ]


def test_a_new_assessment_keeps_the_earlier_one_readable(world):
    first = services.assessment_create(
        by=world.alice,
        case=world.case,
        assessed_on=date(2026, 3, 1),
        entries={"housing": {"family_concerns": "For lille lejlighed"}},
        wishes=["Større bolig"],
    )
    second = services.assessment_create(
        by=world.alice,
        case=world.case,
        assessed_on=date(2026, 11, 1),
        entries={"housing": {"family_resources": "Nyt hus med have"}},
        wishes=["Hjælp til skolestart"],
    )
    first.refresh_from_db()
    assert first.entries.get(dimension="housing").family_concerns == "For lille lejlighed"
    rows = dict(selectors.compare(first, second))["Familie og netværk"]
    housing = next(r for r in rows if r.label == "Bolig")
    assert housing.changed and not next(r for r in rows if r.label == "Økonomi").changed
    assert Assessment.objects.count() == 2


def test_assessment_bad_input(world):
    with pytest.raises(ValidationError) as error:
        services.assessment_create(
            by=world.alice,
            case=world.case,
            assessed_on=date(2026, 12, 24),
            entries={},
            wishes=[],
        )
    assert "assessed_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.assessment_create(
            by=world.alice,
            case=world.case,
            assessed_on=date(2026, 11, 1),
            entries={},
            wishes=["x" * 501],
        )
    assert not Assessment.objects.exists() and not AssessmentEntry.objects.exists()


def test_assessment_update_is_audited_with_old_and_new_words(world):
    assessment = services.assessment_create(
        by=world.alice, case=world.case, assessed_on=date(2026, 11, 1), entries={}, wishes=["A"]
    )
    services.assessment_update(
        by=world.alice,
        assessment=assessment,
        assessed_on=date(2026, 11, 1),
        entries={"safety": {"professional_resources": "Trygge rammer"}},
        wishes=["B", "A"],
    )
    event = AuditEvent.objects.get(object_type="assessment", action="change")
    assert event.changes["safety.professional_resources"] == ["", "Trygge rammer"]
    assert event.changes["wishes"] == [["A"], ["B", "A"]]


# --- The user's meetings ----------------------------------------------------------------


def test_meetings_for_user_between(world, meeting):
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.carol}
    )
    weekly = services.meeting_create(
        by=world.alice, centre=world.centre, data={"type": "core_team_weekly", "starts_at": at(2)}
    )
    start, end = at(1, 0), at(8, 0)
    assert list(selectors.meetings_for_user_between(user=world.alice, start=start, end=end)) == [
        meeting,
        weekly,
    ]
    assert list(selectors.meetings_for_user_between(user=world.carol, start=start, end=end)) == [
        meeting
    ]
    assert list(selectors.meetings_for_user_between(user=world.bob, start=start, end=end)) == [
        weekly
    ]
    assert not selectors.meetings_for_user_between(user=world.alice, start=at(9), end=at(10))
