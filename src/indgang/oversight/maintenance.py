"""Emptying the whole database past the audit log's guards, for one transaction only.

The audit tables refuse UPDATE, DELETE and TRUNCATE at the database (audit migrations 0003
and 0005). ``manage.py flush`` empties every table, and pytest-django runs it after every
live-server and transactional test. ``guards_lifted`` takes the guards off inside the
flush's own transaction and puts them back before it commits, so they are never off for
anyone else: on SQLite it drops the tables' triggers and recreates them from their stored
SQL (SQLite's DDL is transactional); on PostgreSQL it disables and re-enables the tables'
user triggers (ALTER TABLE, which takes the table's exclusive lock until commit).

Only the flush command uses this; the application never does.
"""

from contextlib import contextmanager

from django.db import transaction

GUARDED_TABLES = ["audit_auditevent", "audit_auditperson", "audit_auditfamily", "audit_spotcheck"]


@contextmanager
def guards_lifted(connection):
    with transaction.atomic(using=connection.alias):
        existing = set(connection.introspection.table_names())
        tables = [t for t in GUARDED_TABLES if t in existing]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                marks = ", ".join("%s" for _ in tables)
                cursor.execute(
                    f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "  # nosec B608  # only %s marks
                    f"AND tbl_name IN ({marks})",
                    tables,
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            elif connection.vendor == "postgresql":
                for table in tables:
                    cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        yield
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for _name, sql in triggers:
                    cursor.execute(sql)
            elif connection.vendor == "postgresql":
                for table in tables:
                    cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
