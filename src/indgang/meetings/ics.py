"""iCalendar for meetings: invitations (REQUEST), cancellations (CANCEL) and personal feeds.

What leaves the system in an invitation: the meeting type, the time, the place (or
"Hjemmebesøg"), the online link and the family's name. Never CPR numbers, minutes, decisions
or other case content.

A subscription feed says less: calendar programs sync it to phones and cloud services and
show it to anyone the calendar is shared with, so its events carry the meeting type and a
case reference, never a family or person name, and a home visit never the home's address.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from indgang.meetings.models import Meeting

PRODID = "-//Indgang//Møder//DA"


def uid_for(meeting: Meeting) -> str:
    return f"{meeting.uid}@indgang"


def summary_for(meeting: Meeting) -> str:
    label = meeting.get_type_display()
    if meeting.case_id:
        return f"{label} – {meeting.case.family.name}"
    return label


def mail_subject_for(meeting: Meeting) -> str:
    """The invitation e-mail's subject: the meeting and its time, never the family's name
    (subjects travel in clear through every mail server, also outside the municipality)."""
    label = meeting.get_type_display()
    if meeting.starts_at is None:
        return label
    when = timezone.localtime(meeting.starts_at)
    return f"{label} {when.day}.{when.month}.{when.year} kl. {when:%H.%M}"


def feed_summary_for(meeting: Meeting) -> str:
    label = meeting.get_type_display()
    return f"{label} – sag {meeting.case_id}" if meeting.case_id else label


def feed_location_for(meeting: Meeting) -> str:
    return "Hjemmebesøg" if meeting.home_visit else meeting.place


def location_for(meeting: Meeting) -> str:
    if meeting.home_visit:
        return f"Hjemmebesøg{': ' + meeting.place if meeting.place else ''}"
    return meeting.place


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _event(meeting: Meeting, *, cancelled: bool = False, neutral: bool = False) -> Event:
    event = Event()
    event.add("uid", uid_for(meeting))
    event.add("dtstamp", datetime.now(UTC))
    event.add("sequence", meeting.sequence)
    event.add("summary", feed_summary_for(meeting) if neutral else summary_for(meeting))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    if meeting.ends_at:
        event.add("dtend", meeting.ends_at.astimezone(UTC))
    location = feed_location_for(meeting) if neutral else location_for(meeting)
    if location:
        event.add("location", location)
    if meeting.online_link:
        event.add("url", meeting.online_link)
        event.add("description", f"Onlinemøde: {meeting.online_link}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def invitation(meeting: Meeting, *, attendee_email: str, attendee_name: str = "") -> bytes:
    """One participant's invitation or update (the same UID, a higher SEQUENCE each time)."""
    return _message(meeting, "REQUEST", attendee_email, attendee_name)


def cancellation(meeting: Meeting, *, attendee_email: str, attendee_name: str = "") -> bytes:
    return _message(meeting, "CANCEL", attendee_email, attendee_name)


def _message(meeting: Meeting, method: str, attendee_email: str, attendee_name: str) -> bytes:
    cal = _calendar(method)
    event = _event(meeting, cancelled=method == "CANCEL")
    organizer = vCalAddress(f"MAILTO:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText("Indgang")
    event.add("organizer", organizer)
    # Each participant gets their own copy naming only themselves: no addresses are shared.
    attendee = vCalAddress(f"MAILTO:{attendee_email}")
    if attendee_name:
        attendee.params["cn"] = vText(attendee_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    return cal.to_ical()


def feed(meetings: Iterable[Meeting], *, name: str = "Indgang – mine møder") -> bytes:
    """A personal subscription feed: no METHOD, cancelled meetings marked as such."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    for meeting in meetings:
        if meeting.starts_at is None:
            continue
        cancelled = meeting.status == Meeting.Status.CANCELLED
        cal.add_component(_event(meeting, cancelled=cancelled, neutral=True))
    return cal.to_ical()
