"""The follow-up app's part of the handover snapshot (families/handover.py)."""

from datetime import date

from indgang.core.templatetags.indgang_format import counted, text_date
from indgang.families.handover import section
from indgang.families.models import Case


def sections(*, case, today: date) -> list[dict]:
    from indgang.followup.due import due_rows

    rows = due_rows(cases=Case.objects.filter(pk=case.pk), today=today)
    items = []
    for row in rows:
        items.extend(due_items(row))
    return [section("due", "Hvad forfalder, og hvad er overskredet", items)]


def due_items(row) -> list[str]:
    items = []
    if row.next_contact_due:
        state = "overskredet, skulle være sket" if row.contact_overdue else "næste senest"
        items.append(f"Månedlig kontakt: {state} {text_date(row.next_contact_due)}")
    state = "overskredet, skulle være sket" if row.followup_overdue else "næste senest"
    items.append(f"Opfølgning på planen: {state} {text_date(row.next_followup_due)}")
    if row.startup_missing:
        stalled = " (opstarten er gået i stå)" if row.startup_stalled else ""
        items.append("Opstart mangler: " + ", ".join(row.startup_missing_labels) + stalled)
    if row.overdue_agreements:
        items.append(f"{counted(row.overdue_agreements, 'aftale', 'aftaler')} over fristen")
    return items
