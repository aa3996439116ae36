"""Issue 9: the leader's compliance page tells the truth."""

from datetime import date

import pytest
from django.urls import reverse

from indgang.followup import services
from indgang.followup.models import DueStatus
from indgang.interventions import services as interventions

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def test_never_nothing_overdue_when_items_are_overdue(world, login):
    # Hansen's row was computed a while ago, when nothing was overdue yet.
    services.due_compute(today=TODAY)
    DueStatus.objects.filter(case=world.case).update(
        computed_on=date(2026, 3, 1),
        contact_overdue=False,
        followup_overdue=False,
        next_contact_due=date(2026, 3, 31),
    )
    html = login(world.erin).get(reverse("compliance")).content.decode()
    assert "Ingen familier har overskredne punkter" not in html
    table = html.split('id="overdue"')[1].split("</table>")[0]
    assert "Familien Hansen" in table and "skulle være sket senest 31.03.2026" in table


def test_families_not_yet_computed_are_said_so(world, login):
    DueStatus.objects.all().delete()
    html = login(world.erin).get(reverse("compliance")).content.decode()
    assert "ikke beregnet endnu" in html
    assert "Ingen familier har overskredne punkter" not in html


def test_codes_are_words_and_the_month_is_so_far(world, login):
    html = login(world.erin).get(reverse("compliance")).content.decode()
    assert 'November 2026 <span class="indgang-so-far">(indtil nu)</span>' in html
    assert "Oktober 2026</th>" in html
    for words in ("Kontakt i måneden:", "Opfølgning til tiden:", "Opstart til tiden:"):
        assert words in html
    assert "K&nbsp;" not in html and "O&nbsp;" not in html and "S&nbsp;" not in html
    assert 'id="compliance-codes"' in html


def test_complaints_past_the_reconsideration_deadline_are_flagged(world, login):
    interventions.complaint_create(
        by=world.alice, case=world.case, kind="case_handling", received_on=date(2026, 10, 1)
    )
    interventions.complaint_create(
        by=world.alice, case=world.case, kind="case_handling", received_on=date(2026, 11, 20)
    )
    html = login(world.erin).get(reverse("compliance")).content.decode()
    flagged = html.split('id="complaints-overdue"')[1].split("</ul>")[0]
    assert flagged.count("<li>") == 1
    assert "fristen 29.10.2026 er overskredet med 25 dage" in flagged
