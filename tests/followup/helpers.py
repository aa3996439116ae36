"""Small builders for the records the due computation reads (meetings, plans, agreements)."""

from datetime import UTC, date, datetime

from indgang.followup.models import ContactLog
from indgang.meetings.models import Agreement, Meeting
from indgang.plans.models import JointPlan, PlanFollowUp, PlanVersion


def contact(case, on: date, by):
    return ContactLog.objects.create(
        case=case, on=on, form="phone", with_whom="Mor", initiative="coordinator", by=by
    )


def meeting(case, type_: str, on: date, by, status="held"):
    return Meeting.objects.create(
        case=case,
        centre=case.centre,
        type=type_,
        status=status,
        starts_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC),
        created_by=by,
    )


def plan_agreed(case, on: date, by, parent):
    plan, _ = JointPlan.objects.get_or_create(case=case, defaults={"created_by": by})
    number = plan.versions.count() + 1
    return PlanVersion.objects.create(
        plan=plan, number=number, agreed_on=on, agreed_by=parent, recorded_by=by
    )


def followup(case, on: date, by):
    plan, _ = JointPlan.objects.get_or_create(case=case, defaults={"created_by": by})
    return PlanFollowUp.objects.create(plan=plan, done_on=on, by=by)


def agreement(case, due_on: date, by, owner=None, task="Søge om hjælpemiddel"):
    return Agreement.objects.create(
        case=case, task=task, owner_user=owner or by, due_on=due_on, created_by=by
    )


def start_up(case, on: date, by, parent):
    meeting(case, "assessment", on, by)
    meeting(case, "analysis_1", on, by)
    plan_agreed(case, on, by, parent)


def enrolled_family(world, name, *, municipality=None, coordinator=None, contact_on=None):
    """An enrolled case of a new family in the world's centre, assigned to ``coordinator``
    (alice by default), with a contact on ``contact_on`` if given."""
    from tests import factories as f

    family = f.FamilyFactory(
        name=name, centre=world.centre, municipality=municipality or world.family.municipality
    )
    f.PersonFactory(family=family)
    case = f.CaseFactory(family=family, enrolled=True)
    f.assign(case, coordinator or world.alice)
    if contact_on:
        contact(case, contact_on, world.alice)
    return case
