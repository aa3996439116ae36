"""The plans app's part of the handover snapshot (families/handover.py)."""

from datetime import date

from indgang.core.templatetags.indgang_format import text_date
from indgang.families.handover import section
from indgang.plans.models import Goal, PlanFollowUp, PlanVersion


def sections(*, case, today: date) -> list[dict]:
    items = []
    version = PlanVersion.objects.filter(plan__case=case).order_by("-number").first()
    if version:
        items.append(
            f"Plan version {version.number} aftalt med familien {text_date(version.agreed_on)}"
        )
    else:
        items.append("Planen er endnu ikke aftalt med familien")
    last = PlanFollowUp.objects.filter(plan__case=case).order_by("-done_on").first()
    if last:
        items.append(f"Seneste opfølgning på planen {text_date(last.done_on)}")
    for goal in Goal.objects.filter(plan__case=case).order_by("position", "id"):
        owners = f" – {goal.owners_text}" if goal.owners_text else ""
        items.append(f"Mål: {goal.wording} (måldato {text_date(goal.target_date)}){owners}")
    return [section("plan", "Den fælles plan: mål og opfølgning", items)]
