"""The oversight pages as the DPO and leaders use them (moved from tests/test_auth_and_audit.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from indgang.audit.models import SpotCheck


def test_audit_search_by_user_action_and_period(world, login):
    login(world.carol).get(reverse("family_detail", args=[world.family.pk]))
    client = login(world.heidi)
    response = client.get(reverse("audit_search"), {"user": world.carol.pk, "action": "view"})
    html = response.content.decode()
    assert response.status_code == 200 and "Familieoverblik" in html and "Carol" in html
    today = timezone.localdate()
    empty = client.get(
        reverse("audit_search"),
        {
            "user": world.carol.pk,
            "date_from": today - timedelta(days=10),
            "date_to": today - timedelta(days=5),
        },
    )
    assert "Ingen logposter" in empty.content.decode()
    bad = client.get(
        reverse("audit_search"), {"date_from": today, "date_to": today - timedelta(days=1)}
    )
    assert "Til-datoen ligger før fra-datoen" in bad.content.decode()


def test_audit_search_by_cpr_never_puts_the_number_in_a_url(world, login):
    login(world.bob).get(reverse("person_detail", args=[world.family.pk, world.child.pk]))
    client = login(world.heidi)
    response = client.post(reverse("audit_search"), {"cpr": world.child.cpr})
    assert response.status_code == 302
    assert (
        world.child.cpr not in response["Location"]
        and world.child.cpr[:6] not in response["Location"]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Alma Hansen" in page and "Personside" in page and "Bob" in page

    unknown = client.post(reverse("audit_search"), {"cpr": "010101-0001"})
    assert "ingen person med dette CPR-nummer" in unknown.content.decode()


def test_spot_check_draws_recent_looks_and_records_the_verdict(world, login):
    for persona in (world.alice, world.bob, world.carol):
        login(persona).get(reverse("family_detail", args=[world.family.pk]))
    client = login(world.erin)
    client.post(reverse("spot_check"))
    checks = SpotCheck.objects.all()
    assert 1 <= checks.count() <= 10
    assert {c.event.action for c in checks} <= {"view", "export"}
    spot = checks.first()
    client.post(
        reverse("spot_check_mark", args=[spot.pk]), {"verdict": "questioned", "note": "Spørg Bob"}
    )
    spot.refresh_from_db()
    assert (
        spot.verdict == "questioned" and spot.checked_by == world.erin and spot.note == "Spørg Bob"
    )
    # drawing again never picks an event that is already in a spot check
    client.post(reverse("spot_check"))
    assert SpotCheck.objects.values("event").distinct().count() == SpotCheck.objects.count()


def test_the_log_speaks_danish_about_changed_fields(world, login):
    from indgang.families import services

    services.person_update(by=world.alice, person=world.child, data={"first_name": "Alberte"})
    html = login(world.heidi).get(reverse("audit_search"), {"action": "change"}).content.decode()
    assert "Ændrede felter: fornavn" in html and "first_name" not in html


def test_extreme_dates_and_pages_get_a_danish_message_not_a_server_error(world, login):
    client = login(world.erin)
    for params in (
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"action": "view", "page": "9" * 30},
    ):
        response = client.get(reverse("audit_search"), params)
        assert response.status_code == 200, params
    assert (
        "dato mellem år"
        in client.get(reverse("audit_search"), {"date_to": "9999-12-31"}).content.decode()
    )
    report = client.get(reverse("spot_check_report"), {"date_from": "9999-12-31"})
    assert report.status_code == 200 and "dato mellem år" in report.content.decode()
