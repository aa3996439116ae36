"""Who may see and change a centre's core team. The one place it is written for organisation.

A leader or project leader of a centre sees its core team; only the leader (Role.LEADER)
adds, removes or changes members, and only members of staff of their own centre. Another
centre's membership answers 404, as if it did not exist. Nobody changes their own membership
(services.core_team_membership_save/delete refuse it).
"""

import rules

from indgang.organisation.models import CoreTeamMembership, Role


@rules.predicate
def leads_a_centre(user) -> bool:
    return getattr(user, "role", None) in (Role.LEADER, Role.PROJECT_LEADER) and bool(
        getattr(user, "centre_id", None)
    )


@rules.predicate
def is_centre_leader(user) -> bool:
    return getattr(user, "role", None) == Role.LEADER and bool(getattr(user, "centre_id", None))


@rules.predicate
def same_centre(user, membership) -> bool:
    if membership is None:
        return True  # the page itself; each membership is checked on its own
    return isinstance(membership, CoreTeamMembership) and membership.centre_id == user.centre_id


rules.add_perm("organisation.view_core_team", leads_a_centre)
rules.add_perm("organisation.manage_core_team", is_centre_leader & same_centre)
