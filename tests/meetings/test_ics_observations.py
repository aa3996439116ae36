"""The core team's own observations on the ICS board: services, pages, who may do what."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.families.models import Case
from indgang.meetings import observations, services
from indgang.meetings.models import AssessmentObservation
from indgang.organisation.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(world):
    return services.assessment_create(
        by=world.alice, case=world.case, assessed_on=date(2026, 11, 1), entries={}, wishes=["Ro"]
    )


def _add_url(world, assessment):
    return reverse("assessment_observation_add", args=[world.family.pk, assessment.pk])


def _edit_url(world, o):
    return reverse("assessment_observation_edit", args=[world.family.pk, o.assessment_id, o.pk])


def _delete_url(world, o):
    return reverse("assessment_observation_delete", args=[world.family.pk, o.assessment_id, o.pk])


def _board(world, assessment):
    return reverse("assessment_board", args=[world.family.pk, assessment.pk])


# --- Services ------------------------------------------------------------------------


def test_an_observation_is_signed_with_name_and_discipline_and_logged(world, assessment):
    o = observations.observation_add(
        by=world.bob, assessment=assessment, side="parents", kind="concern", text=" Træt mor "
    )
    assert (o.author, o.discipline, o.text, o.side) == (
        world.bob,
        "Psykolog",
        "Træt mor",
        "parents",
    )
    event = AuditEvent.objects.get(action="create", object_type="assessmentobservation")
    assert event.user == world.bob and event.family_id == world.family.pk


def test_the_discipline_written_stays_when_the_author_changes_job(world, assessment):
    o = observations.observation_add(
        by=world.bob, assessment=assessment, side="child", kind="strength", text="Nysgerrig"
    )
    world.bob.profession = "Talekonsulent"
    world.bob.save()
    o.refresh_from_db()
    assert o.discipline == "Psykolog"


def test_bad_observations_are_refused_and_nothing_is_saved(world, assessment):
    for side, kind, text in [
        ("child", "strength", "  "),
        ("nose", "strength", "x"),
        ("child", "?", "x"),
    ]:
        with pytest.raises(ValidationError):
            observations.observation_add(
                by=world.bob, assessment=assessment, side=side, kind=kind, text=text
            )
    with pytest.raises(ValidationError):
        observations.observation_add(
            by=world.bob, assessment=assessment, side="child", kind="concern", text="x" * 2001
        )
    assert not AssessmentObservation.objects.exists()


def test_only_the_author_changes_or_deletes_an_observation(world, assessment):
    o = observations.observation_add(
        by=world.bob, assessment=assessment, side="child", kind="strength", text="Leger"
    )
    with pytest.raises(ValidationError):
        observations.observation_update(
            by=world.alice, observation=o, side="child", kind="concern", text="Ændret"
        )
    with pytest.raises(ValidationError):
        observations.observation_delete(by=world.alice, observation=o)
    observations.observation_update(
        by=world.bob, observation=o, side="family", kind="concern", text="Bor trangt"
    )
    o.refresh_from_db()
    assert (o.side, o.kind, o.text) == ("family", "concern", "Bor trangt")
    change = AuditEvent.objects.get(action="change", object_type="assessmentobservation")
    assert change.changes["text"] == ["Leger", "Bor trangt"]
    observations.observation_delete(by=world.bob, observation=o)
    assert not AssessmentObservation.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="assessmentobservation").exists()


def test_a_closed_case_takes_no_new_observations(world, assessment):
    Case.objects.filter(pk=world.case.pk).update(
        status=Case.Status.DISCHARGED,
        discharged_on=date(2026, 11, 20),
        discharge_reason="moved_away",
    )
    assessment.case.refresh_from_db()
    with pytest.raises(ValidationError):
        observations.observation_add(
            by=world.bob, assessment=assessment, side="child", kind="strength", text="x"
        )


# --- Pages ---------------------------------------------------------------------------


def test_bob_adds_an_observation_and_sees_it_signed_on_the_board(world, login, assessment):
    client = login(world.bob)
    form = client.get(_add_url(world, assessment) + "?side=parents").content.decode()
    assert 'value="parents"' in form and "checked" in form
    response = client.post(
        _add_url(world, assessment),
        {"side": "parents", "kind": "strength", "text": "Far læser højt hver aften"},
    )
    assert response.status_code == 302
    assert response["Location"] == _board(world, assessment) + "#observations-parents"
    board = client.get(_board(world, assessment)).content.decode()
    parents = board.split('id="observations-parents"')[1].split('id="observations-family"')[0]
    assert "Far læser højt hver aften" in parents and "Bob" in parents and "psykolog" in parents
    assert "Ret<span" in parents  # his own: he may change it
    # The coordinator sees every member's entries, but cannot change them.
    board = login(world.alice).get(_board(world, assessment)).content.decode()
    assert "Far læser højt hver aften" in board and "Ret<span" not in board


def test_empty_text_gets_a_danish_message_next_to_the_field(world, login, assessment):
    response = login(world.bob).post(
        _add_url(world, assessment), {"side": "child", "kind": "concern", "text": ""}
    )
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    assert not AssessmentObservation.objects.exists()


def test_bob_edits_and_deletes_his_own_observation(world, login, assessment):
    o = observations.observation_add(
        by=world.bob, assessment=assessment, side="child", kind="strength", text="Leger"
    )
    client = login(world.bob)
    assert "Leger" in client.get(_edit_url(world, o)).content.decode()
    client.post(_edit_url(world, o), {"side": "child", "kind": "concern", "text": "Sover dårligt"})
    o.refresh_from_db()
    assert (o.kind, o.text) == ("concern", "Sover dårligt")
    assert "Sover dårligt" in client.get(_delete_url(world, o)).content.decode()
    assert client.post(_delete_url(world, o)).status_code == 302
    assert not AssessmentObservation.objects.exists()


def test_someone_elses_observation_looks_missing(world, login, assessment):
    o = observations.observation_add(
        by=world.bob, assessment=assessment, side="child", kind="strength", text="Leger"
    )
    client = login(world.alice)
    assert client.get(_edit_url(world, o)).status_code == 404
    assert client.post(_delete_url(world, o)).status_code == 404
    assert AssessmentObservation.objects.filter(pk=o.pk, text="Leger").exists()


def test_a_partner_may_not_write_on_the_board(world, login, assessment):
    client = login(world.carol)
    assert client.get(_add_url(world, assessment)).status_code == 404
    response = client.post(
        _add_url(world, assessment), {"side": "child", "kind": "concern", "text": "x"}
    )
    assert response.status_code == 404
    assert not AssessmentObservation.objects.exists()


def test_another_centres_coordinator_gets_a_404_like_a_missing_family(world, login, assessment):
    client = login(world.ivan)
    response = client.post(
        _add_url(world, assessment), {"side": "child", "kind": "concern", "text": "x"}
    )
    assert response.status_code == 404
    assert not AssessmentObservation.objects.exists()
    assert AuditEvent.objects.filter(user=world.ivan, action="denied").exists()


def test_a_core_team_member_of_another_centre_may_not_write(world, login, assessment):
    # Even were the family visible (a value jump, a link), the board is the centre's own.
    outsider = f.UserFactory(username="otto", role=Role.CORE_TEAM, centre=world.other_centre)
    assert not observations.may_add(outsider, world.family)
    assert observations.may_add(world.bob, world.family)


def test_the_add_page_logs_the_read_of_the_family(world, login, assessment):
    login(world.bob).get(_add_url(world, assessment))
    event = AuditEvent.objects.filter(user=world.bob, action="view").latest("pk")
    assert (
        event.family_id == world.family.pk
        or AuditFamily.objects.filter(event=event, family_id=world.family.pk).exists()
    )
