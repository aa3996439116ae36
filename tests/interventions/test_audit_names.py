"""Writes about an application name the person it concerns, so the person's log shows them."""

from indgang.audit.models import AuditEvent, AuditPerson
from tests.interventions import helpers as h


def test_application_and_decision_writes_name_the_child(world):
    h.configure(world)
    decision = h.grant(world)
    for object_type in ("application", "decision"):
        event = AuditEvent.objects.filter(object_type=object_type, action="create").latest("pk")
        named = set(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True))
        assert named == {world.child.pk}, object_type
        assert event.family_id == world.family.pk
    assert decision.application.person_id == world.child.pk
