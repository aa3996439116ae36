"""The JSON API over the selectors and services: data, CPR masking, paging, sync, writes, audit."""

import pytest

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.families.models import Family, Person
from indgang.interventions.models import Decision, InterventionType
from tests import factories as f

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _events(after: int):
    return AuditEvent.objects.filter(pk__gt=after).order_by("pk")


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_family_detail_masks_cpr_and_logs_the_client_as_actor(world, make_client, call):
    client, token = make_client(scopes=["read"])
    before = _last_event_id()
    response = call(token, "get", f"/api/v1/families/{world.family.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Familien Hansen"
    child = next(p for p in body["persons"] if p["id"] == world.child.pk)
    assert child["cpr"] == world.child.masked_cpr
    assert world.child.cpr not in response.content.decode()
    assert body["cases"][0]["status"] == "enrolled"
    events = _events(before).filter(user=client.user, action="view")
    assert events.count() == 1
    event = events.get()
    assert event.family_id == world.family.pk
    assert set(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == {
        world.child.pk,
        world.parent.pk,
    }
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )


def test_full_cpr_only_with_the_scope(world, make_client, call):
    _client, token = make_client(scopes=["read", "cpr:full"])
    body = call(token, "get", f"/api/v1/families/{world.family.pk}").json()
    child = next(p for p in body["persons"] if p["id"] == world.child.pk)
    assert child["cpr"] == world.child.cpr
    assert AuditEvent.objects.filter(summary__contains="fulde CPR").exists()


def test_another_centres_family_is_a_404_problem_and_logged_as_denied(world, make_client, call):
    client, token = make_client(scopes=["read", "cpr:full"])
    response = call(token, "get", f"/api/v1/families/{world.other_family.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 404 and body["title"] and body["type"] and body["detail"]
    assert world.other_family.name not in response.content.decode()
    assert AuditEvent.objects.filter(
        user=client.user, action="denied", object_id=world.other_family.pk
    ).exists()
    missing = call(token, "get", "/api/v1/families/999999")
    assert missing.status_code == 404 and missing.json() == body


def test_list_pages_by_cursor_and_never_shows_other_centres(world, make_client, call):
    for n in range(4):
        f.FamilyFactory(name=f"Familien Side{n}", centre=world.centre)
    _client, token = make_client(scopes=["read"])
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = call(token, "get", "/api/v1/families/", **query).json()
        seen += [row["id"] for row in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    expected = list(
        Family.objects.filter(centre=world.centre).order_by("pk").values_list("pk", flat=True)
    )
    assert seen == expected
    assert pages == 3
    assert world.other_family.pk not in seen


def test_bad_cursor_and_bad_limit_are_422_problems(world, make_client, call):
    _client, token = make_client(scopes=["read"])
    for query in ({"cursor": "not-a-cursor!"}, {"limit": 0}, {"limit": 10_000}):
        response = call(token, "get", "/api/v1/families/", **query)
        assert response.status_code == 422, query
        assert response["Content-Type"] == PROBLEM
        assert response.json()["errors"]


def test_changed_since_finds_created_and_changed_families(world, make_client, call):
    from datetime import timedelta

    from django.utils import timezone

    from indgang.families import services

    _client, token = make_client(scopes=["read"])
    since = timezone.now() + timedelta(seconds=1)
    import time_machine

    with time_machine.travel(since + timedelta(minutes=5), tick=False):
        services.person_update(by=world.alice, person=world.child, data={"phone": "12345678"})
        body = call(token, "get", "/api/v1/families/", changed_since=since.isoformat()).json()
    assert [row["id"] for row in body["items"]] == [world.family.pk]


def test_every_read_endpoint_answers_with_the_family_data(world, make_client, call, with_grant):
    client, token = make_client(scopes=["read"])
    base = f"/api/v1/families/{world.family.pk}"
    decisions = call(token, "get", f"{base}/decisions").json()
    assert [d["id"] for d in decisions] == [with_grant.pk]
    applications = call(token, "get", f"{base}/applications").json()
    assert applications[0]["status"] == "decided"
    grants = call(token, "get", f"{base}/grants").json()
    assert grants[0]["decision_id"] == with_grant.pk and grants[0]["current"]
    shares = call(token, "get", f"{base}/cost-shares").json()
    assert shares and shares[0]["shares"][0]["percent"] == "100.00"
    for tail in ("cases", "meetings", "agreements", "plan"):
        response = call(token, "get", f"{base}/{tail}")
        assert response.status_code == 200, tail
    catalogue = call(token, "get", "/api/v1/intervention-types/").json()
    assert any(t["code"] == "extra_costs" and t["legal_bases"] for t in catalogue)
    # Every read is in the log with the system user as the actor, naming the household.
    for what in (
        "afgørelser",
        "ansøgninger",
        "bevillinger",
        "udgiftsfordeling",
        "sager",
        "møder",
        "aftaler",
        "plan",
    ):
        event = AuditEvent.objects.filter(user=client.user, summary=f"API: {what}").get()
        persons = set(event.persons.values_list("person_id", flat=True))
        assert persons == {world.child.pk, world.parent.pk}, what


def test_missing_scope_is_a_403_problem(world, make_client, call):
    _client, token = make_client(scopes=["write:referral"])
    response = call(token, "get", "/api/v1/families/")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert "read" in response.json()["detail"]


def _referral(**overrides):
    body = {
        "name": "Familien Nielsen",
        "municipality_code": "183",
        "referred_on": "2026-11-20",
        "referral_source": "Sundhedsplejen (journal)",
        "members": [
            {"first_name": "Ida", "last_name": "Nielsen", "cpr": "0101250007", "relation": "child"},
            {
                "first_name": "Jonas",
                "last_name": "Nielsen",
                "relation": "parent",
                "has_custody": True,
            },
        ],
    }
    return body | overrides


def test_referral_creates_family_child_parent_and_case(world, make_client, call):
    client, token = make_client(scopes=["write:referral"])
    response = call(token, "post", "/api/v1/referrals/", body=_referral())
    assert response.status_code == 201, response.content
    body = response.json()
    family = Family.objects.get(pk=body["family_id"])
    assert family.centre == world.centre and family.municipality.code == "183"
    assert family.cases.get().pk == body["case_id"]
    assert {p["relation"] for p in body["persons"]} == {"child", "parent"}
    assert "0101250007" not in response.content.decode()  # masked without cpr:full
    created = AuditEvent.objects.filter(user=client.user, action="create", family_id=family.pk)
    assert {"family", "person", "case"} <= set(created.values_list("object_type", flat=True))


def test_referral_bad_input_is_422_in_danish_and_saves_nothing(world, make_client, call):
    _client, token = make_client(scopes=["write:referral"])
    count = Family.objects.count()
    no_child = _referral(members=[{"first_name": "A", "last_name": "B", "relation": "parent"}])
    response = call(token, "post", "/api/v1/referrals/", body=no_child)
    assert response.status_code == 422
    assert "barn" in response.json()["detail"]
    future = call(token, "post", "/api/v1/referrals/", body=_referral(referred_on="2030-01-01"))
    assert future.status_code == 422 and "fremtiden" in future.json()["detail"]
    taken = _referral()
    taken["members"][0]["cpr"] = world.other_family.members.first().cpr
    clash = call(token, "post", "/api/v1/referrals/", body=taken)
    assert clash.status_code == 422
    assert world.other_family.name not in clash.content.decode()
    elsewhere = call(token, "post", "/api/v1/referrals/", body=_referral(municipality_code="999"))
    assert elsewhere.status_code == 422 and elsewhere.json()["errors"]["municipality_code"]
    assert Family.objects.count() == count
    assert Person.objects.filter(last_name="Nielsen").count() == 0


def test_cpr_in_a_query_string_is_not_a_lookup(world, make_client, call):
    """CPR never goes in a URL: there is no CPR parameter, so it filters nothing."""
    _client, token = make_client(scopes=["read"])
    body = call(token, "get", "/api/v1/families/", cpr=world.child.cpr).json()
    assert len(body["items"]) == Family.objects.filter(centre=world.centre).count()


def _decision(**overrides):
    kind = InterventionType.objects.get(code="extra_costs")
    basis = kind.legal_bases.get(act="barnets_lov")
    body = {
        "intervention_type": "extra_costs",
        "legal_basis_id": basis.pk,
        "received_on": "2026-10-01",
        "outcome": "granted",
        "justification": "Afgjort i journalsystemet efter lægeerklæring.",
        "decided_on": "2026-10-20",
        "period_from": "2026-11-01",
        "amount_per_month": "1500.00",
    }
    return body | overrides


def test_decision_registered_elsewhere(world, make_client, call, with_grant):
    client, token = make_client(scopes=["write:decision", "read"])
    url = f"/api/v1/families/{world.family.pk}/decisions"
    response = call(token, "post", url, body=_decision(person_id=world.child.pk))
    assert response.status_code == 201, response.content
    decision = Decision.objects.get(pk=response.json()["id"])
    assert decision.decided_by == client.user and decision.family_id == world.family.pk
    assert decision.application.person == world.child
    assert AuditEvent.objects.filter(
        user=client.user, action="create", object_type="decision", family_id=world.family.pk
    ).exists()
    listed = call(token, "get", url).json()
    assert decision.pk in [d["id"] for d in listed]


def test_decision_bad_input_saves_nothing(world, make_client, call, with_grant):
    _client, token = make_client(scopes=["write:decision"])
    url = f"/api/v1/families/{world.family.pk}/decisions"
    count = Decision.objects.count()
    from indgang.interventions.models import Application

    applications = Application.objects.count()
    early = call(token, "post", url, body=_decision(decided_on="2026-09-01"))
    assert early.status_code == 422 and early.json()["errors"]["decided_on"]
    unknown = call(token, "post", url, body=_decision(intervention_type="nope"))
    assert unknown.status_code == 422
    stranger = world.other_family.members.first()
    foreign = call(token, "post", url, body=_decision(person_id=stranger.pk))
    assert foreign.status_code == 422
    other = call(
        token, "post", f"/api/v1/families/{world.other_family.pk}/decisions", body=_decision()
    )
    assert other.status_code == 404
    assert Decision.objects.count() == count and Application.objects.count() == applications


def test_write_scope_alone_reads_nothing(world, make_client, call):
    _client, token = make_client(scopes=["write:decision"])
    assert call(token, "get", f"/api/v1/families/{world.family.pk}").status_code == 403


def test_queries_do_not_grow_with_the_data(world, make_client, call, with_grant):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from indgang.api.models import ApiClient
    from tests.interventions.helpers import grant

    _client, token = make_client(scopes=["read"])
    base = f"/api/v1/families/{world.family.pk}"
    urls = ["/api/v1/families/", base, f"{base}/decisions", f"{base}/grants", f"{base}/meetings"]

    def counts():
        # The token's "last used" mark is written at most once a minute: not part of the page.
        ApiClient.objects.update(last_used_at=timezone.now() + timedelta(days=1))
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert call(token, "get", url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for n in range(3):
        family = f.FamilyFactory(name=f"Familien Mere{n}", centre=world.centre)
        f.PersonFactory(family=family)
        f.CaseFactory(family=family)
        f.PersonFactory(family=world.family, relation="sibling")
        grant(world, code="extra_costs", amount=1000 + n)
    assert counts() == before
