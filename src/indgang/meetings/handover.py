"""The meetings app's part of the handover snapshot (families/handover.py)."""

from datetime import date

from django.db.models import F
from django.utils import timezone

from indgang.core.templatetags.indgang_format import text_date, text_datetime
from indgang.families.handover import section
from indgang.meetings.models import Agreement, Meeting


def sections(*, case, today: date) -> list[dict]:
    agreements = (
        Agreement.objects.filter(case=case, status=Agreement.Status.OPEN)
        .select_related("owner_user", "owner_department")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )
    agreement_items = []
    for a in agreements:
        due = "ingen frist"
        if a.due_on:
            due = f"frist {text_date(a.due_on)}" + (" (overskredet)" if a.due_on < today else "")
        agreement_items.append(f"{a.task} – {a.owner_label or 'ingen ansvarlig'}, {due}")
    meetings = (
        Meeting.objects.filter(
            case=case, status__in=[Meeting.Status.PLANNED, Meeting.Status.TO_SCHEDULE]
        )
        .exclude(starts_at__lt=timezone.now())
        .order_by(F("starts_at").asc(nulls_last=True), "id")
    )
    meeting_items = []
    for m in meetings:
        when = text_datetime(m.starts_at) if m.starts_at else "skal planlægges"
        meeting_items.append(
            f"{m.get_type_display()}: {when}" + (f", {m.place}" if m.place else "")
        )
    return [
        section("agreements", "Åbne aftaler (hvad, hvem, hvornår)", agreement_items),
        section("meetings", "Kommende møder", meeting_items),
    ]
