"""Fixed personas, the same names everywhere, so a reader knows at once who may see what.

alice    coordinator of the Hansen family (centre A)
bob      fixed core-team member, centre A (sees the centre's families)
carol    partner linked to the Hansen family
dave     partner not linked to any family
erin     leader of centre A
frank    project leader of centre A
grace    system administrator (no case content)
heidi    data-protection officer (the audit log, no case content)
ivan     coordinator of another centre (an outsider to centre A)
"""

import copy
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from indgang.families.models import AccessPolicy, Case, Family, Person
from indgang.organisation.models import Centre, Role, User
from tests import factories as f
from tests.data_migrations import reseed_data_migrations

TODAY = date(2026, 11, 23)


@dataclass
class World:
    centre: Centre
    other_centre: Centre
    alice: User
    bob: User
    carol: User
    dave: User
    erin: User
    frank: User
    grace: User
    heidi: User
    ivan: User
    family: Family  # the Hansen family: enrolled, alice coordinates, carol linked
    child: Person
    parent: Person
    case: Case
    other_family: Family  # a family in ivan's centre
    # Every URL's objects (tests/test_access_matrix.py), when built once for a module.
    objects: dict | None = None

    def personas(self) -> dict[str, User]:
        names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"]
        return {name: getattr(self, name) for name in names}


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


def _empties_the_database(item) -> bool:
    """A transactional test: pytest-django flushes every table when it ends."""
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        or (marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's fixtures are torn down, the flush included
    # The last test's teardown also drops the test database (nextitem is None): nothing to refill.
    if nextitem is not None and _empties_the_database(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            reseed_data_migrations()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Templates resolve static paths without needing a fresh collectstatic manifest."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty per-process cache (core/context_processors.py keeps the
    accessibility statement there): ids are reused between tests on SQLite."""
    from django.core.cache import cache

    cache.clear()


# Ten digits shaped like a CPR number (with or without the dash), standing alone.
CPR_SHAPED = re.compile(r"(?<![\d/])\d{6}-?\d{4}(?![\d/])")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            self.lines.append(str(record.exc_info[1]))


@pytest.fixture(autouse=True)
def _nothing_personal_leaves(settings):
    """Every e-mail the suite sends and every log line it writes is checked: no CPR number
    anywhere, no family name in an e-mail subject (tests/mail.py)."""
    settings.EMAIL_BACKEND = "tests.mail.CheckingEmailBackend"
    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    leaked = [line for line in handler.lines if CPR_SHAPED.search(line)]
    assert not leaked, f"a CPR-shaped number in the log: {leaked[:3]}"


@pytest.fixture(autouse=True)
def _frozen_today(request):
    """Dates in tests never follow the real clock (browser tests run on real time)."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(date(2026, 11, 23), tick=True):
        yield


@pytest.fixture
def world(request, db) -> World:
    if "module_world" in request.fixturenames:
        # The module's shared world (see module_world), copied so that a test's changes to
        # these Python objects stay its own; its database changes end with its savepoint.
        return copy.deepcopy(request.getfixturevalue("module_world"))
    return build_world()


@contextmanager
def _as_in_a_test() -> Iterator[None]:
    """What the autouse fixtures give a test, for data built outside one: today's date and
    the fast password hasher."""
    with time_machine.travel(TODAY, tick=True), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world and every URL's objects, built once for a whole module instead of per test.

    A module opts in with ``pytestmark = pytest.mark.usefixtures("module_world")``; its
    tests then get (through ``world`` and ``objects``) copies of the same rows, the way
    Django's TestCase.setUpTestData works: the rows are made in a transaction held open
    around the module, every test runs in a savepoint inside it that is rolled back after
    the test, and the module's transaction is rolled back at the end. Only for modules
    without transactional (``transaction=True``, live-server) tests, which would need the
    rows committed. The per-URL modules (matrix, read log, probe, form fuzz) run hundreds of
    tests on the same data; building it once saves most of their time.
    """
    from tests.test_access_matrix import build_objects

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock(), _as_in_a_test():
            world = build_world()
            world.objects = build_objects(world)
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def build_world() -> World:
    ishoj = f.MunicipalityFactory(name="Ishøj", code="183")
    vallensbaek = f.MunicipalityFactory(name="Vallensbæk", code="187")
    centre = f.CentreFactory(name="CBF", municipalities=[ishoj, vallensbaek])
    # The personas' expectations (tests/matrix.py) describe the centre-wide scope; the
    # need-to-know default is tested on its own in tests/test_need_to_know.py.
    for municipality in (ishoj, vallensbaek):
        AccessPolicy.objects.create(municipality=municipality, scope=AccessPolicy.Scope.CENTRE)
    other_centre = f.CentreFactory(name="Andet center")

    def user(username, role, centre=centre, **kw):
        return f.UserFactory(
            username=username, first_name=username.title(), role=role, centre=centre, **kw
        )

    alice = user("alice", Role.COORDINATOR, phone="43 57 70 00")
    bob = user("bob", Role.CORE_TEAM, profession="Psykolog")
    f.core_team(centre, alice)
    f.core_team(centre, bob)
    carol = user("carol", Role.PARTNER, centre=None)
    dave = user("dave", Role.PARTNER, centre=None)
    erin = user("erin", Role.LEADER)
    frank = user("frank", Role.PROJECT_LEADER)
    grace = user("grace", Role.SYSADMIN, is_staff=True)
    heidi = user("heidi", Role.DPO)
    ivan = user("ivan", Role.COORDINATOR, centre=other_centre)

    family = f.FamilyFactory(name="Familien Hansen", centre=centre, municipality=ishoj)
    child = f.PersonFactory(family=family, first_name="Alma", last_name="Hansen")
    parent = f.PersonFactory(
        family=family,
        parent=True,
        first_name="Maria",
        last_name="Hansen",
        email="maria@familie.invalid",
    )
    case = f.CaseFactory(family=family, enrolled=True)
    f.assign(case, alice)
    f.link(case, carol)
    other_family = f.FamilyFactory(name="Familien Andersen", centre=other_centre)
    f.PersonFactory(family=other_family)
    f.CaseFactory(family=other_family, enrolled=True)
    return World(
        centre,
        other_centre,
        alice,
        bob,
        carol,
        dave,
        erin,
        frank,
        grace,
        heidi,
        ivan,
        family,
        child,
        parent,
        case,
        other_family,
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="indgang.signin.backends.StaffModelBackend")
        return client

    return _login
