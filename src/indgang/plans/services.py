"""Every write to the joint plan: validation, one transaction, audit with old and new values."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone

from indgang.audit.services import Action, audit_changes, audit_object, audit_record
from indgang.core.services import save_validated
from indgang.families.custody import has_custody_in
from indgang.families.models import Case, Person
from indgang.plans import selectors
from indgang.plans.models import (
    Activity,
    Goal,
    GoalProgress,
    JointPlan,
    PlanFollowUp,
    PlanVersion,
    SubGoal,
)

GOAL_FIELDS = ("wording", "family_words", "success_criteria", "target_date", "owners_text")
GUARDIAN_RELATIONS = (Person.Relation.PARENT, Person.Relation.GUARDIAN)


_audit = audit_object


_save = save_validated


def _require_writable(case: Case) -> None:
    if case.status != Case.Status.ENROLLED:
        raise ValidationError(
            "Planen kan kun ændres, mens familien er indskrevet. "
            "Sagen er ikke indskrevet eller er afsluttet."
        )


def _goal_snapshot(goal: Goal, owners=None) -> dict:
    values = {name: getattr(goal, name) for name in GOAL_FIELDS}
    values["position"] = goal.position
    owners = owners if owners is not None else goal.owners.all()
    values["owners"] = ", ".join(sorted(str(user) for user in owners))
    return values


def _check_owners(*, case: Case, owners, owners_text: str) -> None:
    if not owners and not owners_text.strip():
        raise ValidationError(
            {
                "owners": "Målet skal have mindst én ansvarlig: vælg en medarbejder eller skriv fx "
                "“Forældrene” under Andre ansvarlige."
            }
        )
    allowed = set(
        selectors.staff_choices(family=case.family, case=case).values_list("pk", flat=True)
    )
    if any(user.pk not in allowed for user in owners):
        raise ValidationError(
            {
                "owners": "En ansvarlig medarbejder skal arbejde med familien (centret eller "
                "tilknyttet sagen)."
            }
        )


def plan_ensure(*, by, case: Case) -> JointPlan:
    """The case's plan, created (and audited) the first time a goal is added."""
    _require_writable(case)
    # Read, not the cached case.plan: a refused first goal rolls its new plan back.
    plan = JointPlan.objects.filter(case=case).first()
    if plan is not None:
        return plan
    plan = _save(JointPlan(case=case, created_by=by))
    _audit(by, Action.CREATE, plan, case=case, summary="Fælles plan oprettet")
    return plan


# --- Goals ----------------------------------------------------------------------------


def goal_create(*, by, case: Case, data: dict) -> Goal:
    """A new goal, last in the family's priority order."""
    data = dict(data)
    owners = list(data.pop("owners", []))
    with transaction.atomic():
        plan = plan_ensure(by=by, case=case)
        _check_owners(case=case, owners=owners, owners_text=data.get("owners_text", ""))
        last = plan.goals.aggregate(last=Max("position"))["last"] or 0
        goal = _save(Goal(plan=plan, position=last + 1, **data))
        goal.owners.set(owners)
        _audit(
            by,
            Action.CREATE,
            goal,
            case=case,
            summary="Mål tilføjet til den fælles plan",
            changes=audit_changes({}, _goal_snapshot(goal, owners)),
        )
    return goal


def goal_update(*, by, goal: Goal, data: dict) -> Goal:
    case = goal.plan.case
    _require_writable(case)
    data = dict(data)
    owners = list(data.pop("owners", goal.owners.all()))
    before = _goal_snapshot(goal)
    for name, value in data.items():
        if name not in GOAL_FIELDS:
            raise ValueError(f"Not a goal field: {name}")
        setattr(goal, name, value)
    with transaction.atomic():
        _check_owners(case=case, owners=owners, owners_text=goal.owners_text)
        _save(goal)
        goal.owners.set(owners)
        changes = audit_changes(before, _goal_snapshot(goal, owners))
        if changes:
            _audit(by, Action.CHANGE, goal, case=case, changes=changes)
    return goal


def goal_reorder(*, by, plan: JointPlan, goal_ids: list[int]) -> None:
    """Put the goals in the family's new priority order (every goal named exactly once)."""
    case = plan.case
    _require_writable(case)
    goals = {goal.pk: goal for goal in plan.goals.all()}
    if sorted(goal_ids) != sorted(goals):
        raise ValidationError("Prioriteringen skal omfatte alle planens mål, hvert mål én gang.")
    before = {str(pk): goal.position for pk, goal in goals.items()}
    with transaction.atomic():
        # Two steps, so the unique (plan, position) is never broken on the way.
        offset = len(goals) + 1000
        for goal in goals.values():
            goal.position += offset
            goal.save(update_fields=["position"])
        for position, pk in enumerate(goal_ids, start=1):
            goals[pk].position = position
            goals[pk].save(update_fields=["position"])
        after = {str(pk): goals[pk].position for pk in goals}
        changes = audit_changes(before, after)
        if changes:
            _audit(by, Action.CHANGE, plan, case=case, summary="Målenes prioritet", changes=changes)


def goal_move(*, by, goal: Goal, direction: str) -> None:
    """Move a goal one place up (higher priority) or down."""
    plan = goal.plan
    order = list(plan.goals.order_by("position").values_list("pk", flat=True))
    index = order.index(goal.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(order):
        raise ValidationError("Målet kan ikke flyttes længere i den retning.")
    order[index], order[target] = order[target], order[index]
    goal_reorder(by=by, plan=plan, goal_ids=order)


def subgoal_create(*, by, goal: Goal, text: str, target_date: date | None = None) -> SubGoal:
    case = goal.plan.case
    _require_writable(case)
    if target_date and target_date > goal.target_date:
        raise ValidationError(
            {"target_date": "Delmålet kan ikke have en senere måldato end selve målet."}
        )
    with transaction.atomic():
        subgoal = _save(SubGoal(goal=goal, text=text, target_date=target_date))
        _audit(
            by,
            Action.CREATE,
            subgoal,
            case=case,
            changes=audit_changes({}, {"goal": goal.pk, "text": text, "target_date": target_date}),
        )
    return subgoal


def activity_create(*, by, goal: Goal, text: str, department=None, responsible=None) -> Activity:
    case = goal.plan.case
    _require_writable(case)
    family = case.family
    if department is not None and not (
        selectors.department_choices(family=family).filter(pk=department.pk).exists()
    ):
        raise ValidationError({"department": "Vælg en afdeling i familiens kommuner."})
    if responsible is not None and not (
        selectors.staff_choices(family=family, case=case).filter(pk=responsible.pk).exists()
    ):
        raise ValidationError(
            {"responsible": "Den ansvarlige skal arbejde med familien (centret eller sagen)."}
        )
    with transaction.atomic():
        activity = _save(
            Activity(goal=goal, text=text, department=department, responsible=responsible)
        )
        _audit(
            by,
            Action.CREATE,
            activity,
            case=case,
            changes=audit_changes(
                {},
                {
                    "goal": goal.pk,
                    "text": text,
                    "department": department.pk if department else None,
                    "responsible": responsible.pk if responsible else None,
                },
            ),
        )
    return activity


# --- Versions -------------------------------------------------------------------------


def plan_agree(
    *,
    by,
    plan: JointPlan,
    agreed_on: date,
    agreed_by: Person | None,
    family_agreed: bool,
    note: str = "",
) -> PlanVersion:
    """The family agrees the plan: a numbered version freezes it. No agreement, no version."""
    case = plan.case
    _require_writable(case)
    errors = {}
    if not family_agreed:
        errors["family_agreed"] = (
            "Planen kan ikke gemmes som en ny version uden familiens godkendelse. "
            "Bekræft, at familien har godkendt planen."
        )
    if agreed_by is None:
        errors["agreed_by"] = "Vælg den forælder, der har godkendt planen på familiens vegne."
    elif agreed_by.relation not in GUARDIAN_RELATIONS or not has_custody_in(
        agreed_by, case.family_id
    ):
        errors["agreed_by"] = (
            "Planen skal godkendes af en forælder eller værge i familien med forældremyndighed."
        )
    if agreed_on is None:
        errors["agreed_on"] = "Angiv datoen for familiens godkendelse."
    elif agreed_on > timezone.localdate():
        errors["agreed_on"] = "Godkendelsen kan ikke ligge i fremtiden."
    elif case.enrolled_on and agreed_on < case.enrolled_on:
        errors["agreed_on"] = "Planen kan ikke være godkendt før indskrivningen."
    if errors:
        raise ValidationError(errors)
    goals = selectors.goals_of(plan)
    if not goals:
        raise ValidationError(
            "Planen har ingen mål endnu. Tilføj mindst ét mål, før den godkendes."
        )
    with transaction.atomic():
        previous = plan.versions.order_by("-number").first()
        if previous and agreed_on < previous.agreed_on:
            shown = formats.date_format(previous.agreed_on, "j. F Y")
            raise ValidationError(
                {"agreed_on": f"Godkendelsen kan ikke ligge før den forrige version ({shown})."}
            )
        last = previous.number if previous else 0
        version = _save(
            PlanVersion(
                plan=plan,
                number=last + 1,
                agreed_on=agreed_on,
                agreed_by=agreed_by,
                recorded_by=by,
                note=note,
                snapshot=selectors.plan_snapshot(goals),
            )
        )
        audit_record(
            user=by,
            action=Action.CREATE,
            object_type="planversion",
            object_id=version.pk,
            family_id=case.family_id,
            case_id=case.pk,
            person_ids=[agreed_by.pk],
            summary=f"Planen godkendt af familien (version {version.number})",
            changes=audit_changes(
                {},
                {
                    "number": version.number,
                    "agreed_on": agreed_on,
                    "agreed_by": agreed_by.pk,
                    "goals": len(goals),
                },
            ),
        )
    return version


# --- Follow-ups -----------------------------------------------------------------------


def _check_followup_meeting(case: Case, meeting) -> None:
    """The meeting a follow-up records: the case's own plan follow-up meeting, not cancelled,
    not already recorded (meetings sits above plans, so it is checked by its values)."""
    if meeting is None:
        return
    if meeting.case_id != case.pk or meeting.type != "plan_followup":
        raise ValidationError({"meeting": "Vælg et opfølgningsmøde i familiens sag."})
    if meeting.status == "cancelled":
        raise ValidationError({"meeting": "Mødet er aflyst."})
    if PlanFollowUp.objects.filter(meeting=meeting).exists():
        raise ValidationError({"meeting": "Opfølgningen fra dette møde er allerede registreret."})


def followup_record(
    *,
    by,
    plan: JointPlan,
    done_on: date,
    progress: list[dict],
    note: str = "",
    meeting=None,
) -> PlanFollowUp:
    """A follow-up done on a date, with status, scale and note for every goal of the plan,
    and the plan follow-up meeting it records, if it was held at one.

    ``progress`` holds one dict per goal: {"goal": Goal, "status": str, "scale": int|None,
    "note": str}.
    """
    case = plan.case
    _require_writable(case)
    _check_followup_meeting(case, meeting)
    if done_on is None:
        raise ValidationError({"done_on": "Angiv datoen for opfølgningen."})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "Opfølgningen kan ikke ligge i fremtiden."})
    if case.enrolled_on is None or done_on < case.enrolled_on:
        raise ValidationError({"done_on": "Opfølgningen kan ikke ligge før indskrivningen."})
    goal_ids = set(plan.goals.values_list("pk", flat=True))
    if not goal_ids:
        raise ValidationError("Planen har ingen mål at følge op på.")
    given = [row["goal"].pk for row in progress]
    if sorted(given) != sorted(goal_ids):
        raise ValidationError("Angiv status for hvert af planens mål – hvert mål én gang.")
    with transaction.atomic():
        followup = _save(
            PlanFollowUp(plan=plan, done_on=done_on, by=by, note=note, meeting=meeting)
        )
        rows = []
        for row in progress:
            goal, status, scale = row["goal"], row.get("status") or "", row.get("scale")
            label = goal.wording if len(goal.wording) <= 60 else goal.wording[:59] + "…"
            if status not in GoalProgress.Status.values:
                raise ValidationError(f"Målet “{label}”: vælg, hvor langt I er med målet.")
            if scale is not None and not 1 <= scale <= 10:
                raise ValidationError(f"Målet “{label}”: skalaen går fra 1 til 10.")
            rows.append(
                GoalProgress(
                    followup=followup,
                    goal=goal,
                    status=status,
                    scale=scale,
                    note=row.get("note", ""),
                )
            )
        GoalProgress.objects.bulk_create(rows)
        _audit(
            by,
            Action.CREATE,
            followup,
            case=case,
            summary="Opfølgning på den fælles plan",
            changes=audit_changes(
                {},
                {"done_on": done_on, "note": note}
                | {f"goal_{r.goal_id}": f"{r.status} {r.scale or ''}".strip() for r in rows},
            ),
        )
    return followup
