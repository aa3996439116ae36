from django.utils import timezone

from indgang.families.models import ValueJump


def value_jump(request):
    """The banner on every page of a family opened by a value jump, for the rest of the visit."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or "family_id" not in match.kwargs or not user or not user.is_authenticated:
        return {}
    if not 0 < match.kwargs["family_id"] < 2**63:  # an id no database row can have
        return {}
    jump = (
        ValueJump.objects.filter(
            user=user, family_id=match.kwargs["family_id"], expires_at__gt=timezone.now()
        )
        .order_by("-at")
        .first()
    )
    return {"value_jump": jump} if jump else {}
