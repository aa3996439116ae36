"""The data-protection officer's front page: the week's reads in their tenancy at a glance.

A screenshot review found the DPO's front page nearly empty. It now shows this week's
reads (all, outside office hours, value jumps), staff with unusual volume, open spot
checks, the latest value jumps and exports, and links to the oversight pages.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.audit.services import Action, audit_record
from indgang.families.models import ValueJump
from indgang.families.value_jumps import value_jump_record
from indgang.organisation.models import Role
from tests import factories as f

CPH = ZoneInfo("Europe/Copenhagen")
WEDNESDAY_NOON = datetime(2026, 11, 25, 12, tzinfo=CPH)  # the week began Monday 23 Nov


def _read(world, at):
    with time_machine.travel(at, tick=False):
        audit_record(
            user=world.alice,
            action=Action.VIEW,
            object_type="family",
            object_id=world.family.pk,
            family_id=world.family.pk,
            summary="Familiens side",
        )


def _week(world):
    _read(world, datetime(2026, 11, 20, 10, tzinfo=CPH))  # last week: not counted
    _read(world, datetime(2026, 11, 24, 10, tzinfo=CPH))
    _read(world, datetime(2026, 11, 24, 11, tzinfo=CPH))
    _read(world, datetime(2026, 11, 24, 22, tzinfo=CPH))  # outside office hours
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=CPH), tick=False):
        value_jump_record(
            by=world.bob, family=world.family, reason=ValueJump.Reason.OTHER, explanation="Syg"
        )


def _front_page(login, user):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        response = login(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _figure(html, term):
    start = html.index(f"<dt>{term}</dt><dd>") + len(f"<dt>{term}</dt><dd>")
    return html[start : html.index("</dd>", start)]


def test_the_dpo_sees_the_weeks_reads_and_the_latest_value_jumps(world, login):
    _week(world)
    html = _front_page(login, world.heidi)
    assert "Loggen i denne uge" in html
    assert "mandag 23. nov. 2026" in html
    assert _figure(html, "Læsninger") == "4"  # three reads and the value jump
    assert _figure(html, "Uden for kontortid") == "1"
    assert _figure(html, "Værdispring") == "1"
    assert _figure(html, "Stikprøver, der venter på vurdering") == "0"
    table = html[html.index('id="home-dpo-value-jumps"') : html.index("</table>")]
    assert "25.11.2026 09.00" in table and world.bob.get_full_name() in table
    assert "Anden grund (skriv hvilken) – Syg" in table
    for name in ("who_has_seen", "spot_check", "value_jump_list", "audit_search"):
        assert f'href="{reverse(name)}"' in html


def test_the_dpos_look_at_the_log_is_logged_with_the_families_shown(world, login):
    _week(world)
    last = AuditEvent.objects.latest("pk").pk
    _front_page(login, world.heidi)
    event = AuditEvent.objects.get(pk__gt=last, user=world.heidi, object_type="audit")
    assert event.summary == "Forside: overblik over loggen"
    assert (
        event.family_id == world.family.pk
        or AuditFamily.objects.filter(event=event, family_id=world.family.pk).exists()
    )


def test_a_dpo_of_other_municipalities_sees_none_of_it(world, login):
    _week(world)
    other_dpo = f.UserFactory(username="otto", role=Role.DPO, centre=world.other_centre)
    html = _front_page(login, other_dpo)
    assert "Loggen i denne uge" in html
    assert _figure(html, "Læsninger") == "0"
    assert _figure(html, "Værdispring") == "0"
    assert "Syg" not in html and world.bob.get_full_name() not in html
    assert "Der er ingen værdispring." in html


def test_other_roles_get_no_log_panel(world, login):
    _week(world)
    for user in (world.alice, world.erin, world.bob):
        html = _front_page(login, user)
        assert 'id="home-dpo"' not in html
    assert not AuditEvent.objects.filter(summary="Forside: overblik over loggen").exists()
