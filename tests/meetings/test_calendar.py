"""Invitations that calendar programs understand, and the personal, revocable feed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from indgang.audit.models import AuditEvent
from indgang.meetings import services
from indgang.meetings.models import CalendarFeed, Participant
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def _ics(message) -> Calendar:
    parts = [a for a in message.attachments if not isinstance(a, tuple)]
    assert len(parts) == 1
    part = parts[0]
    assert part.get_content_type() == "text/calendar"
    method = part.get_param("method")
    cal = Calendar.from_ical(part.get_payload(decode=True))
    assert str(cal["METHOD"]) == method
    return cal


def _event(cal):
    return next(iter(cal.walk("VEVENT")))


@pytest.fixture
def invited(world, meeting):
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "family", "person": world.parent}
    )
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
    )
    services.participant_add(
        by=world.alice,
        meeting=meeting,
        data={"kind": "external", "name": "Lene Dal", "email": "lene@solsikken.invalid"},
    )
    services.participant_add(  # no e-mail: nothing is sent, nothing fails
        by=world.alice, meeting=meeting, data={"kind": "external", "name": "Farmor"}
    )
    mail.outbox.clear()
    sent = services.meeting_invitations_send(by=world.alice, meeting=meeting)
    assert sent == 3
    return meeting


def test_invitation_is_a_request_with_a_stable_uid(world, invited):
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["maria@familie.invalid", world.bob.email, "lene@solsikken.invalid"]
    )
    events = [_event(_ics(m)) for m in mail.outbox]
    assert {str(e["UID"]) for e in events} == {f"{invited.uid}@indgang"}
    for message, event in zip(mail.outbox, events, strict=True):
        assert _ics(message)["METHOD"] == "REQUEST"
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == at(1)
        assert event.decoded("DTEND") == at(1) + timedelta(minutes=90)
        assert str(event["SUMMARY"]) == "Analysemøde 1 – Familien Hansen"
        assert str(event["LOCATION"]) == "CBF, mødelokale 2"
        # each copy names only its own recipient
        assert str(event["ATTENDEE"]).lower() == f"mailto:{message.to[0]}"
    assert set(
        invited.participants.exclude(name="Farmor").values_list("invitation", flat=True)
    ) == {"invited"}
    assert invited.participants.get(name="Farmor").invitation == "not_invited"


def test_nothing_sensitive_in_the_invitation(world, invited):
    for message in mail.outbox:
        text = message.body + _ics(message).to_ical().decode()
        assert world.child.cpr not in text and world.parent.cpr not in text
        assert "Alma" not in text  # the child's name is not needed
    # the family gets the "what will happen" text, staff do not
    family_mail = next(m for m in mail.outbox if m.to == ["maria@familie.invalid"])
    staff_mail = next(m for m in mail.outbox if m.to == [world.bob.email])
    assert "Sådan foregår mødet" in family_mail.body and "Formål" in family_mail.body
    assert "Formål" not in staff_mail.body


def test_a_change_sends_an_update_with_a_higher_sequence(world, invited):
    mail.outbox.clear()
    services.meeting_update(by=world.alice, meeting=invited, data={"starts_at": at(2, 13)})
    assert len(mail.outbox) == 3
    event = _event(_ics(mail.outbox[0]))
    assert _ics(mail.outbox[0])["METHOD"] == "REQUEST"
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == f"{invited.uid}@indgang"
    assert event.decoded("DTSTART") == at(2, 13)
    # minutes are no calendar news: the sequence goes up, nobody is mailed
    mail.outbox.clear()
    services.meeting_update(by=world.alice, meeting=invited, data={"minutes": "Referat"})
    assert mail.outbox == [] and invited.sequence == 2


def test_cancellation_is_a_cancel_with_the_same_uid(world, invited):
    mail.outbox.clear()
    services.meeting_cancel(by=world.alice, meeting=invited, reason="Sygdom")
    assert len(mail.outbox) == 3
    cal = _ics(mail.outbox[0])
    event = _event(cal)
    assert cal["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"{invited.uid}@indgang" and int(event["SEQUENCE"]) == 1
    assert mail.outbox[0].subject.startswith("Aflyst")


def test_a_removed_participant_gets_a_cancellation(world, invited):
    mail.outbox.clear()
    bob = invited.participants.get(user=world.bob)
    services.participant_remove(by=world.alice, participant=bob)
    assert [m.to for m in mail.outbox] == [[world.bob.email]]
    assert _ics(mail.outbox[0])["METHOD"] == "CANCEL"


def test_declined_participants_get_no_updates(world, invited):
    lene = invited.participants.get(name="Lene Dal")
    services.participant_update(
        by=world.alice, participant=lene, invitation="declined", attended=None
    )
    mail.outbox.clear()
    services.meeting_update(by=world.alice, meeting=invited, data={"place": "Rådhuset"})
    assert "lene@solsikken.invalid" not in [m.to[0] for m in mail.outbox]


def test_invitations_need_a_time_and_someone_to_invite(world, meeting):
    unscheduled = services.meeting_create(by=world.alice, case=world.case, data={"type": "status"})
    services.participant_add(
        by=world.alice, meeting=unscheduled, data={"kind": "staff", "user": world.bob}
    )
    with pytest.raises(services.ValidationError):
        services.meeting_invitations_send(by=world.alice, meeting=unscheduled)
    with pytest.raises(services.ValidationError):
        services.meeting_invitations_send(by=world.alice, meeting=meeting)  # nobody on it
    assert mail.outbox == []


def test_a_failing_mail_server_keeps_the_data(world, meeting, settings, monkeypatch):
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.bob}
    )

    def broken(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    assert services.meeting_invitations_send(by=world.alice, meeting=meeting) == 0
    assert meeting.participants.get().invitation == Participant.Invitation.INVITED


# --- The personal feed ------------------------------------------------------------------


def test_the_feed_lists_my_meetings_without_login(world, meeting, client):
    services.participant_add(
        by=world.alice, meeting=meeting, data={"kind": "staff", "user": world.carol}
    )
    feed = services.calendar_feed_create(by=world.carol)
    response = client.get(reverse("calendar_feed", kwargs={"feed_id": feed.token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert "METHOD" not in cal
    events = list(cal.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [f"{meeting.uid}@indgang"]
    assert str(events[0]["SUMMARY"]) == f"Analysemøde 1 – sag {world.case.pk}"  # no name
    assert world.child.cpr.encode() not in response.content
    assert AuditEvent.objects.filter(object_type="calendarfeed", user=world.carol, action="view")


def test_revoking_the_feed_makes_it_a_404(world, client):
    feed = services.calendar_feed_create(by=world.alice)
    url = reverse("calendar_feed", kwargs={"feed_id": feed.token})
    assert client.get(url).status_code == 200
    newer = services.calendar_feed_create(by=world.alice)
    assert client.get(url).status_code == 404  # a new address replaces the old one
    services.calendar_feed_revoke(by=world.alice)
    assert client.get(reverse("calendar_feed", kwargs={"feed_id": newer.token})).status_code == 404
    assert client.get(reverse("calendar_feed", kwargs={"feed_id": "guess"})).status_code == 404
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 0


def test_the_feed_page_creates_and_revokes(world, login):
    client = login(world.bob)
    assert "Lav en kalenderadresse" in client.get(reverse("calendar_settings")).content.decode()
    client.post(reverse("calendar_settings"), {"action": "new"})
    feed = CalendarFeed.objects.get(user=world.bob, revoked_at__isnull=True)
    page = client.get(reverse("calendar_settings")).content.decode()
    assert feed.token in page
    client.post(reverse("calendar_settings"), {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=world.bob, revoked_at__isnull=True).exists()
