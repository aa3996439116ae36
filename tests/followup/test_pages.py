"""The follow-up pages through the test client: content, audit, bad input, query counts."""

from datetime import date

import icalendar
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.families.models import Case
from indgang.followup import services
from indgang.followup.models import (
    AgendaItem,
    AnnualCycleFeed,
    AnnualEvent,
    ContactLog,
    ReminderSent,
)
from indgang.followup.selectors import compliance
from tests.followup import helpers as h

TODAY = date(2026, 11, 23)


_family = h.enrolled_family


def test_the_family_overview_shows_contact_and_follow_up(world, login, settings):
    settings.FAMILY_OVERVIEW_PANELS = ["indgang.followup.selectors.family_panel"]
    h.contact(world.case, date(2026, 11, 2), world.alice)
    html = login(world.alice).get(reverse("family_detail", args=[world.family.pk])).content.decode()
    assert "Kontakt og opfølgning" in html
    assert "2. nov. 2026" in html  # last contact
    assert "31. dec. 2026" in html  # next contact due
    assert "Overskredet" in html  # the plan follow-up (due 1 May)
    assert "Udredningsmøde" in html  # start-up steps missing
    assert reverse("contact_create", args=[world.family.pk]) in html
    bob_html = login(world.bob).get(reverse("family_detail", args=[world.family.pk])).content
    assert reverse("contact_create", args=[world.family.pk]).encode() not in bob_html


def test_the_panel_costs_the_same_queries_for_a_busy_family(world, login, settings):
    settings.FAMILY_OVERVIEW_PANELS = ["indgang.followup.selectors.family_panel"]
    from indgang.families.models import Family
    from indgang.followup.selectors import family_panel

    family = Family.objects.get(pk=world.family.pk)
    with CaptureQueriesContext(connection) as quiet:
        family_panel(user=world.alice, family=family)
    for day in range(1, 20):
        h.contact(world.case, date(2026, 10, day), world.alice)
        h.followup(world.case, date(2026, 10, day), world.alice)
    family = Family.objects.get(pk=world.family.pk)
    with CaptureQueriesContext(connection) as busy:
        panel = family_panel(user=world.alice, family=family)
    assert len(busy) == len(quiet) == 1  # the stored due row; the short status shares it
    assert panel["row"].last_contact_on == date(2026, 10, 19)


def test_logging_a_contact_through_the_page(world, login):
    client = login(world.alice)
    url = reverse("contact_create", args=[world.family.pk])
    data = {"on": "2026-01-15", "form": "home_visit", "with_whom": "Begge forældre",
            "initiative": "coordinator", "summary": "Hjemmebesøg"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "før indskrivningen" in response.content.decode()
    assert not ContactLog.objects.exists()
    response = client.post(url, {**data, "on": "2026-11-20"})
    assert response.status_code == 302
    contact = ContactLog.objects.get()
    assert contact.form == "home_visit" and contact.by == world.alice
    assert AuditEvent.objects.filter(action="create", object_type="contactlog").exists()
    html = client.get(reverse("contact_list", args=[world.family.pk])).content.decode()
    assert "Begge forældre" in html and "Hjemmebesøg" in html
    assert AuditEvent.objects.filter(action="view", object_type="contactlog").exists()


def test_the_coordinators_week(world, login):
    _family(world, "Familien Berg", contact_on=date(2026, 10, 20))  # due 30 Nov: soon
    _family(world, "Familien Dahl", contact_on=date(2026, 11, 2))  # due 31 Dec: later
    started = _family(world, "Familien Juhl", contact_on=date(2026, 11, 2))
    h.start_up(started, date(2026, 2, 10), world.alice, world.parent)
    h.meeting(world.case, "status", date(2026, 11, 25), world.alice, status="planned")
    h.meeting(world.case, "status", date(2026, 12, 2), world.alice, status="planned")  # next week
    h.agreement(world.case, date(2026, 11, 1), world.alice, task="Ringe til PPR")
    h.agreement(world.case, date(2026, 12, 1), world.alice, owner=world.bob, task="Testning")
    response = login(world.alice).get(reverse("my_week"))
    html = response.content.decode()
    overdue = html.split('id="contacts-overdue"')[1].split("</ul>")[0]
    assert "Familien Hansen" in overdue and "Familien Berg" not in overdue
    soon = html.split('id="contacts-due"')[1].split("</ul>")[0]
    assert "Familien Berg" in soon and "Familien Dahl" not in soon
    meetings = html.split('id="week-meetings"')[1].split("</ul>")[0]
    assert "Statusmøde" in meetings and meetings.count("<li>") == 1
    own = html.split('id="own-agreements"')[1].split("</ul>")[0]
    assert "Ringe til PPR" in own and "over fristen" in own
    others = html.split('id="others-agreements"')[1].split("</ul>")[0]
    assert "Testning" in others and "Bob" in others
    stalled = html.split('id="startups-stalled"')[1].split("</ul>")[0]
    assert "Familien Hansen" in stalled and "Familien Juhl" not in stalled
    assert AuditEvent.objects.filter(action="view", object_type="week", user=world.alice).exists()


def test_the_week_costs_a_constant_number_of_queries(world, login):
    client = login(world.alice)

    def busy_family(name):
        case = _family(world, name, contact_on=date(2026, 11, 1))
        h.agreement(case, date(2026, 11, 1), world.alice)
        h.meeting(case, "status", date(2026, 11, 24), world.alice, status="planned")
        h.followup(case, date(2026, 9, 1), world.alice)

    busy_family("Familien Først")  # rows from the start: the page writes its read event
    client.get(reverse("my_week"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("my_week"))
    for n in range(8):
        busy_family(f"Familien Nr{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("my_week"))
    assert response.content.decode().count("Familien Nr") >= 8
    # The week itself (its own cases, and the access check on the few families found, read
    # apart from the rest: docs/benchmarks.md), the other apps' panels (settings.MY_WEEK_PANELS:
    # the parents' low scores, meeting answers and messages, the status measurement; they get
    # the week's families from the page), the read event (with its families and persons) and
    # the frame: 27 today, the same for one family or nine.
    assert len(many) == len(few) <= 27


def test_the_partners_list(world, login):
    h.agreement(world.case, date(2026, 12, 1), world.alice, owner=world.carol, task="Vurdere skole")
    meeting = h.meeting(world.case, "network", date(2026, 12, 3), world.alice, status="planned")
    meeting.participants.create(kind="staff", user=world.carol, invitation="invited")
    html = login(world.carol).get(reverse("my_tasks")).content.decode()
    assert "Vurdere skole" in html and "Netværksmøde" in html
    html = login(world.dave).get(reverse("my_tasks")).content.decode()
    assert "Vurdere skole" not in html


def test_the_core_team_agenda(world, login):
    services.major_change_record(
        by=world.alice, case=world.case, on=date(2026, 11, 18), description="Flytter"
    )
    quiet = _family(world, "Familien Stille", contact_on=date(2026, 11, 2))
    h.start_up(quiet, date(2026, 3, 1), world.alice, world.parent)
    h.followup(quiet, date(2026, 10, 1), world.alice)
    client = login(world.bob)
    html = client.get(reverse("core_team_agenda")).content.decode()
    families = html.split("<h2>Dagsorden</h2>")[1].split('id="agenda-manual-heading"')[0]
    assert "Familien Hansen" in families and "Væsentlig ændring 18.11." in families
    assert "Familien Stille" not in families
    response = client.post(
        reverse("agenda_item_add"), {"uge": "2026-11-23", "family": world.family.pk, "title": "x"}
    )
    item = AgendaItem.objects.get(family=world.family)
    assert response["Location"] == reverse("agenda_minutes", args=[item.pk])
    client.post(reverse("agenda_minutes", args=[item.pk]), {"minutes": "Aftalt nyt udredningsmøde"})
    client.post(reverse("agenda_item_add"), {"uge": "2026-11-25", "title": "Ferieplan"})
    html = client.get(reverse("core_team_agenda")).content.decode()
    assert "Aftalt nyt udredningsmøde" in html
    assert "Ferieplan" in html.split('id="agenda-manual"')[1]
    assert AgendaItem.objects.get(title="Ferieplan").week == date(2026, 11, 23)


def test_compliance_figures_from_known_data(world, login):
    # Ishøj: the Hansens (enrolled 1 Feb) and three more families.
    a = _family(world, "Familien A", contact_on=date(2026, 10, 5))
    b = _family(world, "Familien B", contact_on=date(2026, 10, 6))
    h.contact(b, date(2026, 11, 3), world.alice)
    c = _family(world, "Familien C")
    Case.objects.filter(pk=c.pk).update(enrolled_on=date(2026, 11, 2))
    h.followup(a, date(2026, 9, 1), world.alice)  # within 3 months at the end of Oct and Nov
    h.followup(b, date(2026, 7, 1), world.alice)  # due 1 Oct: overdue at the end of Oct
    h.plan_agreed(a, date(2026, 2, 20), world.alice, world.parent)
    data = compliance(cases=Case.objects.filter(centre=world.centre), today=TODAY)
    assert [m.isoformat() for m in data["months"]][-2:] == ["2026-10-01", "2026-11-01"]
    (ishoj,) = data["municipalities"]
    oct_, nov = -2, -1
    assert (ishoj.contact[oct_].done, ishoj.contact[oct_].total) == (2, 3)
    assert (ishoj.contact[nov].done, ishoj.contact[nov].total) == (1, 4)
    # Follow-up: Hansen (none since 1 Feb) and B overdue; A fine; C is new in November.
    assert (ishoj.followup[oct_].done, ishoj.followup[oct_].total) == (1, 3)
    assert (ishoj.followup[nov].done, ishoj.followup[nov].total) == (2, 4)
    # Start-up: A, B and Hansen enrolled 1 Feb (the factory); only A had the plan in 8 weeks.
    feb = (
        [m.month for m in data["months"]].index(2)
        if 2 in [m.month for m in data["months"]]
        else None
    )
    assert feb is None  # six months back from November is June
    assert ishoj.startup[nov].total == 0  # C's eight weeks have not passed
    (alice,) = data["coordinators"]
    assert alice.label == "Alice" or alice.label.startswith("Alice")
    response = login(world.erin).get(reverse("compliance"))
    html = response.content.decode()
    assert 'Kontakt i måneden: 67&nbsp;% <span class="indgang-muted">(2 af 3)' in html
    assert "Ishøj" in html
    assert AuditEvent.objects.filter(action="view", object_type="compliance").exists()


def test_compliance_view_lists_the_overdue_from_the_nightly_table(world, login):
    services.due_compute(today=TODAY)
    html = login(world.frank).get(reverse("compliance")).content.decode()
    table = html.split('id="overdue"')[1].split("</table>")[0]
    assert "Familien Hansen" in table and "Familien Andersen" not in table


def test_reminders_are_sent_once_a_day_and_say_nothing_sensitive(world):
    h.agreement(world.case, date(2026, 11, 25), world.alice, owner=world.bob, task="Hemmelig")
    assert services.reminders_send(today=TODAY) == 2
    assert len(mail.outbox) == 2
    to_alice = next(m for m in mail.outbox if m.to == [world.alice.email])
    assert "Familien Hansen: kontakt overskredet 31.03.2026" in to_alice.body
    assert "opstarten mangler" in to_alice.body
    to_bob = next(m for m in mail.outbox if m.to == [world.bob.email])
    assert "Familien Hansen: din aftale forfalder 25.11.2026" in to_bob.body
    for message in mail.outbox:
        assert world.child.cpr not in message.body and world.child.cpr[:6] not in message.body
        assert "Hemmelig" not in message.body and "Alma" not in message.body
    assert services.reminders_send(today=TODAY) == 0
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2
    assert services.reminders_send(today=date(2026, 11, 24)) == 2  # a new day


def test_the_annual_cycle_and_its_feed(world, login):
    client_anonymous = Client()  # a calendar program: no session
    client = login(world.erin)
    response = client.post(
        reverse("annual_event_create"),
        {"title": "Statusmåling", "kind": "status_measurement", "first_on": "2026-01-15",
         "recurrence": "quarterly", "until": "", "description": "Kerneelementerne 1-6"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("annual_event_create"),
        {"title": "Styregruppe", "kind": "steering_group", "first_on": "2026-06-10",
         "recurrence": "none", "until": "2026-01-01"},
    )  # fmt: skip
    assert "før første gang" in response.content.decode() or response.status_code == 200
    AnnualEvent.objects.create(
        centre=world.centre, title="Byrådsorientering", kind="council_report",
        first_on=date(2025, 9, 1), recurrence="yearly", created_by=world.erin,
    )  # fmt: skip
    html = login(world.alice).get(reverse("annual_cycle")).content.decode()
    assert html.count("Statusmåling") >= 4 and "Byrådsorientering" in html
    feed = services.annual_feed_create(by=world.alice)
    feed = client_anonymous.get(reverse("annual_cycle_feed", args=[feed.token]))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(feed.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Statusmåling", "Byrådsorientering"}
    rule = events["Statusmåling"]["rrule"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["INTERVAL"] == [3]
    assert events["Statusmåling"].decoded("dtstart") == date(2026, 1, 15)
    assert events["Byrådsorientering"]["rrule"]["FREQ"] == ["YEARLY"]
    # ivan's centre has no events
    ivan = services.annual_feed_create(by=world.ivan)
    url = reverse("annual_cycle_feed", args=[ivan.token])
    assert not list(icalendar.Calendar.from_ical(client_anonymous.get(url).content).walk("VEVENT"))


def test_the_annual_cycle_feed_is_subscribed_to_with_a_secret_revocable_token(world, login, client):
    AnnualEvent.objects.create(
        centre=world.centre, title="Statusmåling", kind="status_measurement",
        first_on=date(2026, 1, 15), recurrence="quarterly", created_by=world.erin,
    )  # fmt: skip
    alice = login(world.alice)
    assert alice.post(reverse("annual_cycle_subscription"), {"action": "new"}).status_code == 302
    feed = AnnualCycleFeed.objects.get(user=world.alice, revoked_at__isnull=True)
    url = reverse("annual_cycle_feed", args=[feed.token])
    assert url in alice.get(reverse("annual_cycle")).content.decode()
    assert len(feed.token) >= 40  # secrets.token_urlsafe(32)

    client.logout()  # a calendar program has no session
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Statusmåling"]
    assert AuditEvent.objects.filter(
        user=world.alice, object_type="annualcyclefeed", summary="Årshjulsfeed hentet"
    ).exists()
    assert client.post(url).status_code in (403, 404, 405)  # read-only

    # A new address replaces the old one at once.
    login(world.alice).post(reverse("annual_cycle_subscription"), {"action": "new"})
    newer = AnnualCycleFeed.objects.get(user=world.alice, revoked_at__isnull=True)
    client.logout()
    assert client.get(url).status_code == 404
    newer_url = reverse("annual_cycle_feed", args=[newer.token])
    assert client.get(newer_url).status_code == 200

    # Revoked, unknown: 404, exactly like a token that never existed.
    login(world.alice).post(reverse("annual_cycle_subscription"), {"action": "revoke"})
    client.logout()
    assert client.get(newer_url).status_code == 404
    assert client.get(reverse("annual_cycle_feed", args=["guess"])).status_code == 404
    assert not AnnualCycleFeed.objects.filter(user=world.alice, revoked_at__isnull=True).exists()


def test_the_annual_cycle_feed_stops_when_its_owner_leaves(world, client):
    feed = services.annual_feed_create(by=world.alice)
    url = reverse("annual_cycle_feed", args=[feed.token])
    assert client.get(url).status_code == 200
    world.alice.is_active = False
    world.alice.save()
    assert client.get(url).status_code == 404
