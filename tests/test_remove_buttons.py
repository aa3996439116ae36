"""The "Fjern" buttons look like buttons one can press (DKFDS secondary), not greyed out.

DKFDS's tertiary button reads as disabled next to the secondary "Gem type"; each "Fjern"
also says whom it removes from what, for a screen reader.
"""

import re

import pytest
from django.urls import reverse

from indgang.organisation.models import Role
from indgang.portal.models import ConversationMember
from tests import factories as f

pytestmark = pytest.mark.django_db


def _remove_buttons(html: str) -> list[tuple[str, str]]:
    """(class, accessible name) of every button whose visible text is "Fjern"."""
    found = []
    for classes, inner in re.findall(
        r'<button[^>]*class="([^"]*)"[^>]*>(.*?)</button>', html, re.S
    ):
        name = re.sub(r"<[^>]+>", "", inner)
        if re.sub(r"<span class=\"sr-only\">.*?</span>", "", inner).strip() == "Fjern":
            found.append((classes, " ".join(name.split())))
    return found


@pytest.fixture
def kim(world):
    kim = f.UserFactory(
        username="kim", first_name="Kim", last_name="Lund", role=Role.CORE_TEAM, centre=world.centre
    )
    f.core_team(world.centre, kim)
    return kim


def test_the_core_team_remove_button_looks_enabled_and_names_whom(world, login, kim):
    html = login(world.erin).get(reverse("core_team_members")).content.decode()
    buttons = _remove_buttons(html)
    assert ("button button-secondary", "Fjern Kim Lund fra kerneteamet") in buttons
    assert all(classes == "button button-secondary" for classes, _ in buttons)


def test_the_conversation_remove_button_looks_enabled_and_names_whom(world, login, kim):
    ConversationMember.objects.create(family=world.family, user=kim, added_by=world.alice)
    url = reverse("portal:staff_messages", args=[world.family.pk])
    html = login(world.alice).get(url).content.decode()
    assert _remove_buttons(html) == [("button button-secondary", "Fjern Kim Lund fra samtalen")]
