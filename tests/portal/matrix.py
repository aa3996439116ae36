"""The parents' portal in the access matrix.

No staff persona may use a portal page: signed-in staff get 403, anonymous visitors are sent
to the portal's own sign-in page with 303 See Other (not the staff log-in page). What the
parent may see and do is tested in tests/portal/ (test_access.py and the portal's own
read-logging test); ``ok=None``: no persona of the staff matrix is allowed, so the
read-logging test built from this matrix has nobody to request these pages as.
"""

from tests.matrix import ANON, LEADERS, MANAGERS, Entry, family_page

STAFF_PERSONAS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"}


def portal_page(method="get", **kw):
    return Entry(allowed=set(), method=method, ok=None, denied=403, anonymous=303, **kw)


ENTRIES = {
    "portal:home": portal_page(),
    "portal:coordinator": portal_page(),
    "portal:plan": portal_page(),
    "portal:plan_pdf": portal_page(),
    "portal:goal_comment": portal_page(method="post", kwargs="goal"),
    "portal:goal_suggest": portal_page(method="post"),
    "portal:logout": portal_page(method="post"),
    "portal:meetings": portal_page(),
    "portal:meeting_respond": portal_page(method="post", kwargs="meeting"),
    "portal:meeting_topic": portal_page(method="post", kwargs="meeting"),
    "portal:meeting_feedback": portal_page(method="post", kwargs="meeting"),
    "portal:applications": portal_page(),
    "portal:decision_letter": portal_page(kwargs="decision"),
    "portal:consents": portal_page(),
    "portal:consent_withdraw": portal_page(method="post", kwargs="consent"),
    "portal:access_log": portal_page(),
    "portal:messages": portal_page(),
    "portal:attachment": portal_page(kwargs="attachment"),
    "portal:staff_messages": family_page(MANAGERS),
    "portal:staff_attachment": family_page(MANAGERS, kwargs="attachment"),
    # The language switch: for visitors and parents (303 back to the page), refused to staff.
    "portal:language": Entry(
        allowed=set(), method="post", denied=403, anonymous=303, data={"sprog": "en"}
    ),
    # Sign-in pages: open to visitors, refused to signed-in staff.
    "portal:login": Entry(allowed={ANON}, anonymous=200, denied=403),
    # Without the link's token the page says the link does not work.
    "portal:invitation": Entry(allowed={ANON}, kwargs="invitation", anonymous=200, denied=403),
    # No parents' provider in the test settings: the pages do not exist.
    "portal:oidc_start": Entry(allowed=set(), denied=404, anonymous=404),
    "portal:oidc_callback": Entry(allowed=set(), denied=404, anonymous=404),
    # Core-team members in the family's conversation: only those who manage the case add
    # and remove them (an empty form is answered 400 with the page; removing is idempotent).
    "portal:conversation_member_add": family_page(MANAGERS, method="post", ok=400),
    "portal:conversation_member_remove": family_page(
        MANAGERS, kwargs="member", method="post", ok=302
    ),
    # The coordinator's own availability text; the leader's feedback trend.
    "portal:availability": Entry(allowed=MANAGERS | {"ivan"}),
    "portal:feedback_trend": Entry(allowed=LEADERS),
    # The coordinator's action on the family page.
    "portal:invite": family_page(MANAGERS, kwargs="guardian", method="post", ok=302),
}


def objects(world):
    from datetime import date

    from django.utils import timezone

    from indgang.plans.models import Goal, JointPlan
    from indgang.portal.models import Invitation

    # The plans matrix has made the Hansen plan and its goals already (tests/plans/matrix.py).
    goal = Goal.objects.filter(plan__case=world.case).order_by("position").first()
    if goal is None:
        plan, _ = JointPlan.objects.get_or_create(case=world.case, created_by=world.alice)
        goal = Goal.objects.create(
            plan=plan,
            position=1,
            wording="Alma sover igennem om natten",
            success_criteria="5 nætter om ugen",
            target_date=date(2027, 3, 1),
        )
    now = timezone.now()
    invitation = Invitation.objects.create(
        person=world.parent,
        token_hash="0" * 64,
        created_by=world.alice,
        created_at=now,
        expires_at=now + timezone.timedelta(days=7),
    )
    from django.core.files.base import ContentFile

    from indgang.portal.models import Message, MessageAttachment

    message = Message.objects.create(family=world.family, author=world.alice, body="Hej")
    attachment = MessageAttachment(message=message, content_type="application/pdf", size=9)
    attachment.file.save("x", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    from indgang.organisation.models import Role
    from indgang.portal.models import ConversationMember
    from tests import factories as f

    # Not bob: a member may read the messages, and bob stays "viewer, not manager" here.
    kim = f.UserFactory(username="kim", role=Role.CORE_TEAM, centre=world.centre)
    f.core_team(world.centre, kim)
    member = ConversationMember.objects.create(family=world.family, user=kim, added_by=world.alice)
    return {
        "member": member,
        "guardian": world.parent,
        "goal": goal,
        "invitation": invitation,
        "attachment": attachment,
    }
