"""The follow-up pages in the access matrix (see tests/matrix.py)."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from indgang.followup import agenda, services
from indgang.followup.models import AgendaItem
from tests.matrix import BROWSERS, LEADERS, MANAGERS, PERSONAS, VIEWERS, Entry, family_page

TEAM = {"alice", "bob", "erin", "frank", "ivan"}  # coordinators, core team, leaders of a centre

ENTRIES = {
    # A partner does not see the contact log (DOMAIN.md section 7): a 404, as if missing.
    "contact_list": family_page(VIEWERS - {"carol"}, denied=404),
    "contact_create": family_page(MANAGERS),
    "major_change_create": family_page(MANAGERS),
    "case_cadence_edit": family_page(MANAGERS),
    "my_week": Entry(allowed=BROWSERS),
    "my_tasks": Entry(allowed=BROWSERS),
    "core_team_agenda": Entry(allowed=TEAM),
    "agenda_item_add": Entry(allowed=TEAM, method="post", ok=302, data={"title": "Punkt"}),
    # An item of centre A looks missing to everyone outside its team.
    "agenda_minutes": Entry(allowed=TEAM - {"ivan"}, kwargs="agenda_item", denied=404),
    # Coordinators and leaders plan the weekly meeting; another centre's meeting looks missing.
    "core_team_meeting_plan": Entry(allowed=TEAM - {"bob"}),
    "core_team_meeting_edit": Entry(allowed=MANAGERS, kwargs="weekly_meeting", denied=404),
    "compliance": Entry(allowed=LEADERS),
    "compliance_cases": Entry(allowed=LEADERS),
    "municipality_cadence": Entry(allowed=LEADERS),
    "annual_cycle": Entry(allowed=TEAM),
    "annual_cycle_subscription": Entry(allowed=TEAM, method="post", ok=302),
    # No login: the secret token is the key (a wrong or revoked token is a 404).
    "annual_cycle_feed": Entry(allowed=set(PERSONAS), anonymous=200, kwargs="annual_feed"),
    "annual_event_create": Entry(allowed=LEADERS),
}


def objects(world) -> dict:
    item = AgendaItem.objects.create(
        centre=world.centre,
        week=date(2026, 11, 23),
        title="Punkt",
        added_by=world.erin,
        family=world.family,
    )
    feed = services.annual_feed_create(by=world.alice)
    meeting = agenda.weekly_meeting_plan(
        by=world.erin,
        centre=world.centre,
        starts_at=datetime(2026, 11, 24, 9, tzinfo=ZoneInfo("Europe/Copenhagen")),
        ends_at=None,
        place="Mødelokale 1",
    )
    return {
        "agenda_item": item,
        "annual_feed": SimpleNamespace(pk=feed.token),
        "weekly_meeting": meeting,
    }
