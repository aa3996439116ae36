"""Planned events get a sensible range: a year back (a meeting registered afterwards) to five
years ahead. Birth dates keep the wide 1900-2100 range. (Tests run on 23 November 2026.)"""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.core.validators import planned_window, validate_planned_date
from indgang.meetings import services as meeting_services
from indgang.meetings.models import Agreement, Meeting
from indgang.plans.models import Goal
from tests.plans.test_pages import _goal_post

MESSAGE = "Angiv en dato mellem 23. nov. 2025 og 23. nov. 2031"


def test_the_window_is_a_year_back_and_five_years_ahead():
    assert planned_window(date(2026, 11, 23)) == (date(2025, 11, 23), date(2031, 11, 23))
    assert planned_window(date(2028, 2, 29)) == (date(2027, 2, 28), date(2033, 2, 28))
    validate_planned_date(date(2025, 11, 23))
    validate_planned_date(date(2031, 11, 23))
    for wrong in (date(1999, 5, 4), date(2025, 11, 22), date(2031, 11, 24)):
        with pytest.raises(ValidationError) as error:
            validate_planned_date(wrong)
        assert MESSAGE in error.value.messages[0]


@pytest.mark.parametrize("starts_at", ["1999-05-04T10:00", "2032-01-05T10:00"])
def test_a_new_meeting_far_outside_the_range_is_refused(world, login, starts_at):
    response = login(world.alice).post(
        reverse("meeting_create", args=[world.family.pk]),
        {"type": "status", "starts_at": starts_at},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert MESSAGE in html and 'id="id_starts_at-error"' in html
    assert not Meeting.objects.exists()


def test_a_meeting_held_some_months_ago_can_still_be_registered(world, login):
    response = login(world.alice).post(
        reverse("meeting_create", args=[world.family.pk]),
        {"type": "status", "starts_at": "2026-04-02T10:00"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().starts_at.year == 2026


def test_an_old_meeting_can_be_edited_without_moving_its_date(world, login):
    meeting = meeting_services.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": "status", "starts_at": datetime(2024, 3, 4, 9, tzinfo=UTC)},
    )
    url = reverse("meeting_edit", args=[world.family.pk, meeting.pk])
    client = login(world.alice)
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    data["starts_at"] = form["starts_at"].value().strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = form["ends_at"].value().strftime("%Y-%m-%dT%H:%M")
    data["place"] = "Rådhuset"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.place == "Rådhuset"
    # Moving it to another date outside the range is refused.
    data["starts_at"] = "2024-03-05T09:00"
    data.pop("ends_at")
    response = client.post(url, data)
    assert response.status_code == 200 and MESSAGE in response.content.decode()


def test_an_agreement_deadline_decades_ahead_is_refused(world, login):
    response = login(world.alice).post(
        reverse("agreement_create", args=[world.family.pk]),
        {"task": "Ring til PPR", "owner_user": world.alice.pk, "due_on": "2062-01-01"},
    )
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_goal_target_date_out_of_range_is_refused(world, login):
    response = login(world.alice).post(
        reverse("goal_create", args=[world.family.pk]),
        _goal_post(world, target_date="1999-12-31"),
    )
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not Goal.objects.exists()


def test_birth_dates_keep_the_wide_range(world, login):
    response = login(world.alice).post(
        reverse("person_create", args=[world.family.pk]),
        {
            "first_name": "Karen",
            "last_name": "Hansen",
            "relation": "other",
            "birth_date": "1941-02-03",
        },
    )
    assert response.status_code == 302
    assert world.family.members.filter(birth_date=date(1941, 2, 3)).exists()
