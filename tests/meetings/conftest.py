from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from indgang.meetings import services
from indgang.meetings.models import Meeting

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: int, hour: int = 10, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=CPH)


@pytest.fixture
def meeting(world) -> Meeting:
    """Analysis meeting 1 for the Hansen family, planned for 1 December at 10."""
    return services.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": Meeting.Type.ANALYSIS_1, "starts_at": at(1), "place": "CBF, mødelokale 2"},
    )
