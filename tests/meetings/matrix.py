"""The meetings app's pages in the access matrix (see tests/matrix.py)."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from indgang.meetings import observations, services
from indgang.meetings.models import Agreement, Meeting, Participant
from tests.interventions.matrix import Denied
from tests.matrix import BROWSERS, MANAGERS, PERSONAS, VIEWERS, Entry, family_page

CPH = ZoneInfo("Europe/Copenhagen")
CENTRE_STAFF = {"alice", "bob", "erin", "frank", "ivan"}  # have a centre and a case role
# A partner sees the meetings they are invited to (carol is, below), not the ICS assessment
# (DOMAIN.md section 7; families/access.py): that looks missing to her.
NOT_CAROL = VIEWERS - {"carol"}

ENTRIES = {
    "meeting_list": family_page(VIEWERS),
    "meeting_create": family_page(MANAGERS),
    "startup_meetings": family_page(MANAGERS),
    "meeting_detail": family_page(VIEWERS, kwargs="meeting"),
    "meeting_edit": family_page(MANAGERS, kwargs="meeting"),
    "meeting_print": family_page(VIEWERS, kwargs="meeting"),
    "meeting_cancel": family_page(MANAGERS, kwargs="meeting"),
    "meeting_invite": family_page(MANAGERS, kwargs="meeting", method="post", ok=302),
    "participant_add": family_page(MANAGERS, kwargs="meeting"),
    "participants_invite": family_page(MANAGERS, kwargs="meeting"),
    "participant_edit": family_page(MANAGERS, kwargs="participant"),
    "participant_remove": family_page(MANAGERS, kwargs="participant"),
    "agreement_create": family_page(MANAGERS),
    # the agreement's own person may update it too (bob owns the one below)
    "agreement_edit": family_page(MANAGERS | {"bob"}, kwargs="agreement"),
    "assessment_list": family_page(NOT_CAROL, denied=404),
    "assessment_create": family_page(MANAGERS),
    "assessment_board": family_page(NOT_CAROL, kwargs="assessment", denied=404),
    # bob may see the board but not change it (403); to carol it is missing (404)
    "assessment_edit": family_page(MANAGERS, kwargs="assessment", denied=Denied(403, 404)),
    "assessment_compare": family_page(NOT_CAROL, denied=404),
    # The core team writes its own observations; a partner never sees the ICS board, and an
    # observation is changed only by its author (bob wrote the one below): others get a 404.
    "assessment_observation_add": family_page(VIEWERS - {"carol"}, kwargs="assessment", denied=404),
    "assessment_observation_edit": family_page(
        {"bob"}, kwargs="assessment,observation", denied=404
    ),
    "assessment_observation_delete": family_page(
        {"bob"}, kwargs="assessment,observation", denied=404
    ),
    "my_agreements": Entry(allowed=BROWSERS),
    "my_meetings": Entry(allowed=BROWSERS),
    "core_team_meetings": Entry(allowed=CENTRE_STAFF),
    "calendar_settings": Entry(allowed=BROWSERS),
    # No login: the secret token is the key (a wrong or revoked token is a 404).
    "calendar_feed": Entry(allowed=set(PERSONAS), anonymous=200, kwargs="feed"),
}


def objects(world) -> dict:
    meeting = services.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": Meeting.Type.ANALYSIS_1, "starts_at": datetime(2026, 12, 1, 10, tzinfo=CPH)},
    )
    participant = Participant.objects.create(
        meeting=meeting, kind=Participant.Kind.STAFF, user=world.bob
    )
    Participant.objects.create(meeting=meeting, kind=Participant.Kind.STAFF, user=world.carol)
    agreement = Agreement.objects.create(
        case=world.case, task="Søg om hjælpemiddel", owner_user=world.bob, created_by=world.alice
    )
    assessment = services.assessment_create(
        by=world.alice, case=world.case, assessed_on=date(2026, 11, 1), entries={}, wishes=["Ro"]
    )
    observation = observations.observation_add(
        by=world.bob, assessment=assessment, side="child", kind="strength", text="Leger godt"
    )
    feed = services.calendar_feed_create(by=world.alice)
    return {
        "observation": observation,
        "meeting": meeting,
        "participant": participant,
        "agreement": agreement,
        "assessment": assessment,
        "feed": SimpleNamespace(pk=feed.token),
    }
