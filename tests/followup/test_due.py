"""What is due and overdue, computed from the records (the world is frozen on 2026-11-23)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from indgang.families.models import Case
from indgang.followup import services
from indgang.followup.due import due_rows
from indgang.followup.models import CadenceProfile, ContactLog, DueStatus, MajorChange
from indgang.meetings.models import Meeting
from tests import factories as f
from tests.followup import helpers as h

TODAY = date(2026, 11, 23)


def _row(world):
    (row,) = due_rows(cases=Case.objects.filter(pk=world.case.pk), today=TODAY)
    return row


def test_a_new_family_with_nothing_done_is_overdue_everywhere(world):
    row = _row(world)  # enrolled 1 February 2026
    assert row.cadence.profile_name.startswith("KOS")
    assert row.next_contact_due == date(2026, 3, 31)
    assert row.contact_overdue
    assert row.next_followup_due == date(2026, 5, 1)
    assert row.followup_overdue
    assert row.startup_missing == ["assessment", "analysis", "plan"]
    assert row.startup_stalled


def test_contacts_follow_ups_start_up_and_agreements(world):
    h.contact(world.case, date(2026, 10, 15), world.alice)
    h.contact(world.case, date(2026, 9, 1), world.alice)
    h.followup(world.case, date(2026, 9, 1), world.alice)
    h.start_up(world.case, date(2026, 3, 1), world.alice, world.parent)
    h.agreement(world.case, date(2026, 11, 20), world.alice)
    h.agreement(world.case, date(2026, 11, 30), world.alice)
    row = _row(world)
    assert row.last_contact_on == date(2026, 10, 15)
    assert row.next_contact_due == date(2026, 11, 30)
    assert not row.contact_overdue and row.contact_due_soon
    assert row.next_followup_due == date(2026, 12, 1)
    assert not row.followup_overdue and row.followup_due_soon
    assert row.startup_missing == [] and not row.startup_stalled
    assert row.overdue_agreements == 1


def test_sammen_om_familien_follows_up_every_six_weeks_in_child_welfare_cases(world):
    sammen = CadenceProfile.objects.get(code="sammen-om-familien")
    services.municipality_cadence_set(
        by=world.erin, municipality=world.family.municipality, profile=sammen
    )
    h.followup(world.case, date(2026, 10, 1), world.alice)
    row = _row(world)
    assert row.next_contact_due is None and not row.contact_overdue
    assert row.next_followup_due == date(2026, 12, 31)  # 1 January is nytårsdag
    services.case_cadence_set(
        by=world.alice,
        case=world.case,
        profile=None,
        contact_every_months=None,
        child_welfare=True,
        reason="§ 50-undersøgelse iværksat",
    )
    assert _row(world).next_followup_due == date(2026, 11, 12)
    assert _row(world).followup_overdue


def test_a_family_can_have_its_own_contact_rhythm_with_a_reason(world):
    with pytest.raises(ValidationError) as error:
        services.case_cadence_set(
            by=world.alice,
            case=world.case,
            profile=None,
            contact_every_months=2,
            child_welfare=False,
            reason=" ",
        )
    assert "begrundelse" in str(error.value)
    services.case_cadence_set(
        by=world.alice,
        case=world.case,
        profile=None,
        contact_every_months=2,
        child_welfare=False,
        reason="Familien ønsker mere ro",
    )
    h.contact(world.case, date(2026, 10, 15), world.alice)
    assert _row(world).next_contact_due == date(2026, 12, 31)


def test_contact_before_enrolment_or_in_the_future_is_refused(world):
    data = {"form": "phone", "with_whom": "Mor", "initiative": "family", "summary": ""}
    for on, message in (
        (date(2026, 1, 31), "før indskrivningen"),
        (date(2026, 11, 24), "fremtiden"),
    ):
        with pytest.raises(ValidationError) as error:
            services.contact_record(by=world.alice, case=world.case, data={**data, "on": on})
        assert message in str(error.value)
    assert not ContactLog.objects.exists()
    referred = f.CaseFactory(family=f.FamilyFactory(centre=world.centre))
    with pytest.raises(ValidationError, match="ikke indskrevet"):
        services.contact_record(by=world.alice, case=referred, data={**data, "on": TODAY})
    services.contact_record(by=world.alice, case=world.case, data={**data, "on": TODAY})
    assert ContactLog.objects.count() == 1


def test_a_major_change_restarts_the_start_up(world):
    h.start_up(world.case, date(2026, 3, 1), world.alice, world.parent)
    assert _row(world).startup_missing == []
    services.major_change_record(
        by=world.alice, case=world.case, on=date(2026, 11, 10), description="Ny diagnose"
    )
    assert MajorChange.objects.count() == 1
    types = set(
        Meeting.objects.filter(case=world.case, status="to_schedule").values_list("type", flat=True)
    )
    assert types == {"assessment", "analysis_1", "analysis_2"}
    row = _row(world)
    assert row.startup_since == date(2026, 11, 10)
    assert row.startup_missing == ["assessment", "analysis", "plan"]
    assert not row.startup_stalled  # eight weeks have not passed
    with pytest.raises(ValidationError):
        services.major_change_record(
            by=world.alice, case=world.case, on=date(2026, 11, 10), description=""
        )
    assert MajorChange.objects.count() == 1


def test_the_nightly_computation_materialises_every_enrolled_case(
    world, django_assert_max_num_queries
):
    for n in range(5):
        family = f.FamilyFactory(centre=world.centre, municipality=world.family.municipality)
        case = f.CaseFactory(family=family, enrolled=True)
        f.assign(case, world.alice)
        h.contact(case, date(2026, 11, 2 + n), world.alice)
    f.CaseFactory(family=f.FamilyFactory(centre=world.centre))  # only referred: not counted
    with django_assert_max_num_queries(12):
        count = services.due_compute(today=TODAY)
    assert count == 7  # the Hansens, five new, and the Andersens in the other centre
    assert DueStatus.objects.count() == 7
    hansen = DueStatus.objects.get(case=world.case)
    assert hansen.contact_overdue and hansen.coordinator == world.alice
    assert hansen.startup_missing == "assessment,analysis,plan"
    assert DueStatus.objects.filter(contact_overdue=False).count() == 5
    services.due_compute(today=TODAY)  # run again: replaced, not duplicated
    assert DueStatus.objects.count() == 7


def _stored(world):
    from indgang.followup.due import row_from_status

    status = DueStatus.objects.get(case=world.case)
    return row_from_status(status, family_name=world.family.name, today=TODAY)


def test_the_stored_row_says_what_the_computation_says_after_every_change(world):
    """The family overview reads the stored row: it must agree with computing the case now,
    cadence and investigation included, after each kind of change."""
    import dataclasses

    def same():
        services.due_refresh(case_ids=[world.case.pk], today=TODAY)  # as the change did
        assert dataclasses.asdict(_stored(world)) == dataclasses.asdict(_row(world))

    same()
    h.contact(world.case, date(2026, 10, 15), world.alice)
    same()
    sammen = CadenceProfile.objects.get(code="sammen-om-familien")
    services.municipality_cadence_set(
        by=world.erin, municipality=world.family.municipality, profile=sammen
    )
    same()
    services.case_cadence_set(
        by=world.alice,
        case=world.case,
        profile=None,
        contact_every_months=2,
        child_welfare=True,
        reason="Forældrene ønsker færre opkald",
    )
    same()
    assert _stored(world).cadence.contact_every_months == 2
    assert _stored(world).child_welfare == "marked"


def test_a_new_municipality_cadence_moves_its_cases_due_dates_at_once(world):
    services.due_refresh(case_ids=[world.case.pk])
    before = DueStatus.objects.get(case=world.case)
    assert before.contact_every_months == 1
    sammen = CadenceProfile.objects.get(code="sammen-om-familien")
    services.municipality_cadence_set(
        by=world.erin, municipality=world.family.municipality, profile=sammen
    )
    after = DueStatus.objects.get(case=world.case)
    assert after.contact_every_months is None and after.next_contact_due is None
    assert after.profile_name == sammen.name


def test_migrate_fills_an_emptied_due_table(world):
    """A migration that changes the due table empties it; migrate's end computes it again."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    DueStatus.objects.all().delete()
    config = apps.get_app_config("followup")
    post_migrate.send(sender=config, app_config=config, using="default", verbosity=0)
    assert DueStatus.objects.filter(case=world.case).exists()


def test_the_week_reads_the_stored_rows_and_computes_a_case_that_has_none(world):
    import dataclasses

    from indgang.followup.due import stored_due_rows

    h.contact(world.case, date(2026, 10, 15), world.alice)
    services.due_refresh(case_ids=[world.case.pk], today=TODAY)
    other = f.CaseFactory(family=f.FamilyFactory(centre=world.centre), enrolled=True)
    DueStatus.objects.filter(case=other).delete()  # as if loaded without the signals
    referred = f.CaseFactory(family=f.FamilyFactory(centre=world.centre))
    rows = stored_due_rows(case_ids=[world.case.pk, other.pk, referred.pk], today=TODAY)
    live = due_rows(cases=Case.objects.filter(pk__in=[world.case.pk, other.pk]), today=TODAY)
    assert sorted(r.case_id for r in rows) == sorted([world.case.pk, other.pk])
    by_case = {r.case_id: dataclasses.asdict(r) for r in live}
    assert all(dataclasses.asdict(r) == by_case[r.case_id] for r in rows)
