"""When the database is away (a restart, a failover) pages answer a clean 503, not a 500."""

import pytest
from django.db import connection
from django.test import Client


@pytest.fixture
def database_away(world, login):
    if connection.vendor != "postgresql":
        pytest.skip("an embedded SQLite database cannot be away; this runs on PostgreSQL")
    client = login(world.alice)
    client.raise_request_exception = False
    saved = dict(connection.settings_dict)
    connection.close()
    # Really unreachable: a port nobody listens on (the discard port).
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", "9"
    try:
        yield client
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_with_a_danish_page_when_the_database_is_away(database_away):
    response = database_away.get("/familier/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "midlertidigt utilgængelig" in response.content.decode()
    health = Client().get("/healthz")  # a load balancer's probe: no session cookie
    assert health.status_code == 503 and health.json()["database"] == "unreachable"
