"""Issue 9: the handover note starts pre-filled from the case; the new coordinator reads it."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.urls import reverse

from indgang.families.handover import handover_sections
from indgang.interventions import services as interventions
from indgang.plans.models import Goal, JointPlan
from tests import factories as f
from tests.followup.helpers import agreement, contact, meeting
from tests.interventions.helpers import configure, kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def olivia(world):
    return f.UserFactory(
        username="olivia", first_name="Olivia", role="coordinator", centre=world.centre
    )


@pytest.fixture
def case_with_content(world):
    configure(world)
    agreement(world.case, date(2026, 11, 10), world.alice, owner=world.bob, task="Tale med PPR")
    agreement(world.case, date(2026, 12, 15), world.alice, task="Søge om aflastning")
    upcoming = meeting(world.case, "status", date(2026, 12, 3), world.alice, status="planned")
    upcoming.place = "Rådhuset, mødelokale 2"
    upcoming.save()
    plan = JointPlan.objects.create(case=world.case, created_by=world.alice)
    Goal.objects.create(
        plan=plan,
        position=1,
        wording="Alma kommer i skole hver dag",
        success_criteria="Fremmøde over 90 %",
        target_date=date(2027, 3, 1),
        owners_text="Forældrene",
    )
    contact(world.case, date(2026, 9, 15), world.alice)  # October passed without contact
    interventions.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("extra_costs"),
        received_on=date(2026, 11, 2),
        started_by="family",
        person=world.child,
    )
    return world


def _text(sections, key):
    return "\n".join(next(s for s in sections if s["key"] == key)["items"])


def test_the_snapshot_holds_the_whole_case(case_with_content):
    world = case_with_content
    sections = handover_sections(case=world.case, today=date(2026, 11, 23))
    keys = [s["key"] for s in sections]
    assert keys == [
        "plan",
        "due",
        "agreements",
        "meetings",
        "applications",
        "partners",
        "core_team",
    ]
    assert "Tale med PPR – Bob" in _text(sections, "agreements")
    assert "frist 10. nov. 2026 (overskredet)" in _text(sections, "agreements")
    assert "Statusmøde: 3. dec. 2026" in _text(sections, "meetings")
    assert "Rådhuset" in _text(sections, "meetings")
    assert "Alma kommer i skole hver dag" in _text(sections, "plan")
    assert "Månedlig kontakt: overskredet" in _text(sections, "due")
    assert "Opfølgning på planen" in _text(sections, "due")
    assert "frist" in _text(sections, "applications")
    assert "Carol" in _text(sections, "partners")
    assert f"{world.bob.get_full_name()}, Psykolog" in _text(sections, "core_team")


def test_old_coordinator_edits_the_prefilled_note_and_the_new_one_reads_it(
    case_with_content, olivia, login, client, django_capture_on_commit_callbacks
):
    world = case_with_content
    url = reverse("handover_start", args=[world.family.pk])
    page = login(world.alice).get(url)
    form = page.context["form"]
    # the current coordinator is never offered
    offered = list(form.fields["to_coordinator"].queryset)
    assert world.alice not in offered and olivia in offered
    assert "Tale med PPR" in form.fields["section_agreements"].initial
    assert "Statusmøde" in form.fields["section_meetings"].initial

    data = {name: field.initial or "" for name, field in form.fields.items()}
    data["to_coordinator"] = olivia.pk
    data["situation_and_wishes"] = "Mor ønsker SMS frem for opkald."
    data["section_agreements"] += "\n- Mor ringer selv til skolen"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    handover = world.case.handovers.get()
    assert [s["key"] for s in handover.sections][:4] == ["plan", "due", "agreements", "meetings"]
    assert len(mail.outbox) == 1

    client.logout()
    detail = login(olivia).get(reverse("handover_detail", args=[world.family.pk, handover.pk]))
    html = detail.content.decode()
    assert "Tale med PPR" in html and "Mor ringer selv til skolen" in html
    assert "Statusmøde" in html and "Alma kommer i skole hver dag" in html
    assert "Åbne aftaler" in html and "Kommende møder" in html
    # "Ingen." only where the case really has nothing
    assert html.count("Ingen.") == 0


def test_a_handover_without_a_chosen_coordinator_or_situation_saves_nothing(
    case_with_content, olivia, login
):
    world = case_with_content
    url = reverse("handover_start", args=[world.family.pk])
    response = login(world.alice).post(url, {"to_coordinator": world.alice.pk})
    assert response.status_code == 200
    assert "to_coordinator" in response.context["form"].errors
    assert "situation_and_wishes" in response.context["form"].errors
    assert not world.case.handovers.exists()


def test_meetings_in_the_past_are_not_upcoming(case_with_content):
    world = case_with_content
    past = meeting(world.case, "network", date(2026, 11, 2), world.alice, status="planned")
    past.starts_at = datetime(2026, 11, 2, 9, tzinfo=UTC)
    past.save()
    sections = handover_sections(case=world.case, today=date(2026, 11, 23))
    assert "Netværksmøde" not in _text(sections, "meetings")
