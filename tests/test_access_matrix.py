"""Every page as every persona: allowed gets 200, denied gets 403 or 404 (as if absent).

The matrix is checked against the URL configuration, so a new page without an entry fails.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from indgang.audit.models import AuditEvent, SpotCheck
from indgang.families import services
from indgang.families.models import Consent, Handover

ANON = "anonymous"
PERSONAS = [ANON, "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"]
VIEWERS = {"alice", "bob", "carol", "erin", "frank"}  # who may see the Hansen family
MANAGERS = {"alice", "erin", "frank"}  # who may act on its case
BROWSERS = {"alice", "bob", "carol", "dave", "erin", "frank", "ivan"}
LEADERS = {"erin", "frank"}

# Pages that belong to another mechanism and are tested on their own.
EXEMPT_NAMESPACES = {"admin"}  # Django's admin: only the system administrator (test_admin)


@dataclass
class Entry:
    allowed: set[str]
    kwargs: str = ""  # which object ids the URL needs: "family", "person", "consent", ...
    method: str = "get"
    ok: int = 200
    denied: int = 403  # for logged-in personas who may see the family but not do this
    family_scoped: bool = False  # non-viewers get 404, not 403
    anonymous: int = 302  # to the login page
    data: dict = field(default_factory=dict)


def family_page(allowed, kwargs="family", **kw):
    return Entry(allowed=allowed, kwargs=kwargs, family_scoped=True, **kw)


MATRIX = {
    "home": Entry(allowed=set(PERSONAS) - {ANON}),
    "healthz": Entry(allowed=set(PERSONAS), anonymous=200),
    "login": Entry(allowed={ANON}, anonymous=200, denied=302),
    "logout": Entry(allowed=set(PERSONAS), method="post", ok=302, anonymous=302),
    "family_list": Entry(allowed=BROWSERS),
    "family_create": Entry(allowed=MANAGERS | {"ivan"}),
    "family_detail": family_page(VIEWERS),
    "family_edit": family_page(MANAGERS),
    "family_access": family_page(MANAGERS),
    "person_detail": family_page(VIEWERS, kwargs="person"),
    "person_edit": family_page(MANAGERS, kwargs="person"),
    "person_create": family_page(MANAGERS),
    "eligibility_assess": family_page(MANAGERS),
    "consent_record": family_page(MANAGERS),
    "consent_withdraw": family_page(MANAGERS, kwargs="consent"),
    "case_enrol": family_page(MANAGERS),
    "case_discharge": family_page(MANAGERS),
    "case_reopen": family_page(MANAGERS),
    "coordinator_assign": family_page(MANAGERS),
    "handover_start": family_page(MANAGERS),
    "handover_detail": family_page(VIEWERS, kwargs="handover"),
    "partner_link": family_page(MANAGERS),
    "partner_unlink": family_page(MANAGERS, kwargs="link"),
    "external_case_add": family_page(MANAGERS),
    "participant_list": Entry(allowed=LEADERS),
    "caseload": Entry(allowed=LEADERS),
    "audit_search": Entry(allowed=LEADERS | {"heidi"}),
    "spot_check": Entry(allowed=LEADERS),
    "spot_check_mark": Entry(
        allowed=LEADERS, kwargs="spot_check", method="post", ok=302, data={"verdict": "legitimate"}
    ),
}


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            names |= _names(pattern, ns)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"Every URL needs a name so the matrix can cover it: {pattern}"
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_matrix_covers_every_url():
    assert _names(get_resolver()) == set(MATRIX)


def _url(name: str, entry: Entry, world, objects) -> str:
    kwargs = {}
    if entry.family_scoped:
        kwargs["family_id"] = world.family.pk
    if entry.kwargs == "person":
        kwargs["person_id"] = world.child.pk
    elif entry.kwargs in ("consent", "handover", "link"):
        kwargs[f"{entry.kwargs}_id"] = objects[entry.kwargs].pk
    elif entry.kwargs == "spot_check":
        kwargs["spot_check_id"] = objects["spot_check"].pk
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def objects(world):
    consent = Consent.objects.create(
        case=world.case,
        given_by=world.parent,
        given_on=date(2026, 1, 20),
        covers="Deltagelse",
        recorded_by=world.alice,
    )
    handover = Handover.objects.create(
        case=world.case,
        from_coordinator=world.alice,
        to_coordinator=world.alice,
        situation_and_wishes="-",
        plan_status="-",
        confirmed_at="2026-03-01T10:00:00Z",
    )
    event = AuditEvent.objects.create(user=world.alice, action="view", family_id=world.family.pk)
    return {
        "consent": consent,
        "handover": handover,
        "link": world.case.partner_links.get(user=world.carol),
        "spot_check": SpotCheck.objects.create(event=event, drawn_by=world.erin),
    }


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_persona(name, world, objects, client):
    entry = MATRIX[name]
    url = _url(name, entry, world, objects)
    failures = []
    for persona in PERSONAS:
        client.logout()
        if persona != ANON:
            client.force_login(
                getattr(world, persona), backend="django.contrib.auth.backends.ModelBackend"
            )
        response = getattr(client, entry.method)(url, entry.data)
        if persona == ANON:
            expected = entry.anonymous
        elif persona in entry.allowed:
            expected = entry.ok
        elif entry.family_scoped and persona not in VIEWERS:
            expected = 404
        else:
            expected = entry.denied
        if response.status_code != expected:
            failures.append(f"{persona}: {response.status_code} (expected {expected})")
        if persona == ANON and expected == 302 and name != "logout":
            assert response["Location"].startswith(reverse("login"))
    assert not failures, f"{name} {url}: " + "; ".join(failures)


def test_denied_family_page_looks_exactly_like_a_missing_one(world, login):
    client = login(world.dave)
    denied = client.get(reverse("family_detail", args=[world.family.pk]))
    missing = client.get(reverse("family_detail", args=[999_999]))
    assert denied.status_code == missing.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", denied.content) == token.sub(b"", missing.content)
    assert b"Hansen" not in denied.content


def test_partner_loses_sight_when_unlinked(world, login):
    link = world.case.partner_links.get(user=world.carol)
    services.partner_unlink(by=world.alice, link=link, unlinked_on=date(2026, 11, 23))
    response = login(world.carol).get(reverse("family_detail", args=[world.family.pk]))
    assert response.status_code == 404


def test_admin_is_for_the_system_administrator_only(world, login):
    assert login(world.grace).get(reverse("admin:index")).status_code == 200
    assert login(world.grace).get(reverse("admin:organisation_user_changelist")).status_code == 200
    for persona in ("alice", "erin", "heidi"):
        response = login(getattr(world, persona)).get(reverse("admin:index"))
        assert response.status_code == 302, persona
    # No case content is registered in the administration at all.
    response = login(world.grace).get("/administration/families/family/")
    assert response.status_code == 404
