"""A copy of the test database's rows, taken once per worker and put back in milliseconds.

Loading the demo municipality takes 10–40 seconds on CI's two cores, and every browser test
needs it on an emptied database (the live server's test is transactional and flushed at its
end). The first browser test on a worker loads it for real and copies every table into a
shadow table (``snapshot__<table>``) in the same database; later tests delete the few rows
that are there (the data-migration rows put back after the flush) and copy the shadow tables
back. Django's flush only empties the models' tables, so the shadow tables survive it.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

PREFIX = "snapshot__"


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _rows(cursor, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # nosec
    return cursor.fetchone()[0]


def take() -> None:
    """Copy every model table into its shadow table (replacing an older copy)."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"DROP TABLE IF EXISTS {quote(PREFIX + table)}")
            cursor.execute(f"CREATE TABLE {quote(PREFIX + table)} AS SELECT * FROM {quote(table)}")


def restore() -> None:
    """Make the model tables hold exactly the snapshot's rows again.

    Only rows a flush leaves behind may be present (the reseeded data-migration rows): the
    audit tables must be empty, since the database refuses to delete from them.
    """
    quote = connection.ops.quote_name
    tables = _tables()
    checks_off = connection.constraint_checks_disabled()
    with checks_off, transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            if _rows(cursor, table):
                cursor.execute(f"DELETE FROM {quote(table)}")  # nosec
        for table in tables:
            cursor.execute(
                f"INSERT INTO {quote(table)} SELECT * FROM {quote(PREFIX + table)}"  # nosec
            )
        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
