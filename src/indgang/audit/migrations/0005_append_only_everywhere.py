"""The database refuses to change the audit log on both backends, whatever the ORM path.

``AuditEvent.save()`` refuses updates, but ``QuerySet.update()`` and ``QuerySet.delete()``
bypass it. So:

- SQLite: BEFORE UPDATE and BEFORE DELETE triggers on the event, person and family tables
  abort the statement (``RAISE(ABORT, ...)``).
- PostgreSQL: the row triggers of 0003 cover the family table too, and a BEFORE TRUNCATE
  statement trigger on all three refuses TRUNCATE (row triggers do not fire for it).
- Both: a marked spot check is final; its verdict can be neither changed nor deleted
  (``oversight.services.spot_check_mark`` writes it once).

Emptying the whole database (``manage.py flush``, which the test runner uses between
live-server tests) lifts these guards for its own transaction only: see
``indgang.oversight.maintenance``. Retention deletes will run as a separate database role.

Note for later migrations: on SQLite, Django rebuilds a table to alter a column, and the
rebuilt table has no triggers. A migration that alters one of these tables must run this
migration's SQLite statements again; tests/oversight/test_append_only.py fails otherwise.
"""

from django.db import migrations

LOG_TABLES = ["audit_auditevent", "audit_auditperson", "audit_auditfamily"]
MESSAGE = "the audit log is append-only"
FINAL = "a spot-check verdict is final"


def sqlite_statements() -> list[str]:
    statements = []
    for table in LOG_TABLES:
        for when in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_no_{when.lower()} BEFORE {when} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    for when in ("UPDATE", "DELETE"):
        statements.append(
            f"CREATE TRIGGER audit_spotcheck_final_{when.lower()} BEFORE {when} "
            f"ON audit_spotcheck WHEN OLD.verdict <> 'pending' "
            f"BEGIN SELECT RAISE(ABORT, '{FINAL}'); END"
        )
    return statements


POSTGRES_FORWARDS = [
    # 0003 made the function and the row triggers of the first two tables.
    "CREATE TRIGGER audit_auditfamily_append_only BEFORE UPDATE OR DELETE ON audit_auditfamily "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    *(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"
        for table in LOG_TABLES
    ),
    f"""
    CREATE OR REPLACE FUNCTION audit_spot_check_final() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{FINAL}';
    END;
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER audit_spotcheck_final BEFORE UPDATE OR DELETE ON audit_spotcheck "
    "FOR EACH ROW WHEN (OLD.verdict <> 'pending') EXECUTE FUNCTION audit_spot_check_final()",
]

POSTGRES_BACKWARDS = [
    "DROP TRIGGER IF EXISTS audit_spotcheck_final ON audit_spotcheck",
    "DROP FUNCTION IF EXISTS audit_spot_check_final()",
    *(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}" for table in LOG_TABLES),
    "DROP TRIGGER IF EXISTS audit_auditfamily_append_only ON audit_auditfamily",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in sqlite_statements():
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in POSTGRES_FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in sqlite_statements():
            name = statement.split()[2]
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif vendor == "postgresql":
        for statement in POSTGRES_BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_audit_family")]
    operations = [migrations.RunPython(forwards, backwards)]
