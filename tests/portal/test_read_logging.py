"""Every portal page writes a read event with the parent as the actor, naming the family.

Built from the URL configuration: every GET page of the portal namespace that shows personal
data (tests/personal_data.py) is requested as Maria Hansen.
"""

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent
from tests.personal_data import PERSONAL_DATA
from tests.portal.matrix import ENTRIES

PAGES = sorted(
    name
    for name, entry in ENTRIES.items()
    if PERSONAL_DATA.get(name) and entry.method == "get" and entry.ok is None
)


def test_the_portal_pages_are_all_checked():
    assert {"portal:home", "portal:plan", "portal:meetings", "portal:access_log"} <= set(PAGES)


@pytest.fixture
def ids(world):
    from indgang.plans import services as plan_services
    from tests.interventions.helpers import configure, grant
    from tests.plans.matrix import goal_data

    configure(world)
    plan_services.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    from django.core.files.base import ContentFile

    from indgang.portal.models import Message, MessageAttachment

    message = Message.objects.create(family=world.family, author=world.alice, body="Hej")
    attachment = MessageAttachment(message=message, content_type="application/pdf", size=9)
    attachment.file.save("x", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return {"decision": grant(world), "attachment": attachment}


@pytest.mark.parametrize("name", PAGES)
def test_every_portal_page_is_logged_with_the_parent_as_actor(name, world, ids, maria):
    kwargs = {}
    if ENTRIES[name].kwargs:
        kwargs[f"{ENTRIES[name].kwargs}_id"] = ids[ENTRIES[name].kwargs].pk
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = maria.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, name
    events = AuditEvent.objects.filter(pk__gt=last, action="view")
    assert events.exists(), name
    for event in events:
        assert event.user.parent_account.person == world.parent
        assert event.family_id == world.family.pk
        assert event.summary.startswith("Forældreportal")
