"""Who may see and do what with surveys and status scores. The one place it is written.

Tenancy: a user sees the surveys, rounds and results of the municipalities their centre serves
(Centre.municipalities); national templates are seen by every leader. Leaders and project
leaders run the evaluation; key staff (coordinators, core-team members and leaders) give the
quarterly status scores.
"""

import rules
from django.db.models import Q, QuerySet

from indgang.families.access import is_leader
from indgang.organisation.models import Municipality, Role

KEY_STAFF = {Role.COORDINATOR, Role.CORE_TEAM, Role.LEADER, Role.PROJECT_LEADER}


def municipalities_for(user) -> QuerySet[Municipality]:
    """The municipalities whose evaluation the user's centre works with."""
    centre_id = getattr(user, "centre_id", None)
    if not getattr(user, "is_authenticated", False) or not user.is_active or not centre_id:
        return Municipality.objects.none()
    return Municipality.objects.filter(centres=centre_id)


def survey_scope(user) -> Q:
    """Templates and the surveys of the user's municipalities."""
    return Q(municipality__isnull=True) | Q(municipality__in=municipalities_for(user))


@rules.predicate
def is_key_staff(user) -> bool:
    return getattr(user, "role", None) in KEY_STAFF and getattr(user, "centre_id", None)


rules.add_perm("surveys.run_evaluation", is_leader)
rules.add_perm("surveys.score_status", is_key_staff)
