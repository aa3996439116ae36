"""The joint plan's pages in the access matrix (see tests/matrix.py)."""

from datetime import date

from indgang.plans import services
from tests.matrix import MANAGERS, VIEWERS, family_page

ENTRIES = {
    "plan_detail": family_page(VIEWERS),
    "plan_pdf": family_page(VIEWERS),
    "goal_create": family_page(MANAGERS),
    "goal_edit": family_page(MANAGERS, kwargs="goal"),
    "goal_move": family_page(
        MANAGERS, kwargs="goal", method="post", ok=302, data={"retning": "down"}
    ),
    "subgoal_create": family_page(MANAGERS, kwargs="goal"),
    "activity_create": family_page(MANAGERS, kwargs="goal"),
    "plan_agree": family_page(MANAGERS),
    "version_list": family_page(VIEWERS),
    "version_compare": family_page(VIEWERS),
    "followup_create": family_page(MANAGERS),
}


def goal_data(world, **override) -> dict:
    data = {
        "wording": "Alma sover igennem om natten",
        "family_words": "Vi vil gerne kunne sove en hel nat",
        "success_criteria": "Alma sover mindst fem nætter om ugen uden at vågne",
        "target_date": date(2027, 3, 1),
        "owners": [world.alice],
        "owners_text": "Forældrene",
    }
    data.update(override)
    return data


def objects(world) -> dict:
    goal = services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    services.goal_create(
        by=world.alice,
        case=world.case,
        data=goal_data(world, wording="Alma kommer i børnehave tre dage om ugen", owners=[]),
    )
    version = services.plan_agree(
        by=world.alice,
        plan=goal.plan,
        agreed_on=date(2026, 10, 1),
        agreed_by=world.parent,
        family_agreed=True,
    )
    return {"goal": goal, "version": version}
