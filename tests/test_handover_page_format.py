"""The handover reads as a structured page: lists, Danish dates, Danish plurals.

A screenshot review found the note shown as "- " lines in one block of text, "aftale(r)"
and dates as 10.11.2026 in running text. The leaving coordinator still edits plain text
(one "- " line per item); the reader gets a list per section.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.core.templatetags.indgang_format import counted
from indgang.families.handover import handover_sections, text_blocks
from tests import factories as f
from tests.followup.helpers import agreement, meeting

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)  # the tests' frozen day (conftest)
NUMERIC_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")


@pytest.fixture
def olivia(world):
    return f.UserFactory(
        username="olivia", first_name="Olivia", role="coordinator", centre=world.centre
    )


def _items(sections, key):
    return next(s for s in sections if s["key"] == key)["items"]


def test_the_number_chooses_the_danish_form():
    assert counted(1, "aftale", "aftaler") == "1 aftale"
    assert counted(3, "aftale", "aftaler") == "3 aftaler"
    assert counted(0, "aftale", "aftaler") == "0 aftaler"


@pytest.mark.parametrize(
    ("late", "expected"), [(1, "1 aftale over fristen"), (3, "3 aftaler over fristen")]
)
def test_overdue_agreements_are_counted_in_danish(world, late, expected):
    for n in range(late):
        agreement(world.case, date(2026, 11, 10 + n), world.alice, task=f"Opgave {n}")
    due = _items(handover_sections(case=world.case, today=TODAY), "due")
    assert expected in due
    assert not any("(r)" in item for item in due)


def test_the_snapshot_writes_dates_as_in_running_text(world):
    agreement(world.case, date(2026, 11, 10), world.alice, owner=world.bob, task="Tale med PPR")
    meeting(world.case, "status", date(2026, 12, 3), world.alice, status="planned")
    sections = handover_sections(case=world.case, today=TODAY)
    assert _items(sections, "agreements") == [
        f"Tale med PPR – {world.bob.get_full_name()}, frist 10. nov. 2026 (overskredet)"
    ]
    assert _items(sections, "meetings") == ["Statusmøde: 3. dec. 2026 kl. 10.00"]
    for s in sections:
        for item in s["items"]:
            assert not NUMERIC_DATE.search(item), item


def test_the_core_team_reads_without_nested_brackets(world):
    core = _items(handover_sections(case=world.case, today=TODAY), "core_team")
    assert f"{world.bob.get_full_name()}, Psykolog – fast medlem" in core
    assert not any("))" in item for item in core)


def test_text_blocks_turn_dash_lines_into_lists_and_keep_paragraphs():
    text = "- Tale med PPR\n- Søge aflastning\n\nMor ringer selv.\nHelst om morgenen.\n- SMS"
    assert text_blocks(text) == [
        {"kind": "list", "items": ["Tale med PPR", "Søge aflastning"]},
        {"kind": "text", "lines": ["Mor ringer selv.", "Helst om morgenen."]},
        {"kind": "list", "items": ["SMS"]},
    ]
    assert text_blocks("") == []


def _hand_over(world, olivia, login, client):
    agreement(world.case, date(2026, 11, 10), world.alice, owner=world.bob, task="Tale med PPR")
    agreement(world.case, date(2026, 11, 12), world.alice, task="Søge om aflastning")
    url = reverse("handover_start", args=[world.family.pk])
    form = login(world.alice).get(url).context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    data["to_coordinator"] = olivia.pk
    data["situation_and_wishes"] = "Mor ønsker SMS frem for opkald."
    data["section_agreements"] += "\n- Mor ringer selv til skolen"
    assert client.post(url, data).status_code == 302
    client.logout()
    return world.case.handovers.get()


def test_the_new_coordinator_reads_lists_and_danish_dates(world, olivia, login, client):
    handover = _hand_over(world, olivia, login, client)
    url = reverse("handover_detail", args=[world.family.pk, handover.pk])
    html = login(olivia).get(url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    bob, alice = world.bob.get_full_name(), world.alice.get_full_name()
    assert (
        f"<ul><li>Tale med PPR – {bob}, frist 10. nov. 2026 (overskredet)</li>"
        f"<li>Søge om aflastning – {alice}, frist 12. nov. 2026 (overskredet)</li>"
        "<li>Mor ringer selv til skolen</li></ul>"
    ) in main
    assert "<li>2 aftaler over fristen</li>" in main
    assert f"<dt>Fra</dt><dd>{world.alice}</dd>" in main
    assert f"<dt>Til</dt><dd>{olivia}</dd>" in main
    assert re.search(r"<dt>Skrevet</dt><dd>23\. nov\. 2026 kl\. \d\d\.\d\d</dd>", main)
    assert "<dt>Læst og bekræftet</dt><dd>Ikke endnu</dd>" in main
    # No line of the note is shown as a "- " text line, and no date as 23.11.2026.
    assert not re.search(r"(^|>|\n)\s*- ", main)
    assert not NUMERIC_DATE.search(main)
    assert 'class="indgang-prewrap"' not in main


def test_the_structured_page_is_logged_and_closed_to_another_centre(world, olivia, login, client):
    handover = _hand_over(world, olivia, login, client)
    url = reverse("handover_detail", args=[world.family.pk, handover.pk])
    assert login(olivia).get(url).status_code == 200
    read = AuditEvent.objects.filter(
        user=olivia, action="view", object_type="handover", object_id=handover.pk
    )
    assert read.count() == 1 and read.get().family_id == world.family.pk
    client.logout()
    response = login(world.ivan).get(url)
    assert response.status_code in (403, 404)
    assert "Tale med PPR" not in response.content.decode()
    assert not AuditEvent.objects.filter(user=world.ivan, object_type="handover").exists()
