"""Several app processes behind a load balancer share everything that must be shared
(docs/operations.md, "Many municipalities at once"): sessions and login throttling are in the
database, so a session made by one process is valid in another."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from indgang.organisation.models import Role
from tests import factories as f


def test_sessions_and_throttling_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_a_session_from_one_process_is_valid_in_another(db):
    """A second Client stands for a second process: it shares nothing in memory with the
    first, only the session cookie the load balancer passes on."""
    user = f.UserFactory(role=Role.COORDINATOR)
    first = Client()
    first.force_login(user, backend="indgang.signin.backends.StaffModelBackend")
    key = first.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(session_key=key).exists(key)  # the row is in the database

    second = Client()
    second.cookies[settings.SESSION_COOKIE_NAME] = key
    assert second.get("/").status_code == 200
    assert Client().get("/").status_code == 302  # without it: the sign-in page


def test_failed_logins_are_counted_in_the_database(db, client):
    from axes.models import AccessAttempt

    f.UserFactory(username="tove", role=Role.COORDINATOR)
    client.post("/log-ind/", {"username": "tove", "password": "forkert"})
    assert AccessAttempt.objects.filter(username="tove").exists()
