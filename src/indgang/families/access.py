"""Who may see and do what. The one place the access policy is written down.

Default policy (DOMAIN.md, issue 3):
- a centre's coordinators, fixed core-team members, leaders and project leaders see the
  families of their centre;
- a coordinator also sees a family they are assigned to, or are handing over, elsewhere;
- a partner or flexible core-team member sees only families they are linked to, while linked;
- the system administrator and the data-protection officer see no case content.
Everyone else gets a 404, as if the family did not exist.
"""

import rules
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from indgang.audit import reads
from indgang.audit.services import Action, audit_record
from indgang.families.models import CoordinatorAssignment, Family, Handover, PartnerLink
from indgang.organisation.models import CoreTeamMembership, Role

CENTRE_WIDE_ROLES = {Role.COORDINATOR, Role.LEADER, Role.PROJECT_LEADER}
CASE_MANAGERS = {Role.COORDINATOR, Role.LEADER, Role.PROJECT_LEADER}
LEADERS = {Role.LEADER, Role.PROJECT_LEADER}
AUDITORS = {Role.DPO, Role.LEADER, Role.PROJECT_LEADER}


def _sees_whole_centre(user) -> bool:
    if user.role in CENTRE_WIDE_ROLES:
        return True
    if user.role == Role.CORE_TEAM:
        return CoreTeamMembership.objects.filter(
            user=user, centre_id=user.centre_id, kind=CoreTeamMembership.Kind.FIXED
        ).exists()
    return False


def families_visible_to(user) -> QuerySet[Family]:
    """Every read of families starts here."""
    if not user.is_authenticated or not user.is_active or not user.role:
        return Family.objects.none()
    if user.role in (Role.SYSADMIN, Role.DPO):
        return Family.objects.none()
    today = timezone.localdate()
    # One indexed subquery per relation: a single OR over joins would scan every family.
    linked = PartnerLink.objects.filter(user=user, linked_on__lte=today).filter(
        Q(unlinked_on__isnull=True) | Q(unlinked_on__gt=today)
    )
    personal = Q(pk__in=linked.values("case__family_id"))
    if user.role == Role.COORDINATOR:
        assigned = CoordinatorAssignment.objects.filter(coordinator=user, ended_on__isnull=True)
        handing_over = Handover.objects.filter(from_coordinator=user, confirmed_at__isnull=True)
        personal |= Q(pk__in=assigned.values("case__family_id"))
        personal |= Q(pk__in=handing_over.values("case__family_id"))
    if user.centre_id and _sees_whole_centre(user):
        return Family.objects.filter(Q(centre_id=user.centre_id) | personal)
    return Family.objects.filter(personal)


def family_for(user, pk: int) -> Family:
    """The family if the user may see it; otherwise 404, exactly as for a missing id.

    The page that asked is noted as showing the family (the audit log names its household
    unless the page names its persons itself), and a refusal is logged as denied.
    """
    try:
        family = families_visible_to(user).get(pk=pk)
    except Family.DoesNotExist:
        audit_record(
            user=user,
            action=Action.DENIED,
            object_type="family",
            object_id=pk if 0 < pk < 2**63 else None,
            summary="Familie ikke synlig eller findes ikke",
        )
        raise Http404 from None
    reads.note_family(family.pk)
    return family


@rules.predicate
def is_case_manager(user) -> bool:
    return getattr(user, "role", None) in CASE_MANAGERS


@rules.predicate
def is_leader(user) -> bool:
    return getattr(user, "role", None) in LEADERS


@rules.predicate
def is_auditor(user) -> bool:
    return getattr(user, "role", None) in AUDITORS


@rules.predicate
def is_same_centre(user, family) -> bool:
    return family is not None and family.centre_id == user.centre_id


rules.add_perm("families.add_family", is_case_manager)
rules.add_perm("families.manage_case", is_case_manager)
rules.add_perm("families.handover", is_case_manager)
rules.add_perm("families.view_full_cpr", is_case_manager & is_same_centre)
rules.add_perm("families.view_access_log", is_case_manager & is_same_centre)
rules.add_perm("families.view_participant_list", is_leader)
rules.add_perm("families.view_caseload", is_leader)
rules.add_perm("audit.search", is_auditor)
rules.add_perm("audit.spot_check", is_leader)


@rules.predicate
def works_with_families(user) -> bool:
    return getattr(user, "role", None) not in (None, "", Role.SYSADMIN, Role.DPO)


@rules.predicate
def is_sysadmin(user) -> bool:
    return getattr(user, "role", None) == Role.SYSADMIN or getattr(user, "is_superuser", False)


rules.add_perm("families.browse", works_with_families)
rules.add_perm("organisation.administer", is_sysadmin)
