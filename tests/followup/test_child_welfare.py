"""The 6-week child-welfare rhythm follows from the grants recorded under the child-welfare
bases, and the investigation's 4-month deadline is tracked (the world is frozen on 2026-11-23).
"""

from datetime import date

import pytest
from django.urls import reverse

from indgang.families.models import Case
from indgang.followup import services
from indgang.followup.cadence import investigation_due
from indgang.followup.due import due_rows
from indgang.followup.models import CadenceProfile, CaseCadence, DueStatus
from tests.followup import helpers as h
from tests.interventions.helpers import basis, configure, grant

TODAY = date(2026, 11, 23)


def _row(world):
    (row,) = due_rows(cases=Case.objects.filter(pk=world.case.pk), today=TODAY)
    return row


@pytest.fixture
def sammen(world):
    configure(world)
    profile = CadenceProfile.objects.get(code="sammen-om-familien")
    services.municipality_cadence_set(
        by=world.erin, municipality=world.family.municipality, profile=profile
    )
    h.followup(world.case, date(2026, 10, 1), world.alice)
    return profile


def test_a_running_grant_under_a_child_welfare_basis_sets_the_six_week_rhythm(world, sammen):
    assert _row(world).next_followup_due == date(2026, 12, 31)  # 3 months without
    assert _row(world).child_welfare == ""
    grant(world, code="family_treatment", period_from=date(2026, 10, 1), period_to=None)
    row = _row(world)
    assert row.child_welfare == "grant"
    assert row.next_followup_due == date(2026, 11, 12)  # 6 weeks after 1 October
    assert row.followup_overdue


def test_an_ended_refused_or_other_grant_does_not(world, sammen):
    grant(world, code="family_treatment", period_from=date(2026, 1, 5), period_to=date(2026, 6, 30))
    grant(world, code="family_treatment", outcome="refused")
    grant(world, code="extra_costs", period_from=date(2026, 10, 1), period_to=None)
    row = _row(world)
    assert row.child_welfare == "" and row.next_followup_due == date(2026, 12, 31)


def test_a_grant_under_the_old_act_still_counts(world, sammen):
    grant(
        world,
        code="family_treatment",
        received_on=date(2023, 9, 1),
        decided_on=date(2023, 9, 20),
        period_from=date(2023, 10, 1),
        period_to=None,
        legal_basis=basis("serviceloven", "§ 52, stk. 3"),
    )
    assert _row(world).child_welfare == "grant"


def test_a_new_grant_recomputes_the_due_status_in_the_same_transaction(world, sammen):
    before = DueStatus.objects.get(case=world.case).next_followup_due
    assert before == date(2026, 12, 31)
    grant(world, code="family_treatment", period_from=date(2026, 10, 1), period_to=None)
    status = DueStatus.objects.get(case=world.case)
    assert status.next_followup_due == date(2026, 11, 12)
    assert status.followup_overdue


def test_the_investigation_is_due_four_months_after_it_started(world, sammen):
    assert investigation_due(date(2026, 10, 31)) == date(2027, 2, 28)
    grant(world, code="child_investigation", period_from=date(2026, 10, 1), period_to=None)
    row = _row(world)
    assert row.investigation_started_on == date(2026, 10, 1)
    assert row.investigation_due == date(2027, 2, 1)
    assert not row.investigation_overdue
    assert row.child_welfare == "grant"  # an investigation sets the rhythm too


def test_an_investigation_past_four_months_is_overdue_and_shown(world, sammen, login):
    grant(world, code="child_investigation", period_from=date(2026, 7, 1), period_to=None)
    row = _row(world)
    assert row.investigation_due == date(2026, 11, 1)
    assert row.investigation_overdue and row.has_overdue
    html = login(world.alice).get(reverse("family_detail", args=[world.family.pk])).content
    html = html.decode()
    assert "Børnefaglig undersøgelse færdig senest" in html
    assert "1. nov. 2026 (4 måneder fra 1. jul. 2026)" in html
    assert "følger af en bevilling efter en børnefaglig hjemmel" in html


def test_a_finished_investigation_is_no_longer_due(world, sammen):
    grant(
        world, code="child_investigation", period_from=date(2026, 5, 1), period_to=date(2026, 9, 1)
    )
    row = _row(world)
    assert row.investigation_due is None and not row.investigation_overdue


def test_the_old_checkbox_is_gone_but_old_marks_keep_their_meaning(world, sammen, login):
    CaseCadence.objects.create(
        case=world.case, child_welfare=True, reason="§ 50 (før bevillingerne)", set_by=world.alice
    )
    row = _row(world)
    assert row.child_welfare == "marked" and row.next_followup_due == date(2026, 11, 12)
    client = login(world.alice)
    url = reverse("case_cadence_edit", args=[world.family.pk])
    assert "child_welfare" not in client.get(url).content.decode()
    # Changing the contact rhythm keeps the old mark.
    response = client.post(url, {"contact_every_months": "2", "reason": "Familien ønsker ro"})
    assert response.status_code == 302
    assert CaseCadence.objects.get(case=world.case).child_welfare
