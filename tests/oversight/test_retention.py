"""Retention: closed cases deleted after the municipality's period, the log about them later."""

import json
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from indgang.audit.models import AuditEvent, AuditPerson, SpotCheck
from indgang.families.models import Case, Family, Person
from indgang.followup.models import ContactLog
from indgang.oversight.models import RetentionDeletion, RetentionRule, RetentionRun
from indgang.oversight.retention import months_before
from tests import factories as f


def _closed_family(world, name, discharged_on):
    family = f.FamilyFactory(name=name, centre=world.centre, municipality=world.family.municipality)
    person = f.PersonFactory(family=family)
    case = f.CaseFactory(
        family=family,
        status=Case.Status.DISCHARGED,
        enrolled_on=date(2019, 2, 1),
        discharged_on=discharged_on,
        discharge_reason=Case.DischargeReason.CASE_CLOSED,
    )
    ContactLog.objects.create(
        case=case,
        on=date(2019, 3, 1),
        form=ContactLog.Form.PHONE,
        with_whom="Mor",
        initiative=ContactLog.Initiative.FAMILY,
        by=world.alice,
    )
    return family, person


def _old_event(user, at, family_id=None, person_ids=()):
    event = AuditEvent.objects.create(
        user=user, action=AuditEvent.Action.VIEW, at=at, family_id=family_id, summary="opslag"
    )
    AuditPerson.objects.bulk_create(
        AuditPerson(event=event, person_id=pid, at=at) for pid in person_ids
    )
    return event


def _at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 10, 0))


def _run(*args):
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def closed(world):
    old, old_person = _closed_family(world, "Familien Gammel", date(2021, 6, 1))
    young, young_person = _closed_family(world, "Familien Ung", date(2022, 6, 1))
    return old, old_person, young, young_person


def test_a_case_past_its_period_is_deleted_and_a_younger_one_kept(world, closed):
    old, old_person, young, _young_person = closed
    output = _run()
    assert not Family.objects.filter(pk=old.pk).exists()
    assert not Person.objects.filter(pk=old_person.pk).exists()
    assert Family.objects.filter(pk=young.pk).exists()
    assert Family.objects.filter(pk=world.family.pk).exists()  # open case: kept
    deletion = RetentionDeletion.objects.get()
    assert deletion.family_id == old.pk and deletion.person_ids == [old_person.pk]
    assert deletion.discharged_on == date(2021, 6, 1)
    assert "Slettet: 1 familier" in output and "followup.ContactLog: 1" in output


def test_the_municipalitys_own_period_counts(world, closed):
    _old, _op, young, _yp = closed
    RetentionRule.objects.create(municipality=world.family.municipality, case_years=3)
    _run()
    assert not Family.objects.filter(pk=young.pk).exists()


def test_log_rows_past_retention_go_and_younger_ones_stay(world, closed):
    old, old_person, young, _young_person = closed
    about_old = _old_event(world.alice, _at(2020, 5, 4), old.pk, [old_person.pk])
    checked = SpotCheck.objects.create(event=about_old, drawn_by=world.erin)
    SpotCheck.objects.filter(pk=checked.pk).update(
        verdict=SpotCheck.Verdict.LEGITIMATE, checked_by=world.erin, checked_at=_at(2020, 6, 1)
    )
    about_young = _old_event(world.alice, _at(2020, 5, 4), young.pk)
    about_hansen = _old_event(world.alice, _at(2020, 5, 4), world.family.pk)
    old_login = _old_event(world.alice, _at(2025, 1, 10))
    recent_login = _old_event(world.alice, _at(2026, 10, 1))

    _run()  # 23 November 2026: the family's data goes, its log stays six months more
    assert AuditEvent.objects.filter(pk=about_old.pk).exists()
    assert not AuditEvent.objects.filter(pk=old_login.pk).exists()
    assert AuditEvent.objects.filter(pk=recent_login.pk).exists()

    with time_machine.travel(date(2027, 6, 1), tick=False):
        fresh_login = _old_event(world.alice, _at(2027, 5, 1))
        _run()
    assert not AuditEvent.objects.filter(pk=recent_login.pk).exists()  # now over six months
    assert not AuditEvent.objects.filter(pk=about_old.pk).exists()
    assert not AuditPerson.objects.filter(event_id=about_old.pk).exists()
    assert not SpotCheck.objects.filter(pk=checked.pk).exists()
    # Young was deleted only now (its log has six months to run), Hansen still exists.
    for kept in (about_young, about_hansen, fresh_login):
        assert AuditEvent.objects.filter(pk=kept.pk).exists()
    assert RetentionDeletion.objects.get(family_id=old.pk).log_deleted_at is not None
    # The guards are back: the application still cannot delete a row.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=about_young.pk).delete()


def test_running_again_removes_nothing_more(world, closed):
    _old_event(world.alice, _at(2025, 1, 10))
    _run()
    before = (Family.objects.count(), AuditEvent.objects.count())
    output = _run()
    assert "Slettet: 0 familier" in output
    assert Family.objects.count() == before[0]
    # Only the second run's own audit event was added.
    assert AuditEvent.objects.count() == before[1] + 1
    assert RetentionDeletion.objects.count() == 1


def test_dry_run_removes_nothing_and_reports_what_a_run_would(world, closed, tmp_path):
    old, *_ = closed
    login_event = _old_event(world.alice, _at(2025, 1, 10))
    report = tmp_path / "rapport.json"
    output = _run("--dry-run", "--report", str(report))
    assert "Prøvekørsel" in output
    assert Family.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=login_event.pk).exists()
    assert not RetentionDeletion.objects.exists()
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["dry_run"] is True and data["families"] == 1
    assert data["counts"]["families.Family"] == 1
    assert data["counts"]["audit.AuditEvent"] == 1


def test_each_run_writes_its_audit_event_and_report(world, closed):
    _run()
    run = RetentionRun.objects.get()
    assert run.counts["families"] == 1 and run.counts["counts"]["families.Person"] == 1
    event = AuditEvent.objects.filter(object_type="retention").get()
    assert event.action == AuditEvent.Action.DELETE and event.username == "apply_retention"
    assert event.object_id == run.pk and event.changes["families"] == 1
    assert "Gammel" not in event.summary + json.dumps(event.changes)


def test_a_log_period_below_six_months_is_refused(world):
    rule = RetentionRule(municipality=world.family.municipality, log_months_after_case=3)
    with pytest.raises(ValidationError):
        rule.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        rule.save()


def test_months_before_keeps_the_day_or_the_months_last():
    assert months_before(date(2026, 11, 23), 6) == date(2026, 5, 23)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 11, 23), 60) == date(2021, 11, 23)


def test_the_sysadmin_sets_a_municipalitys_rule_in_the_administration_and_it_is_logged(
    world, login
):
    client = login(world.grace)
    response = client.post(
        reverse("admin:oversight_retentionrule_add"),
        {
            "municipality": world.family.municipality.pk,
            "case_years": 10,
            "log_months_after_case": 12,
            "log_minimum_months": 6,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = RetentionRule.objects.get()
    assert rule.case_years == 10
    event = AuditEvent.objects.get(object_type="retentionrule")
    assert event.user == world.grace and event.changes["case_years"] == [None, 10]
    refused = client.post(
        reverse("admin:oversight_retentionrule_add"),
        {
            "municipality": world.other_family.municipality.pk,
            "case_years": 5,
            "log_months_after_case": 2,
            "log_minimum_months": 6,
        },
    )
    assert refused.status_code == 200 and RetentionRule.objects.count() == 1
