"""Reads of a centre's core team, always within the acting user's centre."""

from django.db.models import QuerySet
from django.http import Http404

from indgang.audit.services import Action, audit_record
from indgang.organisation.models import CoreTeamMembership, Role, User

# Who can be a core-team member: the centre's own professionals (not partners or the DPO).
MEMBER_ROLES = (Role.COORDINATOR, Role.CORE_TEAM, Role.LEADER, Role.PROJECT_LEADER)


def core_team_for(*, user) -> QuerySet[CoreTeamMembership]:
    """The memberships of the user's centre's core team."""
    if not getattr(user, "centre_id", None):
        return CoreTeamMembership.objects.none()
    return (
        CoreTeamMembership.objects.filter(centre_id=user.centre_id)
        .select_related("user", "user__department", "centre")
        .order_by("kind", "user__first_name", "user__last_name")
    )


def core_team_membership_get(*, user, pk: int) -> CoreTeamMembership:
    """One membership of the user's centre; any other is a 404, logged as denied."""
    try:
        return core_team_for(user=user).get(pk=pk)
    except CoreTeamMembership.DoesNotExist:
        audit_record(
            user=user,
            action=Action.DENIED,
            object_type="coreteammembership",
            object_id=pk if 0 < pk < 2**63 else None,
            summary="Kerneteammedlemskab uden for brugerens center eller findes ikke",
        )
        raise Http404("Medlemskabet findes ikke.") from None


def people(users: QuerySet[User]) -> QuerySet[User]:
    """Only people: the API's system users (``api.ApiClient.user``, named "System: …") act
    under the access policy and appear in the log, but are never offered in a picker."""
    return users.filter(api_client__isnull=True)


def core_team_candidates_for(*, user) -> QuerySet[User]:
    """Active staff of the user's centre who are not in its core team yet (never the user)."""
    if not getattr(user, "centre_id", None):
        return User.objects.none()
    return (
        people(User.objects.filter(centre_id=user.centre_id, is_active=True, role__in=MEMBER_ROLES))
        .exclude(core_team_memberships__centre_id=user.centre_id)
        .exclude(pk=user.pk)
        .order_by("first_name", "last_name")
    )
