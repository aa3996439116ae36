"""What every portal read shares: the household, the read log with the parent as the actor,
the answer to another family's id, and the family's current case."""

from django.http import Http404

from indgang.audit.services import Action, audit_record
from indgang.families.models import Case, Family
from indgang.plans import selectors as plan_selectors
from indgang.portal.models import ParentAccount


def household_ids(family: Family) -> list[int]:
    return list(family.members.values_list("pk", flat=True))


def log_read(
    *,
    account: ParentAccount,
    page: str,
    person_ids=None,
    object_type="portal_page",
    object_id=None,
    case_id=None,
) -> None:
    """One read event per portal page: the parent is the actor, the family is named."""
    family = account.person.family
    audit_record(
        user=account.user,
        action=Action.VIEW,
        object_type=object_type,
        object_id=object_id,
        family_id=family.pk,
        case_id=case_id,
        person_ids=household_ids(family) if person_ids is None else person_ids,
        summary=f"Forældreportal: {page}",
    )


def deny(*, account: ParentAccount, object_type: str, object_id: int) -> Http404:
    """Another family's id, or none at all: logged as denied, answered as missing."""
    audit_record(
        user=account.user,
        action=Action.DENIED,
        object_type=object_type,
        object_id=object_id if 0 < object_id < 2**63 else None,
        family_id=account.person.family_id,
        summary="Forældreportal: ikke familiens egen",
    )
    return Http404()


def current_case(family: Family) -> Case | None:
    return plan_selectors._newest_case(family)
