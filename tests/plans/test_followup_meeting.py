"""A plan follow-up records the follow-up meeting it was held at, shown on both pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.followup.models import DueStatus
from indgang.meetings import services as meeting_services
from indgang.meetings.models import Meeting
from indgang.plans import services
from indgang.plans.models import PlanFollowUp
from tests.meetings.conftest import at
from tests.plans.matrix import goal_data
from tests.plans.test_pages import _followup_post

pytestmark = pytest.mark.django_db


def _meeting(world, meeting_type=Meeting.Type.PLAN_FOLLOWUP, **data):
    return meeting_services.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": meeting_type, "starts_at": at(20, month=11), **data},
    )


def _record(world, goal, meeting):
    return services.followup_record(
        by=world.alice,
        plan=goal.plan,
        done_on=date(2026, 11, 20),
        progress=[{"goal": goal, "status": "partly", "scale": 5, "note": ""}],
        meeting=meeting,
    )


def test_a_followup_records_its_meeting_once(world):
    goal = services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    meeting = _meeting(world)
    followup = _record(world, goal, meeting)
    assert followup.meeting == meeting
    assert meeting.plan_followup == followup
    with pytest.raises(ValidationError, match="allerede registreret"):
        _record(world, goal, meeting)
    assert PlanFollowUp.objects.count() == 1


def test_only_the_cases_own_plan_followup_meeting_can_be_recorded(world):
    goal = services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    status_meeting = _meeting(world, Meeting.Type.STATUS)
    with pytest.raises(ValidationError, match="opfølgningsmøde"):
        _record(world, goal, status_meeting)
    cancelled = _meeting(world)
    meeting_services.meeting_cancel(by=world.alice, meeting=cancelled)
    with pytest.raises(ValidationError, match="aflyst"):
        _record(world, goal, cancelled)
    assert not PlanFollowUp.objects.exists()


def test_recording_from_the_meeting_links_both_pages_and_moves_the_due_date(world, login):
    goal = services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    meeting = _meeting(world)
    client = login(world.alice)
    meeting_url = reverse("meeting_detail", args=[world.family.pk, meeting.pk])
    html = client.get(meeting_url).content.decode()
    create_url = reverse("followup_create", args=[world.family.pk]) + f"?meeting={meeting.pk}"
    assert "Opfølgningen fra mødet er ikke registreret endnu." in html
    assert create_url in html
    form = client.get(create_url).context["form"]
    assert form.initial["meeting"] == meeting
    response = client.post(create_url, _followup_post([goal], meeting=meeting.pk))
    assert response.status_code == 302
    followup = PlanFollowUp.objects.get()
    assert followup.meeting == meeting
    # Both ways: the plan names the meeting, the meeting the follow-up.
    plan_html = client.get(reverse("plan_detail", args=[world.family.pk])).content.decode()
    assert meeting_url in plan_html and "Holdt på" in plan_html
    html = client.get(meeting_url).content.decode()
    assert "Opfølgningen fra mødet er registreret 20. nov. 2026" in html
    # The due status moved in the same transaction (followup/signals.py).
    assert DueStatus.objects.get(case=world.case).last_followup_on == date(2026, 11, 20)
    assert AuditEvent.objects.filter(object_type="planfollowup", action="create").exists()
    # A recorded meeting is no longer offered.
    form = client.get(reverse("followup_create", args=[world.family.pk])).context["form"]
    assert meeting not in form.fields["meeting"].queryset


def test_another_familys_meeting_is_not_a_choice(world, login):
    goal = services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    other_case = world.other_family.cases.get()
    other = Meeting.objects.create(
        case=other_case,
        centre=other_case.centre,
        type=Meeting.Type.PLAN_FOLLOWUP,
        created_by=world.ivan,
    )
    response = login(world.alice).post(
        reverse("followup_create", args=[world.family.pk]),
        _followup_post([goal], meeting=other.pk),
    )
    assert response.status_code == 200
    assert not PlanFollowUp.objects.exists()


def test_a_strange_meeting_id_in_the_address_is_ignored(world, login):
    services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    client = login(world.alice)
    url = reverse("followup_create", args=[world.family.pk])
    for wanted in ("99999999999999999999", "abc", "-1", "0"):
        response = client.get(f"{url}?meeting={wanted}")
        assert response.status_code == 200
        assert response.context["form"].initial.get("meeting") is None
