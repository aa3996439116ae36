"""The annual cycle as an iCalendar feed: one all-day event per series, with its RRULE."""

from datetime import timedelta

from icalendar import Calendar, Event

from indgang.followup.models import AnnualEvent

RRULES = {
    AnnualEvent.Recurrence.MONTHLY: {"FREQ": "MONTHLY"},
    AnnualEvent.Recurrence.QUARTERLY: {"FREQ": "MONTHLY", "INTERVAL": 3},
    AnnualEvent.Recurrence.HALF_YEARLY: {"FREQ": "MONTHLY", "INTERVAL": 6},
    AnnualEvent.Recurrence.YEARLY: {"FREQ": "YEARLY"},
}


def annual_cycle_feed(events, *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Indgang//Aarshjul//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for event in events:
        item = Event()
        item.add("uid", f"aarshjul-{event.pk}@indgang")
        item.add("summary", event.title)
        item.add("categories", [event.get_kind_display()])
        item.add("dtstart", event.first_on)
        item.add("dtend", event.first_on + timedelta(days=1))
        item.add("dtstamp", event.created_at)
        if event.description:
            item.add("description", event.description)
        rule = RRULES.get(event.recurrence)
        if rule:
            rule = dict(rule)
            if event.until:
                rule["UNTIL"] = event.until
            item.add("rrule", rule)
        cal.add_component(item)
    return cal.to_ical()
