"""The personal calendar feed names no family, person or home address (issue 8)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from indgang.meetings import services
from indgang.meetings.models import Meeting

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
HOME = "Strandvejen 12, 2635 Ishøj"


@pytest.fixture
def home_visit(world):
    world.family.address = HOME
    world.family.save()
    meeting = services.meeting_create(
        by=world.alice,
        case=world.case,
        data={
            "type": Meeting.Type.ANALYSIS_1,
            "starts_at": datetime(2026, 12, 1, 10, tzinfo=CPH),
            "home_visit": True,
            "place": HOME,
        },
    )
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
    )
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "family", "person": world.parent}
    )
    return meeting


def _feed(client, user) -> bytes:
    feed = services.calendar_feed_create(by=user)
    response = client.get(reverse("calendar_feed", kwargs={"feed_id": feed.token}))
    assert response.status_code == 200
    return response.content


def test_feed_events_carry_the_meeting_type_and_a_case_reference_only(world, client, home_visit):
    body = _feed(client, world.bob)
    text = Calendar.from_ical(body).to_ical().decode()
    for leak in ("Hansen", "Alma", "Maria", "Strandvejen", "2635", world.child.cpr):
        assert leak not in text, leak
    event = next(iter(Calendar.from_ical(body).walk("VEVENT")))
    assert str(event["SUMMARY"]) == f"Analysemøde 1 – sag {world.case.pk}"
    assert str(event["LOCATION"]) == "Hjemmebesøg"


def test_a_meeting_room_is_still_given_as_the_location(world, client):
    meeting = services.meeting_create(
        by=world.alice,
        case=world.case,
        data={
            "type": Meeting.Type.STATUS,
            "starts_at": datetime(2026, 12, 2, 10, tzinfo=CPH),
            "place": "CBF, mødelokale 2",
        },
    )
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
    )
    event = next(iter(Calendar.from_ical(_feed(client, world.bob)).walk("VEVENT")))
    assert str(event["LOCATION"]) == "CBF, mødelokale 2"
