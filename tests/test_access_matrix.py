"""Every page as every persona: allowed gets 200, denied gets 403 or 404 (as if absent).

The matrix is checked against the URL configuration, so a new page without an entry fails.
Each app adds its entries in tests/<app>/matrix.py (see tests/matrix.py).
"""

import importlib
import pkgutil
import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from indgang.audit.models import AuditEvent, SpotCheck
from indgang.families import services
from indgang.families.models import Consent, Handover
from tests.matrix import ANON, CORE_ENTRIES, EXEMPT_NAMESPACES, PERSONAS, VIEWERS, Entry


def _app_matrices():
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                yield importlib.import_module(f"tests.{module.name}.matrix")
            except ModuleNotFoundError as error:
                if error.name != f"tests.{module.name}.matrix":
                    raise


APP_MATRICES = list(_app_matrices())
MATRIX: dict[str, Entry] = dict(CORE_ENTRIES)
for _module in APP_MATRICES:
    MATRIX.update(_module.ENTRIES)


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
    for key in filter(None, entry.kwargs.split(",")):  # "municipality,intervention_type"
        if key != "family":
            kwargs[f"{key}_id"] = objects[key].pk
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def objects(world) -> dict:
    return world.objects if world.objects is not None else build_objects(world)


def build_objects(world) -> dict:
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
    found = {
        "person": world.child,
        "consent": consent,
        "handover": handover,
        "link": world.case.partner_links.get(user=world.carol),
        "spot_check": SpotCheck.objects.create(event=event, drawn_by=world.erin),
    }
    for module in APP_MATRICES:
        if hasattr(module, "objects"):
            found.update(module.objects(world))
    return found


# One world for the module's tests, each in its own savepoint (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("module_world")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_persona(name, world, objects, client):
    entry = MATRIX[name]
    url = _url(name, entry, world, objects)
    failures = []
    for persona in PERSONAS:
        client.logout()
        if persona != ANON:
            client.force_login(
                getattr(world, persona), backend="indgang.signin.backends.StaffModelBackend"
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
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|data-form-token="[^"]+"')
    assert token.sub(b"", denied.content) == token.sub(b"", missing.content)
    # Whole names: the signed-in user's own random surname may be "Hansen".
    assert b"Familien Hansen" not in denied.content
    assert world.child.full_name.encode() not in denied.content


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
