"""Every read of the joint plan, given the acting user; constant queries per page."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from indgang.families.access import family_for
from indgang.families.custody import household_members
from indgang.families.models import Case, CoordinatorAssignment, Custody, Family, Person
from indgang.organisation.models import Department, Role, User
from indgang.organisation.selectors import people
from indgang.plans.models import (
    Activity,
    Goal,
    GoalProgress,
    JointPlan,
    PlanFollowUp,
    PlanVersion,
)

STAFF_ROLES = (Role.COORDINATOR, Role.CORE_TEAM, Role.LEADER, Role.PROJECT_LEADER)


def _newest_case(family: Family) -> Case | None:
    """The case the plan pages act on: the family's newest (as on the family overview)."""
    from indgang.families.selectors import newest_case

    return newest_case(family, "plan")


def _plan_of(case: Case | None) -> JointPlan | None:
    if case is None:
        return None
    try:
        return case.plan
    except JointPlan.DoesNotExist:
        return None


def goals_of(plan: JointPlan | None) -> list[Goal]:
    """The goals in the family's priority order, with owners, sub-goals and activities."""
    if plan is None:
        return []
    return list(
        Goal.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            "owners",
            "subgoals",
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("department", "responsible"),
            ),
        )
    )


def latest_followup(plan: JointPlan | None) -> PlanFollowUp | None:
    if plan is None:
        return None
    return (
        plan.followups.select_related("by", "meeting")
        .prefetch_related(Prefetch("progress", queryset=GoalProgress.objects.all()))
        .order_by("-done_on", "-id")
        .first()
    )


@dataclass
class GoalRow:
    goal: Goal
    progress: GoalProgress | None  # at the latest follow-up


@dataclass
class PlanPage:
    family: Family
    case: Case | None
    plan: JointPlan | None
    rows: list[GoalRow]
    followup: PlanFollowUp | None
    versions: list[PlanVersion]
    person_ids: list[int] = field(default_factory=list)

    @property
    def goals(self) -> list[Goal]:
        return [row.goal for row in self.rows]

    @property
    def latest_version(self) -> PlanVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def can_write(self) -> bool:
        return self.case is not None and self.case.status == Case.Status.ENROLLED


def plan_page(*, user, family_id: int) -> PlanPage:
    """The plan of the family's newest case, or a page without a plan; 404 if invisible."""
    family = family_for(user, family_id)
    case = _newest_case(family)
    plan = _plan_of(case)
    goals = goals_of(plan)
    followup = latest_followup(plan)
    by_goal = {p.goal_id: p for p in followup.progress.all()} if followup else {}
    versions = (
        list(plan.versions.select_related("agreed_by", "recorded_by").defer("snapshot"))
        if plan
        else []
    )
    person_ids = list(family.members.values_list("pk", flat=True))
    rows = [GoalRow(goal, by_goal.get(goal.pk)) for goal in goals]
    return PlanPage(family, case, plan, rows, followup, versions, person_ids)


def plan_for(*, user, family_id: int) -> tuple[Family, Case | None, JointPlan | None]:
    family = family_for(user, family_id)
    case = _newest_case(family)
    return family, case, _plan_of(case)


def goal_for(*, plan: JointPlan | None, goal_id: int) -> Goal:
    """A goal of this plan (found through plan_for, so access is already applied)."""
    if plan is None:
        raise Http404
    try:
        return (
            Goal.objects.select_related("plan__case__family")
            .prefetch_related("owners")
            .get(pk=goal_id, plan=plan)
        )
    except Goal.DoesNotExist:
        raise Http404 from None


def coordinator_of(*, case: Case | None) -> User | None:
    """The family's current coordinator, for the family's copy of the plan."""
    if case is None:
        return None
    assignment = (
        CoordinatorAssignment.objects.filter(case=case, ended_on__isnull=True)
        .select_related("coordinator")
        .first()
    )
    return assignment.coordinator if assignment else None


def versions_for(*, plan: JointPlan) -> list[PlanVersion]:
    return list(plan.versions.select_related("agreed_by", "recorded_by"))


# --- Choices the plan's forms offer (and its services check) -------------------------


def staff_choices(*, family: Family, case: Case | None) -> QuerySet[User]:
    """Who can own a goal or an activity: the centre's staff and the case's linked partners."""
    today = timezone.localdate()
    linked = Q(pk__in=[])
    if case is not None:
        linked = Q(
            partner_links__case=case,
            partner_links__linked_on__lte=today,
        ) & (Q(partner_links__unlinked_on__isnull=True) | Q(partner_links__unlinked_on__gt=today))
    centre_staff = Q(centre_id=family.centre_id, role__in=STAFF_ROLES)
    return (
        people(User.objects.filter(is_active=True))
        .filter(centre_staff | linked)
        .distinct()
        .order_by("first_name", "last_name")
    )


def followup_meetings(*, case: Case | None):
    """The case's plan follow-up meetings that no follow-up records yet (the form's choices)."""
    if case is None:
        return PlanFollowUp.objects.none()
    return (
        case.meetings.filter(type="plan_followup", plan_followup__isnull=True)
        .exclude(status="cancelled")
        .order_by("-starts_at", "-id")
    )


def plan_owner_ids(*, case: Case) -> set[int]:
    """Staff who own part of the case's plan: goal owners and activity owners."""
    goals = Goal.objects.filter(plan__case=case)
    owners = set(goals.filter(owners__isnull=False).values_list("owners", flat=True))
    owners |= set(
        Activity.objects.filter(goal__in=goals, responsible__isnull=False).values_list(
            "responsible_id", flat=True
        )
    )
    return owners


def department_choices(*, family: Family) -> QuerySet[Department]:
    return Department.objects.filter(
        Q(municipality__centres=family.centre_id) | Q(centre_id=family.centre_id)
    ).distinct()


def guardians_of(*, family: Family) -> QuerySet[Person]:
    """The family members who can agree the plan on the family's behalf (with custody)."""
    return (
        household_members(family)
        .filter(relation__in=[Person.Relation.PARENT, Person.Relation.GUARDIAN])
        .annotate(
            custody_here=Exists(
                Custody.objects.filter(guardian=OuterRef("pk"), child__family=family)
            )
        )
        .order_by("first_name")
    )


# --- Snapshots and comparison ---------------------------------------------------------


def _activity_text(activity: Activity) -> str:
    parts = [activity.text]
    if activity.department_id:
        parts.append(activity.department.name)
    if activity.responsible_id:
        parts.append(str(activity.responsible))
    return " – ".join(parts)


def plan_snapshot(goals: list[Goal]) -> dict:
    """The plan as plain JSON: what a version freezes and what versions are compared by."""
    return {
        "goals": [
            {
                "id": goal.pk,
                "position": goal.position,
                "wording": goal.wording,
                "family_words": goal.family_words,
                "success_criteria": goal.success_criteria,
                "target_date": goal.target_date.isoformat(),
                "owners": sorted(str(user) for user in goal.owners.all()),
                "owners_text": goal.owners_text,
                "subgoals": [
                    s.text + (f" (senest {s.target_date:%d.%m.%Y})" if s.target_date else "")
                    for s in goal.subgoals.all()
                ],
                "activities": [_activity_text(a) for a in goal.activities.all()],
            }
            for goal in goals
        ]
    }


FIELD_LABELS = [
    ("position", "Prioritet"),
    ("wording", "Målet"),
    ("family_words", "Familiens egne ord"),
    ("success_criteria", "Sådan ved vi, at målet er nået"),
    ("target_date", "Måldato"),
    ("owners_text", "Andre ansvarlige"),
]
LIST_LABELS = [
    ("owners", "Ansvarlige medarbejdere"),
    ("subgoals", "Delmål"),
    ("activities", "Aktiviteter"),
]


def _shown(key: str, value):
    if key == "target_date" and value:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    return value


@dataclass
class FieldChange:
    label: str
    old: object = None
    new: object = None
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


@dataclass
class GoalDiff:
    kind: str  # "added", "removed", "changed", "unchanged"
    title: str
    changes: list[FieldChange]

    @property
    def kind_label(self) -> str:
        return {
            "added": "Nyt mål",
            "removed": "Mål fjernet",
            "changed": "Ændret",
            "unchanged": "Uændret",
        }[self.kind]


def snapshot_diff(old: dict, new: dict) -> list[GoalDiff]:
    """Per goal: added, removed or which fields changed, in the newer priority order."""
    old_goals = {g["id"]: g for g in old.get("goals", [])}
    new_goals = {g["id"]: g for g in new.get("goals", [])}
    diffs = []
    for goal_id, after in sorted(new_goals.items(), key=lambda item: item[1]["position"]):
        before = old_goals.get(goal_id)
        if before is None:
            changes = [
                FieldChange(label, new=_shown(key, after[key]))
                for key, label in FIELD_LABELS
                if after.get(key)
            ] + [
                FieldChange(label, added=list(after[key]))
                for key, label in LIST_LABELS
                if after.get(key)
            ]
            diffs.append(GoalDiff("added", after["wording"], changes))
            continue
        changes = [
            FieldChange(label, old=_shown(key, before.get(key)), new=_shown(key, after.get(key)))
            for key, label in FIELD_LABELS
            if before.get(key) != after.get(key)
        ]
        for key, label in LIST_LABELS:
            was, now = before.get(key, []), after.get(key, [])
            added = [item for item in now if item not in was]
            removed = [item for item in was if item not in now]
            if added or removed:
                changes.append(FieldChange(label, added=added, removed=removed))
        diffs.append(GoalDiff("changed" if changes else "unchanged", after["wording"], changes))
    for goal_id, before in sorted(old_goals.items(), key=lambda item: item[1]["position"]):
        if goal_id not in new_goals:
            diffs.append(GoalDiff("removed", before["wording"], []))
    return diffs


# --- The family overview's panel ------------------------------------------------------


def family_panel(*, user, family: Family) -> dict | None:
    """The plan's panel on the family overview: goals in priority order with their status."""
    case = _newest_case(family)
    if case is None:
        return None
    plan = _plan_of(case)
    goals = list(plan.goals.order_by("position")) if plan else []
    # Without goals the panel says so and nothing more. With them: the latest follow-up's date
    # and progress only (the panel names no person or meeting), and the latest version.
    followup = latest_version = None
    if goals:
        followup = plan.followups.prefetch_related("progress").order_by("-done_on", "-id").first()
        latest_version = plan.versions.first()
    by_goal = {p.goal_id: p for p in followup.progress.all()} if followup else {}
    return {
        "template": "plans/partials/family_panel.html",
        "family": family,
        "plan": plan,
        "rows": [GoalRow(goal, by_goal.get(goal.pk)) for goal in goals],
        "followup": followup,
        "latest_version": latest_version,
    }
