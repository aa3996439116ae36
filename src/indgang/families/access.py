"""Who may see and do what. The one place the access policy is written down.

Need to know (DOMAIN.md section 7, issue 8), the default of every municipality:
- a coordinator sees the families they coordinate, cover or are handing over (a cover is
  date-bounded: the deputy sees the family from its first to its last day, then no more);
- staff who take part in a family's core-team work (invited to its meetings, owning its
  agreements) see that family; apps above families say so through
  ``settings.FAMILY_INVOLVEMENT`` (dotted paths to ``f(user) -> [family-id querysets]``);
- a partner sees only families they are linked to, while linked;
- anyone else in the centre (coordinators, fixed core-team members, leaders) may open a
  family of their centre after stating a reason: a value jump, logged and spot-checked;
- the system administrator and the data-protection officer see no case content.
A municipality may choose the whole centre instead (``AccessPolicy.Scope.CENTRE``): then
the centre's coordinators, fixed core-team members and leaders see all its families.
Everyone else gets a 404, as if the family did not exist.

What a partner sees of a family they are linked to (DOMAIN.md section 7): the plan, the
meetings they are invited to and the agreements and grants that concern their department;
not the contact log, the ICS assessment, other meetings or other departments' grants and
amounts, unless the municipality's policy (``AccessPolicy.partners_see_whole_case``) or the
family's consent (``Consent.shares_with_partners``) opens the whole case. ``partner_view``
says which; ``family_section_for`` refuses a closed section with the same 404.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import rules
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string

from indgang.audit import reads
from indgang.audit.services import Action, audit_record
from indgang.families.models import (
    AccessPolicy,
    Consent,
    CoordinatorAssignment,
    Cover,
    Family,
    Handover,
    PartnerLink,
    ValueJump,
)
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
        assigned = _own_assignments(user)
        handing_over = Handover.objects.filter(from_coordinator=user, confirmed_at__isnull=True)
        covering = Cover.objects.filter(deputy=user, starts_on__lte=today, ends_on__gte=today)
        personal |= Q(pk__in=assigned.values("case__family_id"))
        personal |= Q(pk__in=covering.values("case__family_id"))
        personal |= Q(pk__in=handing_over.values("case__family_id"))
    if user.role != Role.PARTNER:
        for path in settings.FAMILY_INVOLVEMENT:
            for family_ids in import_string(path)(user=user):
                personal |= Q(pk__in=family_ids)
        jumps = ValueJump.objects.filter(user=user, expires_at__gt=timezone.now())
        personal |= Q(pk__in=jumps.values("family_id"))
    centre_wide = _centre_wide(user)
    return Family.objects.filter(personal if centre_wide is None else centre_wide | personal)


def _own_assignments(user) -> QuerySet[CoordinatorAssignment]:
    """The rule's first condition: the cases a coordinator coordinates now."""
    return CoordinatorAssignment.objects.filter(coordinator=user, ended_on__isnull=True)


def _centre_wide(user) -> Q | None:
    """The rule's condition for those who see their whole centre: its families in the
    municipalities whose policy is centre-wide. None for everyone else."""
    if not user.centre_id or not _sees_whole_centre(user):
        return None
    centre_wide = AccessPolicy.objects.filter(scope=AccessPolicy.Scope.CENTRE)
    return Q(centre_id=user.centre_id, municipality_id__in=centre_wide.values("municipality_id"))


def visible_among(user, family_ids: Iterable[int]) -> set[int]:
    """Which of these families the user may see. For a short list of candidates found
    another way: the rule is checked on these rows only. Inside a join
    (``case__family__in=families_visible_to(user)``) PostgreSQL checked it on every family
    of the country, 10-20 ms a query at national scale (docs/benchmarks.md)."""
    ids = {i for i in family_ids if i is not None}
    if not ids:
        return set()
    # The rule's cheapest conditions first, each one plain query: a coordinator's own cases,
    # then the centre's families for those who see the whole centre. The whole rule (2-3 ms
    # to build) is asked only about what is left, if anything.
    found = set()
    if user.is_active and getattr(user, "role", None) == Role.COORDINATOR:
        own = _own_assignments(user).filter(case__family_id__in=ids)
        found |= set(own.values_list("case__family_id", flat=True))
    centre_wide = _centre_wide(user) if user.is_active and ids - found else None
    if centre_wide is not None:
        found |= set(
            Family.objects.filter(centre_wide, pk__in=ids - found).values_list("pk", flat=True)
        )
    if rest := ids - found:
        found |= set(
            families_visible_to(user).filter(pk__in=rest).order_by().values_list("pk", flat=True)
        )
    return found


def centre_families_overseen_by(user) -> QuerySet[Family]:
    """The centre's families for its oversight pages (participant list, compliance, the core
    team's agenda), whatever the access scope: leaders and the fixed core team answer for
    the whole centre's figures. Opening one of the families still follows the access rule.
    """
    if not user.is_authenticated or not user.is_active or not user.centre_id:
        return Family.objects.none()
    if not _sees_whole_centre(user) or user.role == Role.COORDINATOR:
        return families_visible_to(user)
    return Family.objects.filter(centre_id=user.centre_id)


class ValueJumpRequired(Http404):
    """The family is the user's centre's but not their case: they may open it with a reason.

    A 404 for code that does not know better; the value-jump middleware turns it into the
    page that asks for the reason.
    """

    def __init__(self, family_id: int):
        super().__init__("Begrundelse kræves")
        self.family_id = family_id


def may_search_centre(user) -> bool:
    """Whether a search may find the centre's other families (to open with a reason)."""
    return bool(user.is_authenticated and user.centre_id and _sees_whole_centre(user))


def may_value_jump(user, family_id: int) -> bool:
    """Staff of the family's centre who could see it under the centre-wide scope."""
    if not user.is_authenticated or not user.centre_id or not _sees_whole_centre(user):
        return False
    return Family.objects.filter(pk=family_id, centre_id=user.centre_id).exists()


def family_for(user, pk: int, **annotations) -> Family:
    """The family if the user may see it; otherwise 404, exactly as for a missing id.

    The page that asked is noted as showing the family (the audit log names its household
    unless the page names its persons itself), and a refusal is logged as denied.
    ``annotations`` ride along on the family's row, for a page that needs a fact or two more.
    """
    try:
        # The municipality comes along: nearly every family page names it.
        family = _coordinated_family(user, pk, annotations) or (
            families_visible_to(user)
            .select_related("municipality")
            .annotate(**annotations)
            .get(pk=pk)
        )
    except Family.DoesNotExist:
        if 0 < pk < 2**63 and may_value_jump(user, pk):
            raise ValueJumpRequired(pk) from None
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


def _coordinated_family(user, pk: int, annotations: dict) -> Family | None:
    """The commonest open first: a coordinator's own case, one of the rule's conditions, found
    by one plain query. The whole rule's nine subqueries take longer to build than to run
    (docs/benchmarks.md); anything else still goes through it."""
    if getattr(user, "role", None) != Role.COORDINATOR or not user.is_active:
        return None
    return (
        Family.objects.select_related("municipality")
        .filter(
            pk=pk,
            cases__coordinator_assignments__coordinator=user,
            cases__coordinator_assignments__ended_on__isnull=True,
        )
        .annotate(**annotations)
        .first()
    )


class Section(StrEnum):
    """Parts of a case a partner sees only when the whole case is open to them."""

    CONTACT_LOG = "contact_log"
    ASSESSMENT = "assessment"  # the ICS board


@dataclass(frozen=True)
class PartnerView:
    """A partner's restricted view of one family: what concerns them and their department."""

    user_id: int
    department_id: int | None

    def owns(self, *, owner_user_id: int | None, owner_department_id: int | None) -> bool:
        """Whether an agreement (or anything owned the same way) concerns this partner."""
        return owner_user_id == self.user_id or (
            self.department_id is not None and owner_department_id == self.department_id
        )

    def concerns_department(self, *department_ids: int | None) -> bool:
        return self.department_id is not None and self.department_id in department_ids


def partner_view(user, family: Family) -> PartnerView | None:
    """``None`` when the user sees the whole case (staff, or a partner whom the municipality's
    policy or the family's active consent lets see it); otherwise the partner's restricted
    view. Asked once per family and request (kept on the family object)."""
    if getattr(user, "role", None) != Role.PARTNER:
        return None
    cache = family.__dict__.setdefault("_partner_view", {})
    if user.pk not in cache:
        whole = (
            AccessPolicy.objects.filter(
                municipality_id=family.municipality_id, partners_see_whole_case=True
            ).exists()
            or Consent.objects.filter(
                case__family=family, withdrawn_on__isnull=True, shares_with_partners=True
            ).exists()
        )
        cache[user.pk] = None if whole else PartnerView(user.pk, user.department_id)
    return cache[user.pk]


def family_section_for(user, pk: int, section: Section) -> Family:
    """``family_for``, and a 404 (logged as denied) for a section closed to this partner."""
    family = family_for(user, pk)
    require_section(user, family, section)
    return family


def require_section(user, family: Family, section: Section) -> None:
    """A 404 (logged as denied) when the section is closed to this partner."""
    if partner_view(user, family) is not None:
        audit_record(
            user=user,
            action=Action.DENIED,
            object_type="family",
            object_id=family.pk,
            family_id=family.pk,
            summary=f"Lukket for samarbejdspartnere: {section.value}",
        )
        raise Http404


@rules.predicate
def is_case_manager(user) -> bool:
    return getattr(user, "role", None) in CASE_MANAGERS


@rules.predicate
def is_leader(user) -> bool:
    return getattr(user, "role", None) in LEADERS


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


@rules.predicate
def works_with_families(user) -> bool:
    return getattr(user, "role", None) not in (None, "", Role.SYSADMIN, Role.DPO)


@rules.predicate
def is_sysadmin(user) -> bool:
    return getattr(user, "role", None) == Role.SYSADMIN or getattr(user, "is_superuser", False)


rules.add_perm("families.browse", works_with_families)
rules.add_perm("organisation.administer", is_sysadmin)
