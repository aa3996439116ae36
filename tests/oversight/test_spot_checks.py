"""Spot checks: drawn within tenancy, weighted towards the risky reads, marked once, logged."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from indgang.audit.models import AuditEvent, SpotCheck
from indgang.followup.models import AnnualEvent
from indgang.followup.selectors import annual_cycle
from indgang.oversight import selectors, services
from indgang.oversight.models import SampleReason
from tests import factories as f

CPH = ZoneInfo("Europe/Copenhagen")


def _read(user, family, *, at=None, action="view", summary="Familieoverblik"):
    event = AuditEvent(user=user, action=action, family_id=family.pk, summary=summary)
    if at is not None:
        event.at = at
    event.save()
    return event


def _office(day=18, hour=10):
    return datetime(2026, 11, day, hour, 0, tzinfo=CPH)  # 18 November 2026 is a Wednesday


def test_draw_stays_in_tenancy(world, login):
    for _ in range(5):
        _read(world.alice, world.family)
        _read(world.ivan, world.other_family)
    login(world.erin).post(reverse("spot_check"), {"action": "draw"})
    drawn = SpotCheck.objects.select_related("event")
    assert drawn.count() == 5
    assert {c.event.family_id for c in drawn} == {world.family.pk}
    # ...and the other centre's checks never show on her page or answer her marks.
    other = SpotCheck.objects.create(
        event=_read(world.ivan, world.other_family, summary="Andet center"), drawn_by=world.ivan
    )
    client = login(world.erin)
    assert "Andet center" not in client.get(reverse("spot_check")).content.decode()
    response = client.post(reverse("spot_check_mark", args=[other.pk]), {"verdict": "legitimate"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.verdict == "pending"


def test_sample_is_weighted_towards_value_jumps_off_hours_and_volume(world):
    ordinary = [_read(world.alice, world.family, at=_office(hour=10)) for _ in range(40)]
    jump = _read(world.bob, world.family, action="value_jump", at=_office(hour=11))
    night = _read(world.alice, world.family, at=_office(hour=22))
    saturday = _read(world.alice, world.family, at=_office(day=21, hour=10))
    early = _read(world.alice, world.family, at=datetime(2026, 11, 18, 6, 30, tzinfo=CPH))
    # frank reads far more than the centre's median (alice 43, bob 1, erin 1, frank 70 → 22)
    _read(world.erin, world.family, at=_office(hour=9))
    heavy = [_read(world.frank, world.family, at=_office(hour=12)) for _ in range(70)]
    assert world.frank.pk in selectors.unusual_volume_users(user=world.heidi, since=_office(day=1))
    picks = dict(
        (event.pk, reason)
        for event, reason in selectors.spot_check_candidates(user=world.heidi, size=10, seed=7)
    )
    assert len(picks) == 10
    assert picks[jump.pk] == SampleReason.Reason.VALUE_JUMP
    off_hours = [pk for pk, r in picks.items() if r == SampleReason.Reason.OFF_HOURS]
    assert len(off_hours) == 3 and set(off_hours) <= {night.pk, saturday.pk, early.pk}
    volume = [pk for pk, r in picks.items() if r == SampleReason.Reason.VOLUME]
    assert len(volume) == 2 and set(volume) <= {e.pk for e in heavy}
    randoms = [pk for pk, r in picks.items() if r == SampleReason.Reason.RANDOM]
    assert len(randoms) == 4 and set(randoms) <= {e.pk for e in ordinary + heavy}


def test_reviewer_cannot_mark_her_own_access(world, login):
    own = SpotCheck.objects.create(event=_read(world.erin, world.family), drawn_by=world.heidi)
    client = login(world.erin)
    page = client.get(reverse("spot_check")).content.decode()
    assert "Dit eget opslag" in page
    response = client.post(
        reverse("spot_check_mark", args=[own.pk]), {"verdict": "legitimate"}, follow=True
    )
    assert "du selv har foretaget" in response.content.decode()
    own.refresh_from_db()
    assert own.verdict == "pending" and own.checked_by is None
    # The DPO may mark it.
    login(world.heidi).post(reverse("spot_check_mark", args=[own.pk]), {"verdict": "legitimate"})
    own.refresh_from_db()
    assert own.verdict == "legitimate" and own.checked_by == world.heidi


def test_a_verdict_is_never_overwritten(world, login):
    spot = SpotCheck.objects.create(event=_read(world.alice, world.family), drawn_by=world.erin)
    login(world.erin).post(
        reverse("spot_check_mark", args=[spot.pk]), {"verdict": "questioned", "note": "Spørg"}
    )
    response = login(world.frank).post(
        reverse("spot_check_mark", args=[spot.pk]), {"verdict": "legitimate"}, follow=True
    )
    assert "allerede vurderet" in response.content.decode()
    spot.refresh_from_db()
    assert (spot.verdict, spot.note, spot.checked_by) == ("questioned", "Spørg", world.erin)
    with pytest.raises(ValidationError):
        services.spot_check_mark(spot_check=spot, by=world.heidi, verdict="legitimate")
    # The database refuses it too, whatever the path.
    with pytest.raises(DatabaseError), transaction.atomic():
        SpotCheck.objects.filter(pk=spot.pk).update(verdict="legitimate")
    with pytest.raises(DatabaseError), transaction.atomic():
        SpotCheck.objects.filter(pk=spot.pk).delete()


def test_draw_and_mark_are_audited(world, login):
    _read(world.alice, world.family)
    client = login(world.heidi)
    client.post(reverse("spot_check"), {"action": "draw"})
    draw = AuditEvent.objects.get(object_type="spotcheck", action="create", user=world.heidi)
    spot = SpotCheck.objects.get()
    assert draw.changes["event"] == [None, [spot.event_id]]
    assert draw.family_id == world.family.pk
    client.post(reverse("spot_check_mark", args=[spot.pk]), {"verdict": "legitimate"})
    mark = AuditEvent.objects.get(object_type="spotcheck", action="change")
    assert mark.user == world.heidi and mark.object_id == spot.pk
    assert mark.changes["verdict"] == ["pending", "legitimate"]
    # Looking at the spot checks is reading the log: logged as well.
    client.get(reverse("spot_check"))
    read = AuditEvent.objects.get(user=world.heidi, object_type="audit", summary="Stikprøvekontrol")
    assert read.action == "view" and read.family_id == world.family.pk


def test_report_counts_verdicts_and_lists_findings(world, login):
    checks = [
        SpotCheck.objects.create(event=_read(world.alice, world.family), drawn_by=world.heidi)
        for _ in range(3)
    ]
    services.spot_check_mark(spot_check=checks[0], by=world.erin, verdict="legitimate")
    services.spot_check_mark(
        spot_check=checks[1], by=world.erin, verdict="questioned", note="Ingen sag i centret"
    )
    SpotCheck.objects.create(event=_read(world.ivan, world.other_family), drawn_by=world.ivan)
    html = login(world.heidi).get(reverse("spot_check_report")).content.decode()
    assert "<strong>3</strong> opslag" in html  # the other centre's check is not counted
    assert "<td>Ikke kontrolleret</td><td>1</td>" in html
    assert "<td>I orden – arbejdsbetinget</td><td>1</td>" in html
    assert "<td>Skal undersøges</td><td>1</td>" in html
    assert "Ingen sag i centret" in html
    assert AuditEvent.objects.filter(
        user=world.heidi, object_type="audit", summary="Rapport over stikprøvekontrol"
    ).exists()


def test_monthly_reminder_in_the_annual_cycle(world, login):
    assert not AnnualEvent.objects.exists()
    client = login(world.erin)
    # Opening the page puts the monthly entry in the centre's annual cycle, once per centre.
    html = client.get(reverse("spot_check")).content.decode()
    assert "Sæt en månedlig påmindelse" not in html
    login(world.heidi).get(reverse("spot_check"))
    client = login(world.erin)
    client.post(reverse("spot_check"), {"action": "reminder"})
    reminder = AnnualEvent.objects.get(centre=world.centre)
    assert reminder.created_by == world.erin
    assert reminder.recurrence == "monthly" and reminder.title == "Stikprøvekontrol af loggen"
    cycle = annual_cycle(user=world.erin, year=2027)
    assert all(
        any(e.title == "Stikprøvekontrol af loggen" for _d, e in m["items"])
        for m in cycle["months"]
    )
    assert "står i centrets årshjul" in client.get(reverse("spot_check")).content.decode()


def test_dpo_may_draw_and_mark(world, login):
    assert world.heidi.has_perm("oversight.spot_check")
    assert not world.alice.has_perm("oversight.spot_check")
    assert not f.UserFactory(role="dpo", centre=None).has_perm("oversight.spot_check")


def test_the_demo_gives_each_centre_with_an_overseer_its_monthly_reminder(world):
    from indgang.oversight import demo

    demo.load(rng=None, users={})
    demo.load(rng=None, users={})  # idempotent
    assert list(AnnualEvent.objects.values_list("centre_id", "recurrence")) == [
        (world.centre.pk, "monthly")
    ]
