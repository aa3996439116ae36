"""Login, throttling, sessions, handovers and the family search (the audit pages: tests/oversight)."""

from django.conf import settings
from django.urls import reverse

from indgang.audit.models import AuditEvent
from tests.factories import PASSWORD


def _login(client, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7"
    )


def test_login_logout_and_failed_login_are_audited(world, client):
    assert _login(client, "alice", "wrong").status_code == 200
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.username == "alice" and failed.user is None and failed.ip_address == "10.0.0.7"
    assert "wrong" not in str(failed.changes) + failed.summary

    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action="login", user=world.alice, ip_address="10.0.0.7"
    ).exists()
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action="logout", user=world.alice).exists()


def test_login_is_throttled_after_repeated_failures(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong")
    locked = _login(client, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "midlertidigt spærret" in locked.content.decode()


def test_sessions_expire_after_inactivity(world, client):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    _login(client, "alice", PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session.set_expiry(-1)  # as if the idle time had passed
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_moves_the_idle_expiry_on_writing_the_session_at_most_once_a_minute(world, client):
    from datetime import timedelta

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    _login(client, "alice", PASSWORD)
    client.get(reverse("home"))
    first = _expiry(client)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))  # within the minute: no write
    assert not [q for q in queries if q["sql"].startswith('UPDATE "django_session"')]
    assert _expiry(client) == first
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert client.get(reverse("home")).status_code == 200
        moved = _expiry(client)
    assert moved >= first + timedelta(minutes=19)
    # 29 minutes after that request the sign-in still holds; idle for 31 minutes, it ends.
    with time_machine.travel(timezone.now() + timedelta(minutes=20 + 29)):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=20 + 29 + 31)):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_get_no_session_row(db, client):
    from django.contrib.sessions.models import Session

    client.get(reverse("login"))
    client.get("/healthz")
    assert not Session.objects.exists()


def test_wrong_password_message_is_danish(world, client):
    response = _login(client, "alice", "wrong")
    assert "Forkert brugernavn eller adgangskode" in response.content.decode()


def test_handover_pages(world, login, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    olivia = UserFactory(username="olivia", role="coordinator", centre=world.centre)
    client = login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("handover_start", args=[world.family.pk]),
            {
                "to_coordinator": olivia.pk,
                "situation_and_wishes": "Ønsker SMS",
                "plan_status": "Fulgt op",
            },
        )
    assert response.status_code == 302
    handover = world.case.handovers.get()
    home = login(olivia).get(reverse("home")).content.decode()
    assert "Overleveringer, du skal læse" in home and "Familien Hansen" in home
    olivia_client = login(olivia)
    detail = olivia_client.get(reverse("handover_detail", args=[world.family.pk, handover.pk]))
    assert "Ønsker SMS" in detail.content.decode()
    olivia_client.post(reverse("handover_detail", args=[world.family.pk, handover.pk]))
    handover.refresh_from_db()
    assert handover.confirmed_at is not None
    # the leaving coordinator still sees the family: she is in the same centre
    assert (
        login(world.alice).get(reverse("family_detail", args=[world.family.pk])).status_code == 200
    )


def test_family_list_search_and_htmx_fragment(world, login):
    client = login(world.alice)
    full = client.post(reverse("family_list"), {"q": "Hansen"})
    assert "<html" in full.content.decode() and "Familien Hansen" in full.content.decode()
    fragment = client.post(reverse("family_list"), {"q": "Hansen"}, HTTP_HX_REQUEST="true")
    assert (
        "<html" not in fragment.content.decode() and "Familien Hansen" in fragment.content.decode()
    )
    none = client.post(reverse("family_list"), {"q": "Andersen"})  # in another centre
    assert "Familien Andersen" not in none.content.decode()
