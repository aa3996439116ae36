"""The API's own reads, composed from the domain selectors (which apply the access policy)."""

import base64
import binascii
from datetime import datetime

from django.db.models import Q, QuerySet

from indgang.audit.models import AuditEvent
from indgang.families.models import Family
from indgang.families.selectors import family_list_for

# A family has changed when it was created or a write to it (its persons, case, plan,
# meetings, agreements, applications, decisions, ...) is in the audit log: every service
# logs its writes with the family's id, so the log is the change feed.
WRITE_ACTIONS = (AuditEvent.Action.CREATE, AuditEvent.Action.CHANGE, AuditEvent.Action.DELETE)
MAX_ID = 2**63 - 1


class BadCursor(ValueError):
    pass


def cursor_encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"f{last_id}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursor from None
    if not raw.startswith("f") or not raw[1:].isdigit() or len(raw) > 20:
        raise BadCursor
    value = int(raw[1:])
    if not 0 < value <= MAX_ID:
        raise BadCursor
    return value


def families_page(
    *, user, after_id: int | None, limit: int, changed_since: datetime | None
) -> tuple[list[Family], int | None]:
    """One page of the families the user may see, in id order (keyset, never counted)."""
    families: QuerySet[Family] = family_list_for(user=user).order_by("pk")
    if changed_since is not None:
        changed = AuditEvent.objects.filter(
            at__gte=changed_since, action__in=WRITE_ACTIONS, family_id__isnull=False
        ).values("family_id")
        families = families.filter(Q(created_at__gte=changed_since) | Q(pk__in=changed))
    if after_id is not None:
        families = families.filter(pk__gt=after_id)
    rows = list(families[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)
