"""The oversight pages in the access matrix (see tests/matrix.py); the audit search and
spot-check pages keep their entries in tests/matrix.py CORE_ENTRIES."""

from indgang.audit.models import AuditEvent
from tests.matrix import LEADERS, Entry

OVERSEERS = LEADERS | {"heidi"}

ENTRIES = {
    "who_has_seen": Entry(allowed=OVERSEERS),
    "spot_check_report": Entry(allowed=OVERSEERS),
    # The DPO's answer to a citizen's request for access; a download, so a POST.
    "subject_access_export": Entry(allowed={"heidi"}, kwargs="person", method="post"),
    "value_jump_list": Entry(allowed=OVERSEERS),
    # Puts the value jump into the spot check (once) and returns to the spot-check page.
    "value_jump_check": Entry(allowed=OVERSEERS, kwargs="value_jump_event", method="post", ok=302),
}


def objects(world) -> dict:
    """A value jump into the Hansen family, so the leaders' list has something to show."""
    event = AuditEvent.objects.create(
        user=world.bob,
        action=AuditEvent.Action.VALUE_JUMP,
        object_type="family",
        object_id=world.family.pk,
        family_id=world.family.pk,
        summary="Værdispring",
        changes={"reason": "cover", "explanation": ""},
    )
    return {"value_jump_event": event}
