"""Who may use the follow-up pages (the family-level policy stays in families/access.py)."""

import rules

from indgang.organisation.models import Role

AGENDA_ROLES = {Role.COORDINATOR, Role.CORE_TEAM, Role.LEADER, Role.PROJECT_LEADER}


@rules.predicate
def works_in_a_centre_team(user) -> bool:
    """Coordinators, core-team members and leaders of a centre: the weekly agenda, årshjul."""
    return getattr(user, "role", None) in AGENDA_ROLES and bool(getattr(user, "centre_id", None))


rules.add_perm("followup.core_team_agenda", works_in_a_centre_team)
rules.add_perm("followup.annual_cycle", works_in_a_centre_team)
