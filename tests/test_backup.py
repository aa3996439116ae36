"""The backup drill: back up, change, restore, and compare the restored copy row by row."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from indgang.families import services
from indgang.families.models import Family, Person


def _every_row() -> dict[str, list[tuple]]:
    """Every table's rows, ordered, as plain tuples (the audit log included)."""
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table not in connection.introspection.table_names(cursor):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # nosec
            rows[table] = [tuple(row) for row in cursor.fetchall()]
    return rows


@pytest.mark.django_db(transaction=True)
def test_backup_change_restore_gives_back_every_row(world, tmp_path):
    before = _every_row()
    assert before["families_family"] and before["audit_auditevent"] is not None
    path = tmp_path / ("indgang.dump" if connection.vendor == "postgresql" else "indgang.sqlite3")
    call_command("backup", output=str(path), stdout=open(tmp_path / "out", "w"))  # noqa: SIM115
    assert path.stat().st_size > 0

    # Changes after the backup: an edit (with its audit event) and a deleted person.
    family = Family.objects.get(pk=world.family.pk)
    services.family_update(by=world.alice, family=family, data={"name": "Familien Ændret"})
    Person.objects.filter(pk=world.child.pk).delete()
    assert _every_row() != before

    call_command("restore", path=str(path), yes=True, stdout=open(tmp_path / "out", "w"))  # noqa: SIM115
    after = _every_row()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table


def test_restore_refuses_a_missing_file(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", path=str(tmp_path / "nothing"), yes=True)
