"""The interventions app's part of the handover snapshot (families/handover.py)."""

from datetime import date

from indgang.core.templatetags.indgang_format import text_date
from indgang.families.handover import section
from indgang.interventions.models import Application, Complaint


def sections(*, case, today: date) -> list[dict]:
    items = []
    applications = (
        Application.objects.filter(case=case, status=Application.Status.PROCESSING)
        .select_related("intervention_type", "person")
        .order_by("deadline", "id")
    )
    for a in applications:
        who = f" til {a.person.first_name}" if a.person_id else ""
        late = " (fristen er overskredet)" if a.is_overdue(today) else ""
        committee = (
            f", sendt til visitationsudvalget {text_date(a.referred_on)}" if a.referred_on else ""
        )
        items.append(
            f"{a.intervention_type.name}{who}: modtaget {text_date(a.received_on)}, "
            f"frist {text_date(a.deadline)}{late}{committee}"
        )
    for c in Complaint.objects.filter(case=case, outcome=Complaint.Outcome.PENDING).order_by(
        "reconsideration_deadline"
    ):
        items.append(
            f"{c.get_kind_display()}: modtaget {text_date(c.received_on)}, "
            f"genvurderes senest {text_date(c.reconsideration_deadline)}"
        )
    return [section("applications", "Ansøgninger og klager under behandling", items)]
