"""The joint plan through its services: happy paths, and every refusal saves nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from indgang.audit.models import AuditEvent
from indgang.families.models import Case, Person
from indgang.organisation.models import Department
from indgang.plans import selectors, services
from indgang.plans.models import (
    Activity,
    Goal,
    GoalProgress,
    JointPlan,
    PlanFollowUp,
    PlanVersion,
    SubGoal,
)
from tests import factories as f
from tests.plans.matrix import goal_data


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def _goal(world, **override):
    return services.goal_create(by=world.alice, case=world.case, data=goal_data(world, **override))


def _agree(world, plan, **override):
    kwargs = {
        "by": world.alice,
        "plan": plan,
        "agreed_on": date(2026, 10, 1),
        "agreed_by": world.parent,
        "family_agreed": True,
    }
    kwargs.update(override)
    return services.plan_agree(**kwargs)


# --- Goals ----------------------------------------------------------------------------


def test_the_first_goal_creates_the_plan_and_both_are_audited(world):
    goal = _goal(world)
    plan = JointPlan.objects.get(case=world.case)
    assert goal.plan == plan and goal.position == 1
    assert list(goal.owners.all()) == [world.alice]
    assert world.case.plan == plan
    events = AuditEvent.objects.filter(family_id=world.family.pk, case_id=world.case.pk)
    assert {(e.action, e.object_type) for e in events} == {
        ("create", "jointplan"),
        ("create", "goal"),
    }
    created = events.get(object_type="goal")
    assert created.changes["wording"] == [None, "Alma sover igennem om natten"]
    assert created.changes["owners"] == [None, "Alice " + world.alice.last_name]

    second = _goal(world, wording="Mor kommer tilbage i job")
    assert second.position == 2 and second.plan == plan


def test_a_goal_without_any_owner_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as error:
        _goal(world, owners=[], owners_text="  ")
    assert "mindst én ansvarlig" in error.value.message_dict["owners"][0]
    assert not JointPlan.objects.exists() and not Goal.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_owner_must_work_with_the_family(world):
    with pytest.raises(ValidationError) as error:
        _goal(world, owners=[world.ivan])
    assert "arbejde med familien" in error.value.message_dict["owners"][0]
    assert not Goal.objects.exists()
    # the linked partner and the centre's core team may own a goal
    goal = _goal(world, owners=[world.carol, world.bob])
    assert set(goal.owners.all()) == {world.carol, world.bob}


def test_a_missing_wording_or_date_is_refused_by_field(world):
    with pytest.raises(ValidationError) as error:
        _goal(world, wording="", success_criteria="")
    assert set(error.value.message_dict) >= {"wording", "success_criteria"}
    assert not Goal.objects.exists() and not JointPlan.objects.exists()


def test_the_plan_cannot_change_unless_the_family_is_enrolled(world):
    case = f.CaseFactory(family=f.FamilyFactory(centre=world.centre))
    with pytest.raises(ValidationError) as error:
        services.goal_create(by=world.alice, case=case, data=goal_data(world))
    assert "indskrevet" in _messages(error.value)
    assert not JointPlan.objects.exists()
    goal = _goal(world)
    Case.objects.filter(pk=world.case.pk).update(
        status=Case.Status.DISCHARGED, discharged_on=date(2026, 11, 1), discharge_reason="other"
    )
    goal.plan.case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.goal_update(by=world.alice, goal=goal, data={"wording": "Noget andet"})
    goal.refresh_from_db()
    assert goal.wording == "Alma sover igennem om natten"


def test_goal_update_records_old_and_new_values(world):
    goal = _goal(world)
    services.goal_update(
        by=world.alice,
        goal=goal,
        data={"family_words": "Vi vil sove", "owners": [world.alice, world.bob]},
    )
    goal.refresh_from_db()
    assert goal.family_words == "Vi vil sove"
    event = AuditEvent.objects.get(action="change", object_type="goal")
    assert event.changes["family_words"] == ["Vi vil gerne kunne sove en hel nat", "Vi vil sove"]
    assert "Bob" in event.changes["owners"][1] and "Bob" not in event.changes["owners"][0]


def test_goal_update_without_owners_is_refused(world):
    goal = _goal(world)
    with pytest.raises(ValidationError):
        services.goal_update(by=world.alice, goal=goal, data={"owners": [], "owners_text": ""})
    goal.refresh_from_db()
    assert goal.owners_text == "Forældrene" and goal.owners.count() == 1


def test_reordering_follows_the_familys_priorities(world):
    first, second, third = (_goal(world, wording=w) for w in ("A", "B", "C"))
    services.goal_move(by=world.alice, goal=third, direction="up")
    plan = first.plan
    assert list(plan.goals.order_by("position").values_list("wording", flat=True)) == [
        "A",
        "C",
        "B",
    ]
    services.goal_reorder(by=world.alice, plan=plan, goal_ids=[third.pk, second.pk, first.pk])
    assert list(plan.goals.order_by("position").values_list("wording", flat=True)) == [
        "C",
        "B",
        "A",
    ]
    event = (
        AuditEvent.objects.filter(action="change", object_type="jointplan").order_by("id").last()
    )
    assert event.changes[str(third.pk)] == [2, 1]


def test_reordering_refuses_what_it_cannot_do(world):
    first, second = _goal(world, wording="A"), _goal(world, wording="B")
    with pytest.raises(ValidationError, match="længere"):
        services.goal_move(by=world.alice, goal=first, direction="up")
    with pytest.raises(ValidationError, match="længere"):
        services.goal_move(by=world.alice, goal=second, direction="sideways")
    with pytest.raises(ValidationError, match="alle planens mål"):
        services.goal_reorder(by=world.alice, plan=first.plan, goal_ids=[first.pk])
    with pytest.raises(ValidationError, match="alle planens mål"):
        services.goal_reorder(by=world.alice, plan=first.plan, goal_ids=[first.pk, first.pk])
    assert list(first.plan.goals.order_by("position").values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_subgoals_and_activities(world):
    goal = _goal(world)
    department = Department.objects.create(
        municipality=world.family.municipality, name="Hjælpemidler", sector="adults"
    )
    services.subgoal_create(
        by=world.alice, goal=goal, text="Fast sengetid kl. 19", target_date=date(2027, 1, 1)
    )
    services.activity_create(
        by=world.alice,
        goal=goal,
        text="Søvnvejledning",
        department=department,
        responsible=world.bob,
    )
    assert goal.subgoals.get().text == "Fast sengetid kl. 19"
    activity = goal.activities.get()
    assert activity.department == department and activity.responsible == world.bob
    assert AuditEvent.objects.filter(object_type="activity", action="create").exists()


def test_subgoal_and_activity_bad_input_is_refused(world):
    goal = _goal(world)
    with pytest.raises(ValidationError) as error:
        services.subgoal_create(
            by=world.alice, goal=goal, text="Senere", target_date=date(2027, 6, 1)
        )
    assert "senere måldato" in error.value.message_dict["target_date"][0]
    with pytest.raises(ValidationError) as error:
        services.subgoal_create(by=world.alice, goal=goal, text="")
    assert "text" in error.value.message_dict
    elsewhere = Department.objects.create(
        municipality=f.MunicipalityFactory(), name="Fjern afdeling", sector="social"
    )
    with pytest.raises(ValidationError) as error:
        services.activity_create(by=world.alice, goal=goal, text="X", department=elsewhere)
    assert "department" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.activity_create(by=world.alice, goal=goal, text="X", responsible=world.dave)
    assert "responsible" in error.value.message_dict
    assert not SubGoal.objects.exists() and not Activity.objects.exists()


# --- Versions -------------------------------------------------------------------------


def test_agreeing_the_plan_creates_numbered_versions_with_a_snapshot(world):
    goal = _goal(world)
    services.subgoal_create(by=world.alice, goal=goal, text="Fast sengetid")
    first = _agree(world, goal.plan, note="Aftalt på hjemmebesøg")
    assert first.number == 1 and first.agreed_by == world.parent
    snapshot_goal = first.snapshot["goals"][0]
    assert snapshot_goal["wording"] == goal.wording
    assert snapshot_goal["family_words"] == goal.family_words
    assert snapshot_goal["subgoals"] == ["Fast sengetid"]
    assert snapshot_goal["owners_text"] == "Forældrene"
    event = AuditEvent.objects.get(object_type="planversion")
    assert event.case_id == world.case.pk and event.changes["number"] == [None, 1]
    second = _agree(world, goal.plan, agreed_on=date(2026, 11, 20))
    assert second.number == 2
    assert list(goal.plan.versions.values_list("number", flat=True)) == [2, 1]


@pytest.mark.parametrize(
    ("override", "field", "text"),
    [
        ({"family_agreed": False}, "family_agreed", "uden familiens godkendelse"),
        ({"agreed_by": None}, "agreed_by", "Vælg den forælder"),
        ({"agreed_on": date(2026, 12, 1)}, "agreed_on", "fremtiden"),
        ({"agreed_on": date(2026, 1, 1)}, "agreed_on", "før indskrivningen"),
        ({"agreed_on": None}, "agreed_on", "Angiv datoen"),
    ],
)
def test_a_version_without_the_familys_agreement_is_refused(world, override, field, text):
    goal = _goal(world)
    with pytest.raises(ValidationError) as error:
        _agree(world, goal.plan, **override)
    assert text in error.value.message_dict[field][0]
    assert not PlanVersion.objects.exists()
    assert not AuditEvent.objects.filter(object_type="planversion").exists()


def test_only_a_parent_with_custody_in_the_family_can_agree(world):
    goal = _goal(world)
    no_custody = f.PersonFactory(family=world.family, parent=True, has_custody=False)
    stranger = f.PersonFactory(family=world.other_family, parent=True)
    for person in (world.child, no_custody, stranger):
        with pytest.raises(ValidationError) as error:
            _agree(world, goal.plan, agreed_by=person)
        assert "forældremyndighed" in error.value.message_dict["agreed_by"][0]
    guardian = f.PersonFactory(
        family=world.family, relation=Person.Relation.GUARDIAN, has_custody=True
    )
    assert _agree(world, goal.plan, agreed_by=guardian).number == 1


def test_a_plan_without_goals_or_older_than_its_last_version_is_not_agreed(world):
    plan = JointPlan.objects.create(case=world.case, created_by=world.alice)
    with pytest.raises(ValidationError, match="ingen mål"):
        _agree(world, plan)
    _goal(world)
    _agree(world, plan, agreed_on=date(2026, 10, 1))
    with pytest.raises(ValidationError) as error:
        _agree(world, plan, agreed_on=date(2026, 9, 1))
    assert "forrige version" in error.value.message_dict["agreed_on"][0]
    assert plan.versions.count() == 1


def test_two_versions_compare_per_goal(world):
    goal = _goal(world)
    plan = goal.plan
    kept = _goal(world, wording="Uændret mål")
    v1 = _agree(world, plan)
    services.goal_update(
        by=world.alice,
        goal=goal,
        data={"wording": "Alma sover hele natten", "target_date": date(2027, 4, 1)},
    )
    services.activity_create(by=world.alice, goal=goal, text="Søvnskole")
    _goal(world, wording="Far får aflastning")
    services.goal_move(by=world.alice, goal=kept, direction="down")
    v2 = _agree(world, plan, agreed_on=date(2026, 11, 1))

    diffs = {d.title: d for d in selectors.snapshot_diff(v1.snapshot, v2.snapshot)}
    changed = diffs["Alma sover hele natten"]
    assert changed.kind == "changed"
    fields = {c.label: c for c in changed.changes}
    assert fields["Målet"].old == "Alma sover igennem om natten"
    assert fields["Målet"].new == "Alma sover hele natten"
    assert (fields["Måldato"].old, fields["Måldato"].new) == ("01.03.2027", "01.04.2027")
    assert fields["Aktiviteter"].added == ["Søvnskole"]
    assert diffs["Far får aflastning"].kind == "added"
    moved = {c.label: c for c in diffs["Uændret mål"].changes}
    assert (moved["Prioritet"].old, moved["Prioritet"].new) == (2, 3)
    # and the other way round the new goal was removed
    backwards = {d.title: d.kind for d in selectors.snapshot_diff(v2.snapshot, v1.snapshot)}
    assert backwards["Far får aflastning"] == "removed"
    same = selectors.snapshot_diff(v1.snapshot, v1.snapshot)
    assert {d.kind for d in same} == {"unchanged"}


# --- Follow-ups -----------------------------------------------------------------------


def _progress(goals, **override):
    rows = [{"goal": g, "status": "partly", "scale": 6, "note": "Godt på vej"} for g in goals]
    for row in rows:
        row.update(override)
    return rows


def test_a_followup_records_progress_per_goal(world):
    first, second = _goal(world), _goal(world, wording="Børnehave")
    followup = services.followup_record(
        by=world.alice,
        plan=first.plan,
        done_on=date(2026, 11, 20),
        note="Opfølgning hjemme hos familien",
        progress=[
            {"goal": first, "status": "reached", "scale": 10, "note": ""},
            {"goal": second, "status": "not_relevant", "scale": None, "note": "Flyttet"},
        ],
    )
    assert PlanFollowUp.objects.filter(plan__case=world.case).get() == followup
    statuses = {p.goal_id: p.get_status_display() for p in followup.progress.all()}
    assert statuses == {first.pk: "Nået", second.pk: "Ikke længere relevant"}
    event = AuditEvent.objects.get(object_type="planfollowup")
    assert event.changes["done_on"] == [None, "2026-11-20"]
    # the enrolment day itself is allowed
    services.followup_record(
        by=world.alice,
        plan=first.plan,
        done_on=world.case.enrolled_on,
        progress=_progress([first, second]),
    )


@pytest.mark.parametrize(
    ("done_on", "text"),
    [
        (date(2026, 1, 31), "Opfølgningen kan ikke ligge før indskrivningen"),
        (date(2026, 11, 24), "Opfølgningen kan ikke ligge i fremtiden"),
        (None, "Angiv datoen"),
    ],
)
def test_a_followup_outside_the_enrolment_is_refused(world, done_on, text):
    goal = _goal(world)
    with pytest.raises(ValidationError) as error:
        services.followup_record(
            by=world.alice, plan=goal.plan, done_on=done_on, progress=_progress([goal])
        )
    assert text in error.value.message_dict["done_on"][0]
    assert not PlanFollowUp.objects.exists() and not GoalProgress.objects.exists()


@pytest.mark.parametrize(
    ("override", "text"),
    [
        ({"status": ""}, "vælg, hvor langt"),
        ({"status": "maybe"}, "vælg, hvor langt"),
        ({"scale": 11}, "skalaen går fra 1 til 10"),
        ({"scale": 0}, "skalaen går fra 1 til 10"),
    ],
)
def test_a_followup_with_bad_progress_saves_nothing(world, override, text):
    first, second = _goal(world), _goal(world, wording="B")
    progress = _progress([first]) + _progress([second], **override)
    with pytest.raises(ValidationError, match=text):
        services.followup_record(
            by=world.alice, plan=first.plan, done_on=date(2026, 11, 1), progress=progress
        )
    assert not PlanFollowUp.objects.exists() and not GoalProgress.objects.exists()
    assert not AuditEvent.objects.filter(object_type="planfollowup").exists()


def test_a_followup_must_cover_every_goal_once(world):
    first, second = _goal(world), _goal(world, wording="B")
    for goals in ([first], [first, first], [first, second, second]):
        with pytest.raises(ValidationError, match="hvert af planens mål"):
            services.followup_record(
                by=world.alice,
                plan=first.plan,
                done_on=date(2026, 11, 1),
                progress=_progress(goals),
            )
    assert not PlanFollowUp.objects.exists()


def test_a_followup_on_a_plan_without_goals_is_refused(world):
    plan = JointPlan.objects.create(case=world.case, created_by=world.alice)
    with pytest.raises(ValidationError, match="ingen mål"):
        services.followup_record(by=world.alice, plan=plan, done_on=date(2026, 11, 1), progress=[])
