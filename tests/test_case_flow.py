"""The case flow through the services: referral to discharge, and every refusal on the way."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.families import services
from indgang.families.models import Case, Family, Person
from tests import factories as f


def _referral(world, *, child_born=date(2023, 6, 1), **kw):
    return services.family_create(
        by=world.alice,
        centre=world.centre,
        family_data={"name": "Familien Berg", "municipality": world.centre.municipalities.first()},
        members=[
            {
                "first_name": "Ida",
                "last_name": "Berg",
                "cpr": f.cpr_for(child_born, 5),
                "relation": "child",
            },
            {
                "first_name": "Nadia",
                "last_name": "Berg",
                "cpr": "020388-1234",
                "relation": "parent",
                "has_custody": True,
                "email": "nadia@familie.invalid",
            },
        ],
        referred_on=date(2026, 10, 1),
        **kw,
    )


def _members(family):
    return (
        family.members.get(relation=Person.Relation.CHILD),
        family.members.get(relation=Person.Relation.PARENT),
    )


def test_referral_to_enrolment_to_discharge_and_reenrolment(world):
    family = _referral(world)
    case = family.cases.get()
    assert case.status == Case.Status.REFERRED
    child, parent = _members(family)

    services.eligibility_assess(
        by=world.alice,
        case=case,
        child=child,
        assessed_on=date(2026, 10, 5),
        judged_by="Specialrådgiverne",
        several_interventions_expected=True,
        significant_daily_life_effect=True,
    )
    services.consent_record(
        by=world.alice, case=case, given_by=parent, given_on=date(2026, 10, 6), covers="Alt"
    )
    services.case_enrol(
        by=world.frank,
        case=case,
        enrolled_on=date(2026, 10, 7),
        coordinator=world.alice,
        prior_case_months=14,
    )
    case.refresh_from_db()
    assert case.status == Case.Status.ENROLLED
    assert case.age_at_enrolment == 3 and case.age_group == "2-6 år"
    assert case.coordinator_assignments.get(ended_on__isnull=True).coordinator == world.alice
    assert [c.to_status for c in case.status_changes.all()] == [
        "referred",
        "eligibility_assessed",
        "consent_given",
        "enrolled",
    ]

    services.case_discharge(
        by=world.alice, case=case, discharged_on=date(2026, 11, 1), reason="moved_away"
    )
    case.refresh_from_db()
    assert case.status == Case.Status.DISCHARGED
    assert not case.coordinator_assignments.filter(ended_on__isnull=True).exists()

    # Re-enrolment opens a new case; the old one is kept as history.
    new_case = services.case_open(by=world.alice, family=family, referred_on=date(2026, 11, 10))
    assert family.cases.count() == 2 and new_case.status == Case.Status.REFERRED


def test_babies_qualify_automatically_and_older_children_need_both_criteria(world):
    family = _referral(world, child_born=date(2025, 12, 1))
    child, _ = _members(family)
    assessment = services.eligibility_assess(
        by=world.alice,
        case=family.cases.get(),
        child=child,
        assessed_on=date(2026, 10, 2),
        judged_by="X",
    )
    assert assessment.automatic and assessment.eligible

    family2 = services.family_create(
        by=world.alice,
        centre=world.centre,
        family_data={"name": "Familien Lind", "municipality": world.centre.municipalities.first()},
        members=[
            {
                "first_name": "Bo",
                "last_name": "Lind",
                "cpr": f.cpr_for(date(2022, 1, 1), 5),
                "relation": "child",
            }
        ],
        referred_on=date(2026, 10, 1),
    )
    case2 = family2.cases.get()
    child2 = family2.members.get()
    with pytest.raises(ValidationError, match="begge kriterier"):
        services.eligibility_assess(
            by=world.alice, case=case2, child=child2, assessed_on=date(2026, 10, 2), judged_by="X"
        )
    not_eligible = services.eligibility_assess(
        by=world.alice,
        case=case2,
        child=child2,
        assessed_on=date(2026, 10, 2),
        judged_by="X",
        several_interventions_expected=True,
        significant_daily_life_effect=False,
    )
    assert not not_eligible.eligible
    case2.refresh_from_db()
    assert case2.status == Case.Status.REFERRED


def test_age_limits_are_a_municipal_setting(world):
    municipality = world.centre.municipalities.first()
    municipality.criteria_max_age = 17  # the roll-out to 0-17
    municipality.save()
    family = _referral(world, child_born=date(2014, 1, 1))
    child, _ = _members(family)
    assessment = services.eligibility_assess(
        by=world.alice,
        case=family.cases.get(),
        child=child,
        assessed_on=date(2026, 10, 2),
        judged_by="X",
        several_interventions_expected=True,
        significant_daily_life_effect=True,
    )
    assert assessment.eligible and assessment.age_at_assessment == 12


def test_no_enrolment_without_consent_whatever_the_age(world):
    family = _referral(world, child_born=date(2026, 3, 1))
    case = family.cases.get()
    child, _ = _members(family)
    services.eligibility_assess(
        by=world.alice, case=case, child=child, assessed_on=date(2026, 10, 2), judged_by="X"
    )
    with pytest.raises(ValidationError, match="samtykke"):
        services.case_enrol(
            by=world.alice, case=case, enrolled_on=date(2026, 10, 3), coordinator=world.alice
        )
    case.refresh_from_db()
    assert case.status == Case.Status.ELIGIBILITY_ASSESSED and case.enrolled_on is None


def test_withdrawn_consent_discharges_the_family(world):
    family = _referral(world, child_born=date(2026, 3, 1))
    case = family.cases.get()
    child, parent = _members(family)
    services.eligibility_assess(
        by=world.alice, case=case, child=child, assessed_on=date(2026, 10, 2), judged_by="X"
    )
    consent = services.consent_record(
        by=world.alice, case=case, given_by=parent, given_on=date(2026, 10, 3), covers="Alt"
    )
    services.case_enrol(
        by=world.alice, case=case, enrolled_on=date(2026, 10, 4), coordinator=world.alice
    )
    services.consent_withdraw(by=world.alice, consent=consent, withdrawn_on=date(2026, 11, 2))
    case.refresh_from_db()
    assert case.status == Case.Status.DISCHARGED
    assert case.discharge_reason == Case.DischargeReason.CONSENT_WITHDRAWN


def test_discharge_before_enrolment_is_refused(world):
    case = _referral(world).cases.get()
    with pytest.raises(ValidationError) as error:
        services.case_discharge(
            by=world.alice, case=case, discharged_on=date(2026, 10, 5), reason="aged_out"
        )
    assert "ikke indskrevet" in str(error.value)
    case.refresh_from_db()
    assert case.status == Case.Status.REFERRED


def test_double_enrolment_is_refused_and_changes_nothing(world):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="allerede indskrevet"):
        services.case_enrol(
            by=world.alice, case=world.case, enrolled_on=date(2026, 3, 1), coordinator=world.alice
        )
    world.case.refresh_from_db()
    assert world.case.enrolled_on == date(2026, 2, 1)
    assert AuditEvent.objects.count() == before


def test_a_failed_referral_saves_nothing(world):
    families = Family.objects.count()
    with pytest.raises(ValidationError):
        services.family_create(
            by=world.alice,
            centre=world.centre,
            family_data={
                "name": "Familien Dobbelt",
                "municipality": world.centre.municipalities.first(),
            },
            members=[
                {"first_name": "A", "last_name": "B", "cpr": "170522-5123", "relation": "child"},
                # the same number again: the second person is refused, and so is the whole family
                {"first_name": "C", "last_name": "B", "cpr": "1705225123", "relation": "parent"},
            ],
            referred_on=date(2026, 10, 1),
        )
    assert Family.objects.count() == families
    assert not Person.objects.filter(last_name="B").exists()


def test_one_open_case_per_family_is_kept_by_the_database(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(family=world.family, centre=world.centre, referred_on=date(2026, 5, 1))


def test_handover_keeps_both_coordinators_until_read_and_tells_the_family(
    world, django_capture_on_commit_callbacks
):
    other = f.UserFactory(username="olivia", role="coordinator", centre=world.centre)
    with django_capture_on_commit_callbacks(execute=True):
        handover = services.handover_start(
            by=world.alice,
            case=world.case,
            to_coordinator=other,
            note={
                "situation_and_wishes": "Ønsker SMS",
                "plan_status": "Fulgt op i oktober",
                "open_agreements": "",
                "next_meetings": "",
                "other_department_contacts": "",
            },
        )
    from indgang.families.access import families_visible_to

    assert world.family in families_visible_to(other)
    assert world.case.coordinator_assignments.get(ended_on__isnull=True).coordinator == other
    # the family is told who their new coordinator is, and nothing else about the case
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@familie.invalid"]
    assert other.get_full_name() in message.body
    assert "SMS" not in message.body and world.child.cpr[:6] not in message.body
    handover.refresh_from_db()
    assert handover.family_notified_at is not None

    with pytest.raises(ValidationError, match="nye koordinator"):
        services.handover_confirm(by=world.alice, handover=handover)
    services.handover_confirm(by=other, handover=handover)
    assert handover.confirmed_at is not None


def test_every_write_is_audited_with_old_and_new_values_and_never_the_cpr(world):
    services.person_update(
        by=world.alice, person=world.child, data={"first_name": "Alberte", "cpr": "170522-5999"}
    )
    event = AuditEvent.objects.filter(action="change", object_type="person").latest("at")
    assert event.user == world.alice
    assert event.changes["first_name"] == ["Alma", "Alberte"]
    assert event.changes["cpr"] == [world.child.masked_cpr, "170522-xxxx"]
    assert "5999" not in str(event.changes) and "5999" not in event.summary
    assert AuditPerson.objects.filter(event=event, person_id=world.child.pk).exists()


def test_the_audit_log_is_append_only(world):
    event = AuditEvent.objects.create(user=world.alice, action="view")
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_the_demo_loads_once_with_the_working_method(db, settings):
    from indgang.families.demo import load_demo
    from indgang.followup.models import ContactLog
    from indgang.meetings.models import Meeting
    from indgang.plans.models import PlanVersion
    from indgang.portal.models import ParentAccount

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert load_demo()["created"]
    # 30 families of today and the 21 children of the KOS cohort of June 2021 (reports.demo).
    assert Family.objects.count() == 51
    assert Case.objects.enrolled().count() >= 15
    assert Meeting.objects.filter(type="assessment", status="held").exists()
    assert PlanVersion.objects.exists() and ContactLog.objects.exists()
    assert ParentAccount.objects.count() == 1  # one parent can sign in to the portal
    assert load_demo() == {"created": False}
    assert Family.objects.count() == 51 and ParentAccount.objects.count() == 1
