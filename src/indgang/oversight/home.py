"""The data-protection officer's front page: the log at a glance, in their tenancy.

Registered in ``settings.HOME_PANELS``. The figures come from the oversight selectors the
audit search and the spot checks use; the panel reads the log, so its read is logged the
way every oversight page logs its own (``services.log_read``).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from indgang.audit import selectors as audit_selectors
from indgang.audit.models import AuditEvent, SpotCheck
from indgang.oversight import selectors, services
from indgang.oversight.access import is_dpo

SHOWN = 5


def dpo_panel(*, user, today: date) -> dict | None:
    """This week's reads (all, outside office hours, value jumps), staff with unusual volume,
    open spot checks, and the latest value jumps and exports."""
    if not is_dpo(user):
        return None
    monday = today - timedelta(days=today.weekday())
    since = timezone.make_aware(datetime.combine(monday, time.min))
    reads = selectors.reads_in_tenancy(user, since)
    value_jumps, _more = selectors.value_jumps_for(user=user)
    exports, _more = selectors.audit_page(
        user=user, query=audit_selectors.AuditQuery(action=AuditEvent.Action.EXPORT)
    )
    open_checks = [
        c for c in selectors.spot_checks_for(user=user) if c.verdict == SpotCheck.Verdict.PENDING
    ]
    panel = {
        "template": "oversight/partials/home_dpo.html",
        "since": monday,
        "reads": reads.count(),
        "off_hours": selectors.off_hours(reads).count(),
        "value_jumps_week": reads.filter(action=AuditEvent.Action.VALUE_JUMP).count(),
        "unusual_volume": len(selectors.unusual_volume_users(user=user, since=since)),
        "open_checks": len(open_checks),
        "value_jumps": value_jumps[:SHOWN],
        "exports": exports[:SHOWN],
    }
    shown = panel["value_jumps"] + panel["exports"]
    services.log_read(
        by=user,
        summary="Forside: overblik over loggen",
        family_ids={e.family_id for e in shown if e.family_id},
    )
    return panel
