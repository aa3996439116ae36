"""The organisation pages in the access matrix (see tests/matrix.py)."""

from indgang.organisation.models import CoreTeamMembership, Role
from tests import factories as f
from tests.matrix import LEADERS, Entry

ENTRIES = {
    # Leaders and project leaders see their centre's core team; only the leader changes it.
    "core_team_members": Entry(allowed=LEADERS),
    "core_team_member_edit": Entry(
        allowed={"erin"},
        kwargs="membership",
        method="post",
        ok=302,
        data={"kind": "flexible"},
    ),
    "core_team_member_remove": Entry(allowed={"erin"}, kwargs="membership", method="post", ok=302),
}


def objects(world) -> dict:
    # A member of its own, so removing it in one request does not change the world's personas.
    member = f.UserFactory(username="mona", role=Role.CORE_TEAM, centre=world.centre)
    return {
        "membership": CoreTeamMembership.objects.create(
            centre=world.centre, user=member, kind=CoreTeamMembership.Kind.FIXED
        )
    }
