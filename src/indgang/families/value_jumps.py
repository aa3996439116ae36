"""Value jumps ("værdispring"): opening a family outside one's own cases with a reason.

The reason goes into the audit log with the family and its household, the family's pages
show a banner for the rest of the visit, and the spot check weighs these events.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.signals import user_logged_out
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from indgang.audit.services import Action, audit_record
from indgang.core.services import save_validated
from indgang.families.access import may_value_jump
from indgang.families.models import Family, ValueJump

# A visit ends at sign-out, or at the latest when the working day ends.
LONGEST_VISIT = timedelta(hours=12)


def _end_of_visit(now: datetime) -> datetime:
    midnight = timezone.make_aware(
        datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min)
    )
    return min(midnight, now + LONGEST_VISIT)


def value_jump_record(*, by, family: Family, reason: str, explanation: str = "") -> ValueJump:
    if not may_value_jump(by, family.pk):
        raise ValidationError("Du kan ikke åbne denne familie.")
    explanation = explanation.strip()
    if reason == ValueJump.Reason.OTHER and not explanation:
        raise ValidationError({"explanation": "Skriv hvorfor du har brug for at åbne familien."})
    now = timezone.now()
    jump = ValueJump(
        user=by,
        family=family,
        reason=reason,
        explanation=explanation,
        at=now,
        expires_at=_end_of_visit(now),
    )
    with transaction.atomic():
        save_validated(jump)
        audit_record(
            user=by,
            action=Action.VALUE_JUMP,
            object_type="family",
            object_id=family.pk,
            family_id=family.pk,
            person_ids=family.members.values_list("pk", flat=True),
            summary=f"Værdispring: {jump.get_reason_display()}"
            + (f" – {explanation}" if explanation else ""),
            changes={"reason": reason, "explanation": explanation},
        )
    return jump


@receiver(user_logged_out)
def _visit_ends(sender, request, user, **kwargs):
    """Signing out ends the visit, and with it every value jump."""
    if user is not None:
        ValueJump.objects.filter(user=user, expires_at__gt=timezone.now()).update(
            expires_at=timezone.now()
        )
