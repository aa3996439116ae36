"""The leaders' list of value jumps, and putting one into the spot check."""

from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily, SpotCheck
from indgang.families.models import ValueJump
from indgang.families.value_jumps import value_jump_record
from indgang.oversight.models import SampleReason


def _jump(world, by=None, family=None, explanation="Alice er syg"):
    value_jump_record(
        by=by or world.bob,
        family=family or world.family,
        reason=ValueJump.Reason.OTHER,
        explanation=explanation,
    )
    return AuditEvent.objects.filter(action=AuditEvent.Action.VALUE_JUMP).latest("pk")


def test_leader_sees_who_which_family_when_and_why(world, login):
    _jump(world)
    html = login(world.erin).get(reverse("value_jump_list")).content.decode()
    assert "Bob" in html and "Familien Hansen" in html
    assert "Anden grund (skriv hvilken) – Alice er syg" in html


def test_dpo_sees_the_family_number_not_its_name(world, login):
    _jump(world)
    html = login(world.heidi).get(reverse("value_jump_list")).content.decode()
    assert "Alice er syg" in html
    assert "Familien Hansen" not in html and f"nr. {world.family.pk}" in html


def test_value_jumps_of_another_centre_are_not_listed(world, login):
    other = _jump(world, by=world.ivan, family=world.other_family, explanation="Andet center")
    html = login(world.erin).get(reverse("value_jump_list")).content.decode()
    assert "Andet center" not in html and "Familien Andersen" not in html
    # Nor can a leader put it into their spot check: it answers as missing.
    response = login(world.erin).post(reverse("value_jump_check", args=[other.pk]))
    assert response.status_code == 404
    assert not SpotCheck.objects.exists()


def test_reading_the_list_is_logged_with_the_families_shown(world, login):
    _jump(world)
    last = AuditEvent.objects.latest("pk").pk
    login(world.erin).get(reverse("value_jump_list"))
    event = AuditEvent.objects.get(pk__gt=last, user=world.erin, summary="Liste over værdispring")
    assert event.object_type == "audit"
    assert (
        event.family_id == world.family.pk
        or AuditFamily.objects.filter(event=event, family_id=world.family.pk).exists()
    )


def test_a_value_jump_goes_into_the_spot_check_once_and_is_marked_there(world, login):
    event = _jump(world)
    client = login(world.erin)
    response = client.post(reverse("value_jump_check", args=[event.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("spot_check")
    client.post(reverse("value_jump_check", args=[event.pk]))
    check = SpotCheck.objects.get()
    assert check.event == event and check.drawn_by == world.erin
    assert check.sample_reason.reason == SampleReason.Reason.VALUE_JUMP
    logged = AuditEvent.objects.filter(object_type="spotcheck", action="create")
    assert logged.count() == 1 and logged.get().family_id == world.family.pk
    html = client.get(reverse("value_jump_list")).content.decode()
    assert "Læg til stikprøvekontrol" not in html and "Ikke kontrolleret" in html
    client.post(reverse("spot_check_mark", args=[check.pk]), {"verdict": "legitimate"})
    check.refresh_from_db()
    assert check.verdict == SpotCheck.Verdict.LEGITIMATE and check.checked_by == world.erin
