"""The family's secure messages and who takes part in the conversation: read by the parents
and by staff alike."""

from indgang.families.models import Family
from indgang.organisation.models import User

# ---------------------------------------------------------------- secure messages


MESSAGES_PER_PAGE = 30


class MessagePage(list):
    """The newest messages (oldest first on the page), or those before ``before``; ``older``
    is the id to ask for the next older page with (None when there is none)."""

    older: int | None = None
    newer: bool = False


def messages_of(*, family: Family, before: int | None = None) -> MessagePage:
    """A page of the family's conversation: two queries whatever its length (keyset paging on
    the (family, at) index, so a family with thousands of messages costs the same)."""
    from django.db.models import Q, Subquery

    from indgang.portal.models import Message

    query = Message.objects.filter(family=family)
    if before is not None and 0 < before < 2**63:
        anchor = Message.objects.filter(pk=before, family=family).values("at")[:1]
        query = query.filter(Q(at__lt=Subquery(anchor)) | Q(at=Subquery(anchor), id__lt=before))
    newest_first = list(
        query.select_related("account__person", "author")
        .prefetch_related("attachments")
        .order_by("-at", "-id")[: MESSAGES_PER_PAGE + 1]
    )
    page = MessagePage(reversed(newest_first[:MESSAGES_PER_PAGE]))
    page.older = page[0].pk if len(newest_first) > MESSAGES_PER_PAGE else None
    page.newer = before is not None
    return page


def page_before(request) -> int | None:
    """The ``foer`` parameter (an older page of messages), or None when absent or not a number."""
    value = request.GET.get("foer", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def attachment_of_family(*, family: Family, attachment_id: int):
    from indgang.portal.models import MessageAttachment

    if not 0 < attachment_id < 2**63:
        return None
    return (
        MessageAttachment.objects.select_related("message")
        .filter(pk=attachment_id, message__family=family)
        .first()
    )


def unanswered_since(*, family: Family):
    """When the family's oldest message without a staff answer after it was sent, or None."""
    from indgang.portal.models import Message

    last_staff = (
        Message.objects.filter(family=family, author__isnull=False)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    waiting = Message.objects.filter(family=family, account__isnull=False)
    if last_staff is not None:
        waiting = waiting.filter(at__gt=last_staff)
    return waiting.order_by("at").values_list("at", flat=True).first()


# ---------------------------------------------------------------- the family's conversation


def conversation_members(*, family: Family) -> list:
    """The core-team members the coordinator has added to the family's conversation."""
    from indgang.portal.models import ConversationMember

    return list(
        ConversationMember.objects.filter(family=family)
        .select_related("user__department")
        .order_by("added_at", "id")
    )


def may_write_to_family(*, user, family: Family) -> bool:
    """Whoever manages the case, and the core-team members added to the conversation."""
    from indgang.portal.models import ConversationMember

    return user.has_perm("families.manage_case", family) or (
        ConversationMember.objects.filter(family=family, user=user, user__is_active=True).exists()
    )


def core_team_to_add(*, family: Family, members: list) -> list[User]:
    """Fixed and flexible core-team members of the family's centre, not yet in the conversation."""
    from indgang.organisation.models import CoreTeamMembership

    taken = {m.user_id for m in members}
    return [
        m.user
        for m in CoreTeamMembership.objects.filter(centre_id=family.centre_id, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user_id")
        if m.user_id not in taken
    ]


def families_in_conversation(*, user) -> list:
    """settings.FAMILY_INVOLVEMENT: a member of a family's conversation has need to know."""
    from indgang.portal.models import ConversationMember

    return [ConversationMember.objects.filter(user=user).values("family_id")]
