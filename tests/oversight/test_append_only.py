"""The audit log refuses change at the database, whatever the ORM path (audit migration 0005)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson
from indgang.audit.services import audit_record

MODELS = [AuditEvent, AuditPerson, AuditFamily]


def _event(world):
    return audit_record(
        user=world.alice,
        action="view",
        family_ids=[world.family.pk, world.other_family.pk],
        person_ids=[world.child.pk],
        summary="Liste",
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_queryset_update_and_delete_are_refused(world, model):
    _event(world)
    assert model.objects.exists()
    field = {AuditEvent: "summary", AuditPerson: "person_id", AuditFamily: "family_id"}[model]
    value = "ændret" if field == "summary" else 1
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.update(**{field: value})
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.all().delete()
    assert model.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_truncate_is_refused_on_postgresql(world, model):
    _event(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {model._meta.db_table}")
    assert model.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_puts_the_guards_back(world):
    """pytest-django flushes after live-server tests: the flush must pass the triggers."""
    _event(world)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not AuditPerson.objects.exists()
    event = audit_record(user=None, action="login_failed", username="x", person_ids=[1])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="ændret")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditPerson.objects.all().delete()
