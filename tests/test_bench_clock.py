"""The bench's database clock (bench/measure.py): each row's sql_ms is the time the page's
queries spent in the database, summed by the connection's execute wrapper."""

import pytest

from bench.measure import Client, SqlClock, _session_for, sql_fields


def test_the_clock_sums_the_time_of_every_query(db):
    from django.db import connection

    def three_queries():
        with connection.cursor() as cursor:
            for _ in range(3):
                cursor.execute("SELECT 1")
        return "done"

    clock = SqlClock()
    calls = []
    with connection.execute_wrapper(lambda execute, *args: calls.append(1) or execute(*args)):
        result, ms = clock.time(three_queries)
    assert result == "done" and len(calls) == 3
    assert ms > 0
    assert clock.time(lambda: None)[1] == 0  # no query, no database time


@pytest.mark.django_db
def test_a_page_through_the_bench_client_carries_its_database_time(world):
    # The bench hands requests to Django's WSGI handler, whose request_started closes old
    # connections: inside a test's transaction that would drop it, so (as Django's own test
    # client does) the signal is held off for this request.
    from django.core.signals import request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    try:
        _a_page_carries_its_database_time(world)
    finally:
        request_started.connect(close_old_connections)


def _a_page_carries_its_database_time(world):
    client = Client()
    status, _headers, _body, elapsed = client.get(
        f"/familier/{world.family.pk}/", "", _session_for(world.alice)
    )
    assert status.startswith("200")
    assert 0 < client.last_sql_ms <= elapsed * 1000


def test_the_goal_is_three_times_the_database_time_plus_ten():
    assert sql_fields(40.0, [10.0, 10.0, 12.0]) == {"sql_ms": 10.0, "near_sql": True}
    assert sql_fields(41.0, [10.0]) == {"sql_ms": 10.0, "near_sql": False}
