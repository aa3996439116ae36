"""Every read of the portal, by topic: what all reads share (common), the parent's pages
(parents), the family's messages (messages), the staff side's panels (staff) and the leader's
feedback figures (feedback).

Everything is named here too, so ``indgang.portal.selectors.<name>`` (the views, and the
dotted paths in settings.py) does not depend on the module it lives in.
"""

from indgang.portal.selectors.common import current_case, deny, household_ids, log_read
from indgang.portal.selectors.feedback import (
    TREND_MONTHS,
    FeedbackTrend,
    TrendRow,
    feedback_trend,
)
from indgang.portal.selectors.messages import (
    MESSAGES_PER_PAGE,
    MessagePage,
    attachment_of_family,
    conversation_members,
    core_team_to_add,
    families_in_conversation,
    may_write_to_family,
    messages_of,
    page_before,
    unanswered_since,
)
from indgang.portal.selectors.parents import (
    AccessRow,
    CoordinatorCard,
    PortalPlan,
    access_log,
    applications,
    consent_of_family,
    consents,
    coordinator_card,
    decision_of_family,
    goal_of_family,
    meeting_of_family,
    past_meetings,
    portal_plan,
    upcoming_meetings,
)
from indgang.portal.selectors.staff import (
    WEEK_DAYS_BACK,
    GuardianRow,
    Waiting,
    family_panel,
    week_low_feedback,
    week_meeting_replies,
    week_unanswered,
)

__all__ = [
    "MESSAGES_PER_PAGE",
    "TREND_MONTHS",
    "WEEK_DAYS_BACK",
    "AccessRow",
    "CoordinatorCard",
    "FeedbackTrend",
    "GuardianRow",
    "MessagePage",
    "PortalPlan",
    "TrendRow",
    "Waiting",
    "access_log",
    "applications",
    "attachment_of_family",
    "consent_of_family",
    "consents",
    "conversation_members",
    "coordinator_card",
    "core_team_to_add",
    "current_case",
    "decision_of_family",
    "deny",
    "families_in_conversation",
    "family_panel",
    "feedback_trend",
    "goal_of_family",
    "household_ids",
    "log_read",
    "may_write_to_family",
    "meeting_of_family",
    "messages_of",
    "page_before",
    "past_meetings",
    "portal_plan",
    "unanswered_since",
    "upcoming_meetings",
    "week_low_feedback",
    "week_meeting_replies",
    "week_unanswered",
]
