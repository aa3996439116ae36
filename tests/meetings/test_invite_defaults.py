"""Inviting several participants at once, pre-ticked with the meeting type's usual ones."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.families import custody
from indgang.meetings import services
from indgang.meetings.models import Agreement, Meeting, Participant
from indgang.organisation.models import Role
from indgang.plans import services as plan_services
from tests import factories as f
from tests.meetings.conftest import at
from tests.plans.matrix import goal_data

pytestmark = pytest.mark.django_db


def _staff(world):
    from indgang.plans.selectors import staff_choices

    return staff_choices(family=world.family, case=world.case)


def _meeting(world, meeting_type):
    return services.meeting_create(
        by=world.alice, case=world.case, data={"type": meeting_type, "starts_at": at(3)}
    )


def test_a_startup_meeting_proposes_the_parents_with_custody_and_the_core_team(world):
    no_custody = f.PersonFactory(family=world.family, parent=True, has_custody=False)
    flexible = f.UserFactory(role=Role.CORE_TEAM, centre=world.centre)
    f.core_team(world.centre, flexible, kind="flexible")
    meeting = _meeting(world, Meeting.Type.ASSESSMENT)
    persons, users = services.default_participants(meeting=meeting, staff=_staff(world))
    assert persons == [world.parent]
    assert no_custody not in persons
    assert set(users) == {world.alice, world.bob}  # coordinator and fixed core team only


def test_a_parent_with_joint_custody_in_another_household_is_proposed(world):
    other = f.FamilyFactory(centre=world.centre, municipality=world.family.municipality)
    father = f.PersonFactory(family=other, parent=True, first_name="Jonas")
    custody.household_join(
        by=world.alice,
        family=world.family,
        cpr=father.cpr,
        relation="parent",
        custody_of=[world.child],
    )
    meeting = _meeting(world, Meeting.Type.ANALYSIS_1)
    persons, _users = services.default_participants(meeting=meeting, staff=_staff(world))
    assert set(persons) == {world.parent, father}
    added = services.participants_add(by=world.alice, meeting=meeting, persons=persons, users=[])
    assert {p.person for p in added} == {world.parent, father}


def test_a_plan_followup_proposes_the_plans_owners(world):
    owner = f.UserFactory(role=Role.CORE_TEAM, centre=world.centre, first_name="Otto")
    agreement_owner = f.UserFactory(role=Role.CORE_TEAM, centre=world.centre)
    plan_services.goal_create(
        by=world.alice, case=world.case, data=goal_data(world, owners=[owner])
    )
    services.agreement_create(
        by=world.alice, case=world.case, data={"task": "Ring", "owner_user": agreement_owner}
    )
    meeting = _meeting(world, Meeting.Type.PLAN_FOLLOWUP)
    persons, users = services.default_participants(meeting=meeting, staff=_staff(world))
    assert persons == [world.parent]
    assert set(users) == {world.alice, owner, agreement_owner}
    assert world.bob not in users  # the core team is not the plan's owner
    # A done agreement's owner is not proposed.
    Agreement.objects.update(status=Agreement.Status.DONE)
    _persons, users = services.default_participants(meeting=meeting, staff=_staff(world))
    assert agreement_owner not in users


def test_those_already_on_the_meeting_are_not_proposed_or_added_twice(world):
    meeting = _meeting(world, Meeting.Type.ASSESSMENT)
    services.participants_add(by=world.alice, meeting=meeting, persons=[world.parent], users=[])
    persons, users = services.default_participants(meeting=meeting, staff=_staff(world))
    assert persons == []
    added = services.participants_add(
        by=world.alice, meeting=meeting, persons=[world.parent], users=users
    )
    assert {p.user for p in added} == {world.alice, world.bob}
    assert meeting.participants.filter(person=world.parent).count() == 1
    assert AuditEvent.objects.filter(object_type="participant", action="create").count() == 3


def test_someone_outside_the_household_or_a_closed_meeting_is_refused(world):
    meeting = _meeting(world, Meeting.Type.STATUS)
    stranger = world.other_family.members.first()
    with pytest.raises(ValidationError):
        services.participants_add(by=world.alice, meeting=meeting, persons=[stranger], users=[])
    with pytest.raises(ValidationError):
        services.participants_add(by=world.alice, meeting=meeting, persons=[], users=[])
    services.meeting_cancel(by=world.alice, meeting=meeting)
    with pytest.raises(ValidationError):
        services.participants_add(by=world.alice, meeting=meeting, persons=[world.parent], users=[])
    assert not Participant.objects.exists()


# --- The page ----------------------------------------------------------------------------


def test_the_page_ticks_the_defaults_and_adds_several_at_once(world, login):
    meeting = _meeting(world, Meeting.Type.ASSESSMENT)
    client = login(world.alice)
    url = reverse("participants_invite", args=[world.family.pk, meeting.pk])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{world.parent.pk}" class="form-checkbox" id="id_persons_' in html or (
        "checked" in html
    )
    form = response.context["form"]
    assert {p.pk for p in form.initial["persons"]} == {world.parent.pk}
    assert {u.pk for u in form.initial["users"]} == {world.alice.pk, world.bob.pk}
    assert "forældremyndighed" in html and "kerneteam" in html
    # The read names the family members the choice lists.
    event = AuditEvent.objects.filter(action="view").latest("pk")
    assert AuditPerson.objects.filter(event=event, person_id=world.parent.pk).exists()

    response = client.post(
        url, {"persons": [world.parent.pk, world.child.pk], "users": [world.alice.pk]}
    )
    assert response.status_code == 302
    assert meeting.participants.count() == 3


def test_the_page_refuses_an_empty_choice_and_someone_from_another_centre(world, login):
    meeting = _meeting(world, Meeting.Type.ASSESSMENT)
    client = login(world.alice)
    url = reverse("participants_invite", args=[world.family.pk, meeting.pk])
    response = client.post(url, {})
    assert response.status_code == 200 and "Vælg mindst én deltager." in response.content.decode()
    response = client.post(url, {"users": [world.ivan.pk]})
    assert response.status_code == 200 and not meeting.participants.exists()
    assert login(world.ivan).get(url).status_code == 404
