"""What interventions puts on the core team's weekly agenda (settings.CORE_TEAM_AGENDA_SOURCES)."""

from datetime import date

from django.urls import reverse

from indgang.followup.agenda import Reason
from indgang.interventions.models import CoreTeamProposal


def open_proposals(*, family_ids, week: date, today: date) -> list[Reason]:
    """Proposed decisions that wait for the core team; one query."""
    proposals = (
        CoreTeamProposal.objects.filter(family__in=family_ids, status=CoreTeamProposal.Status.OPEN)
        .select_related("application__intervention_type")
        .order_by("created_at", "id")
    )
    return [
        Reason(
            p.family_id,
            "proposal",
            f"{p.application.intervention_type}: foreslået {p.get_outcome_display().lower()}",
            reverse("core_team_proposal", args=[p.family_id, p.pk]),
        )
        for p in proposals
    ]
