"""The API's access matrix: every operation x client scope x another centre's family.

The persona matrix (tests/test_access_matrix.py) leaves the ``api`` namespace to this file,
because the API is used with bearer tokens, not by signed-in staff. Every operation in the
OpenAPI document is requested without a token (401), with each scope set (403 without the
scope it needs), and with another centre's family (404 as if missing, logged as denied):
never data. Every read that shows persons writes an event naming them, with the client's
system user as the actor.
"""

import json
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver

from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson
from indgang.families.models import Family, Person
from indgang.interventions.models import InterventionType

pytestmark = pytest.mark.django_db

DOCUMENT = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text(encoding="utf-8")
)
OPERATIONS = sorted((method, path) for path, ops in DOCUMENT["paths"].items() for method in ops)

# The scope each operation needs; a new operation without a line here fails the suite.
NEEDS = {
    ("get", "/api/v1/families/"): "read",
    ("get", "/api/v1/families/{family_id}"): "read",
    ("get", "/api/v1/families/{family_id}/cases"): "read",
    ("get", "/api/v1/families/{family_id}/meetings"): "read",
    ("get", "/api/v1/families/{family_id}/plan"): "read",
    ("get", "/api/v1/families/{family_id}/agreements"): "read",
    ("get", "/api/v1/families/{family_id}/applications"): "read",
    ("get", "/api/v1/families/{family_id}/decisions"): "read",
    ("get", "/api/v1/families/{family_id}/grants"): "read",
    ("get", "/api/v1/families/{family_id}/cost-shares"): "read",
    ("get", "/api/v1/intervention-types/"): "read",
    ("post", "/api/v1/families/{family_id}/decisions"): "write:decision",
    ("post", "/api/v1/referrals/"): "write:referral",
}
# The URL names the API registers besides its operations: the document (public, no data) and
# django-ninja's root, which only answers 404.
PUBLIC = {"openapi-json", "api-root"}

SCOPE_SETS = [
    [],
    ["read"],
    ["cpr:full"],
    ["write:referral"],
    ["write:decision"],
    ["read", "cpr:full", "write:referral", "write:decision"],
]


def test_every_operation_has_a_matrix_line():
    assert set(OPERATIONS) == set(NEEDS)


def _api_url_names() -> set[str]:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "api":
            return {p.name for p in pattern.url_patterns}
    raise AssertionError("the api namespace is not in the URL configuration")


def test_the_api_namespace_holds_only_documented_operations():
    names = _api_url_names() - PUBLIC
    # One URL name per operation: a view outside the document would be one too many.
    assert len(names) == len(OPERATIONS)


def test_the_root_and_the_document_without_a_token(client):
    assert client.get("/api/v1/").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200


def _body(method: str, path: str, world) -> dict | None:
    if method != "post":
        return None
    if path.endswith("/decisions"):
        kind = InterventionType.objects.get(code="extra_costs")
        return {
            "intervention_type": kind.code,
            "legal_basis_id": kind.legal_bases.get(act="barnets_lov").pk,
            "received_on": "2026-10-01",
            "outcome": "refused",
            "justification": "Afgjort i et andet system.",
            "decided_on": "2026-10-20",
        }
    # A referral for a municipality only the other centre serves.
    return {
        "name": "Familien Udenfor",
        "municipality_code": world.other_family.municipality.code,
        "referred_on": "2026-11-20",
        "members": [{"first_name": "Bo", "last_name": "Udenfor", "relation": "child"}],
    }


def _secrets_of(family: Family) -> list[str]:
    """Whole names and CPR numbers: a factory's random surname alone may be the visible
    family's too ("Hansen")."""
    words = [family.name]
    for person in Person.objects.filter(family=family):
        words += [person.full_name] + ([person.cpr[:6]] if person.cpr else [])
    return words


@pytest.mark.parametrize("scopes", SCOPE_SETS, ids=lambda s: "+".join(s) or "none")
def test_operation_x_scope_x_other_centres_family(world, make_client, call, with_grant, scopes):
    client, token = make_client(scopes=scopes)
    other = world.other_family
    secrets = _secrets_of(other)
    families_before = Family.objects.count()
    for method, path in OPERATIONS:
        url = path.replace("{family_id}", str(other.pk))
        body = _body(method, path, world)
        anonymous = call(None, method, url, body=body)
        assert anonymous.status_code == 401, (method, path)
        response = call(token, method, url, body=body)
        needed = NEEDS[(method, path)]
        if needed not in scopes:
            expected = {403}
        elif "{family_id}" in path:
            expected = {404}
        elif method == "post":
            expected = {422}  # the other centre's municipality: refused
        else:
            expected = {200}
        assert response.status_code in expected, (method, path, scopes, response.content)
        if response.status_code != 200:
            assert response["Content-Type"] == "application/problem+json"
            problem = response.json()
            assert set(problem) >= {"type", "title", "status", "detail"}
        text = response.content.decode()
        for secret in secrets:
            assert secret not in text, (method, path, secret)
        if response.status_code == 404:
            assert AuditEvent.objects.filter(
                user=client.user, action="denied", object_id=other.pk
            ).exists()
    assert Family.objects.count() == families_before


def test_the_other_centres_client_cannot_see_this_centres_family(world, make_client, call):
    _client, token = make_client(centre=world.other_centre, name="Andet system")
    listed = call(token, "get", "/api/v1/families/").json()
    assert world.family.pk not in [row["id"] for row in listed["items"]]
    assert call(token, "get", f"/api/v1/families/{world.family.pk}").status_code == 404


READS = [op for op in OPERATIONS if op[0] == "get"]


def _names_in(value) -> set[tuple[str, str]]:
    """Every (first_name, last_name) pair of the JSON's objects: whole persons, not a random
    surname that another family shares."""
    if isinstance(value, dict):
        found = {(value["first_name"], value.get("last_name"))} if "first_name" in value else set()
        for item in value.values():
            found |= _names_in(item)
        return found
    if isinstance(value, list):
        return set().union(*(_names_in(item) for item in value)) if value else set()
    return set()


@pytest.mark.parametrize("operation", READS, ids=lambda op: op[1])
def test_every_read_names_whom_it_shows_with_the_client_as_actor(
    world, make_client, call, with_grant, operation
):
    _method, path = operation
    client, token = make_client(scopes=["read", "cpr:full"])
    first = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = call(token, "get", path.replace("{family_id}", str(world.family.pk)))
    assert response.status_code == 200
    events = AuditEvent.objects.filter(pk__gt=first)
    assert events.exists(), "every call is in the log"
    assert set(events.values_list("user_id", flat=True)) == {client.user.pk}
    families = set(events.exclude(family_id=None).values_list("family_id", flat=True))
    families |= set(
        AuditFamily.objects.filter(event__in=events).values_list("family_id", flat=True)
    )
    persons = set(AuditPerson.objects.filter(event__in=events).values_list("person_id", flat=True))
    text = response.content.decode()
    for family in Family.objects.all():
        if family.name in text:
            assert family.pk in families, (path, family.name)
    for person in Person.objects.all():
        if person.cpr and person.cpr in text:
            assert person.pk in persons, (path, person.pk)
        if (person.first_name, person.last_name) in _names_in(response.json()):
            assert person.pk in persons, (path, person.pk)
