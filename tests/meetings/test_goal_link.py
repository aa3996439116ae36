"""An agreement can be tied to a goal of the family's joint plan, and only of that plan."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.meetings import services
from indgang.meetings.models import Agreement
from indgang.plans import services as plans
from tests import factories as f


def _goal(world, case):
    return plans.goal_create(
        by=world.alice,
        case=case,
        data={
            "wording": "Alma kommer i børnehave",
            "family_words": "Hun skal have det godt",
            "success_criteria": "Fire dage om ugen",
            "target_date": date(2027, 3, 1),
            "owners_text": "Forældrene",
        },
    )


def test_an_agreement_serves_a_goal_of_the_familys_plan(world, login):
    goal = _goal(world, world.case)
    client = login(world.alice)
    response = client.post(
        reverse("agreement_create", args=[world.family.pk]),
        {"task": "Søge støtte i børnehaven", "owner_user": world.alice.pk, "goal": goal.pk},
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(task="Søge støtte i børnehaven")
    assert agreement.goal == goal
    page = client.get(reverse("meeting_list", args=[world.family.pk])).content.decode()
    assert "Mål 1: Alma kommer i børnehave" in page


def test_a_goal_of_another_familys_plan_is_refused(world):
    other_case = f.CaseFactory(family=f.FamilyFactory(centre=world.centre), enrolled=True)
    foreign_goal = _goal(world, other_case)
    with pytest.raises(ValidationError, match="hører ikke til familiens plan"):
        services.agreement_create(
            by=world.alice,
            case=world.case,
            data={"task": "X", "owner_user": world.alice, "goal": foreign_goal},
        )
    assert not Agreement.objects.filter(task="X").exists()
