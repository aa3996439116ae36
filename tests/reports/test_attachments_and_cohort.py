"""Recording day care and school; the cohort command."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from indgang.audit.models import AuditEvent
from indgang.families.models import Case, Family
from indgang.reports import services
from indgang.reports.models import DaycareAttachment

K = DaycareAttachment.Kind


def test_a_new_place_ends_the_current_one(world):
    first = services.attachment_record(
        person=world.child, kind=K.DAYCARE, started_on=date(2025, 8, 1), by=world.alice
    )
    second = services.attachment_record(
        person=world.child, kind=K.SPECIAL_DAYCARE, started_on=date(2026, 2, 1), by=world.alice
    )
    first.refresh_from_db()
    assert first.ended_on == date(2026, 1, 31)
    assert second.ended_on is None
    assert AuditEvent.objects.filter(object_type="daycareattachment").count() == 2
    with pytest.raises(ValidationError):
        services.attachment_record(
            person=world.child, kind=K.SCHOOL, started_on=date(2026, 1, 1), by=world.alice
        )
    assert DaycareAttachment.objects.count() == 2  # nothing half-saved
    services.attachment_end(attachment=second, ended_on=date(2026, 6, 30), by=world.alice)
    with pytest.raises(ValidationError):
        services.attachment_end(attachment=second, ended_on=date(2026, 1, 1), by=world.alice)


def test_cohort_command_discharges_and_is_idempotent(world):
    f_count = Family.objects.count()
    call_command("load_kos_cohort", "--centre", world.centre.name)
    assert Family.objects.count() == f_count + 21
    cases = Case.objects.filter(referral_source__startswith="KOS-kohorten")
    assert cases.count() == 21
    assert set(cases.values_list("discharged_on", flat=True)) == {date(2022, 12, 31)}
    call_command("load_kos_cohort", "--centre", world.centre.name)
    assert Family.objects.count() == f_count + 21


@pytest.mark.parametrize(
    "args",
    [
        ["--centre", "Intet center"],
        ["--discharge-on", "31-12-2022"],
        ["--discharge-on", "2021-01-01"],
    ],
)
def test_cohort_command_bad_input(world, args):
    if args[0] == "--discharge-on":
        args = ["--centre", world.centre.name, *args]
    with pytest.raises(CommandError) as raised:
        call_command("load_kos_cohort", *args)
    assert raised.value.returncode == 2
