"""The pages through the test client: audit of every look, bad input, exports, queries."""

import csv
import io
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.families.models import ExternalCase, Family, Person
from tests import factories as f


def test_family_overview_shows_the_whole_picture_and_is_audited(world, login):
    client = login(world.bob)
    response = client.get(reverse("family_detail", args=[world.family.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "Familien Hansen",
        "Alice",
        "Alma Hansen",
        "Maria Hansen",
        "Carol",
        "Indskrevet",
    ):
        assert expected in html
    # bob is not a case manager: CPR masked, no case actions
    assert world.child.masked_cpr in html and world.child.cpr not in html
    assert "Indskriv" not in html and "Overlevér" not in html
    event = AuditEvent.objects.get(action="view", object_type="family", user=world.bob)
    assert event.family_id == world.family.pk and event.case_id == world.case.pk
    assert event.ip_address == "10.1.2.3"
    assert set(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == {
        world.child.pk,
        world.parent.pk,
    }


def test_the_coordinator_sees_the_full_cpr_on_the_person_page(world, login):
    response = login(world.alice).get(
        reverse("person_detail", args=[world.family.pk, world.child.pk])
    )
    assert f"{world.child.cpr[:6]}-{world.child.cpr[6:]}" in response.content.decode()
    assert AuditEvent.objects.filter(action="view", object_type="person", user=world.alice).exists()
    # and the CPR number is never in the page title
    assert world.child.cpr[6:] not in response.content.decode().split("</title>")[0]


def test_who_has_seen_this_family(world, login):
    login(world.carol).get(reverse("family_detail", args=[world.family.pk]))
    response = login(world.erin).get(reverse("family_access", args=[world.family.pk]))
    assert response.status_code == 200
    assert "Carol" in response.content.decode()


def _referral_post(world, **override):
    data = {
        "family_name": "Familien Skovprøve",
        "municipality": world.centre.municipalities.first().pk,
        "language": "dansk",
        "preferred_contact": "phone",
        "child_first_name": "Viggo",
        "child_last_name": "Skovprøve",
        "child_cpr": "170522-5123",
        "parent_first_name": "Julie",
        "parent_last_name": "Skovprøve",
        "parent_cpr": "",
        "parent_has_custody": "on",
        "referred_on": "2026-11-20",
    }
    data.update(override)
    return data


def test_new_family_form_creates_a_referral(world, login):
    response = login(world.alice).post(reverse("family_create"), _referral_post(world))
    family = Family.objects.get(name="Familien Skovprøve")
    assert response.status_code == 302 and response["Location"] == reverse(
        "family_detail", args=[family.pk]
    )
    assert family.cases.get().status == "referred"
    assert family.members.get(relation="child").birth_date == date(2022, 5, 17)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("child_cpr", "320199-1234", "ikke en gyldig dato"),
        ("child_cpr", "12345", "10 cifre"),
        ("referred_on", "2030-01-01", "fremtiden"),
        ("municipality", "", "påkrævet"),
    ],
)
def test_bad_input_gets_a_danish_message_next_to_the_field_and_saves_nothing(
    world, login, field, value, message
):
    response = login(world.alice).post(
        reverse("family_create"), _referral_post(world, **{field: value})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "form-error-message" in html and message in html
    assert 'aria-invalid="true"' in html
    assert not Family.objects.filter(name="Familien Skovprøve").exists()
    assert not Person.objects.filter(last_name="Skovprøve").exists()


def test_a_double_submit_does_not_create_two_families(world, login):
    client = login(world.alice)
    client.post(reverse("family_create"), _referral_post(world))
    response = client.post(reverse("family_create"), _referral_post(world))
    assert response.status_code == 200
    assert "er allerede registreret i en anden familie i centret" in response.content.decode()
    assert Family.objects.filter(name="Familien Skovprøve").count() == 1


def test_enrolment_without_consent_is_refused_in_the_form(world, login):
    client = login(world.alice)
    client.post(reverse("family_create"), _referral_post(world))
    family = Family.objects.get(name="Familien Skovprøve")
    response = client.post(
        reverse("case_enrol", args=[family.pk]),
        {"enrolled_on": "2026-11-21", "coordinator": world.alice.pk},
    )
    assert response.status_code == 200
    assert "uden et gyldigt samtykke" in response.content.decode()
    assert family.cases.get().status == "referred"


def test_cpr_search_is_sent_by_post_and_never_logged_in_clear(world, login):
    client = login(world.alice)
    cpr = f"{world.child.cpr[:6]}-{world.child.cpr[6:]}"
    response = client.post(reverse("family_list"), {"cpr": cpr})
    assert "Familien Hansen" in response.content.decode()
    event = AuditEvent.objects.get(action="search", user=world.alice)
    assert world.child.cpr not in str(event.summary) + str(event.changes)
    # a family outside alice's reach is not found by CPR either
    other_child = world.other_family.members.get()
    response = client.post(reverse("family_list"), {"cpr": other_child.cpr})
    assert "Familien Andersen" not in response.content.decode()


def test_participant_list_with_filters_and_exports(world, login):
    f.PersonFactory(family=world.family, relation="sibling", birth_date=date(2019, 4, 1))
    ExternalCase.objects.create(
        person=world.parent,
        municipality=world.family.municipality,
        area="employment",
        case_worker="K. Aziz",
    )
    client = login(world.frank)
    page = client.get(reverse("participant_list"))
    html = page.content.decode()
    assert "Alma Hansen" in html and "Beskæftigelse i Ishøj" in html
    assert AuditEvent.objects.filter(action="view", object_type="participant_list").exists()

    other = world.centre.municipalities.get(name="Vallensbæk")
    filtered = client.get(reverse("participant_list"), {"municipality": other.pk})
    assert "Alma Hansen" not in filtered.content.decode()

    xlsx = client.get(reverse("participant_list"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Barn" and rows[1][0] == "Alma Hansen"
    assert (
        rows[1][2] == "2-6 år"
        and rows[1][3] == "Ishøj"
        and rows[1][6] == "Alice " + world.alice.last_name
    )
    assert "Beskæftigelse i Ishøj" in rows[1][8]
    assert len(rows) == 2  # the sibling is not a target child

    raw = client.get(reverse("participant_list"), {"format": "csv"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert lines[0][0] == "Barn" and lines[1][0] == "Alma Hansen" and lines[1][4] == "01-02-2026"
    exports = AuditEvent.objects.filter(action="export", object_type="participant_list")
    assert exports.count() == 2
    assert AuditPerson.objects.filter(event__in=exports, person_id=world.child.pk).count() == 2


def test_caseload_counts_active_families_against_the_target(world, login):
    world.centre.caseload_target = 1
    world.centre.save()
    extra = f.CaseFactory(family=f.FamilyFactory(centre=world.centre), enrolled=True)
    f.assign(extra, world.alice)
    html = login(world.erin).get(reverse("caseload")).content.decode()
    assert "Over målet" in html and "<td>2</td>" in html


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "url_name", "args"),
    [
        ("alice", "family_list", []),
        ("alice", "home", []),
        ("frank", "participant_list", []),
        ("alice", "family_detail", ["family"]),
        ("erin", "caseload", []),
        ("heidi", "audit_search", []),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_families(
    world, login, persona, url_name, args
):
    client = login(getattr(world, persona))
    url = reverse(url_name, args=[world.family.pk] if args else [])
    if url_name == "audit_search":
        url += f"?user={world.alice.pk}"
    _count_queries(client, url)  # warm: sessions, content types
    before = _count_queries(client, url)
    for _ in range(5):
        family = f.FamilyFactory(centre=world.centre, municipality=world.family.municipality)
        f.PersonFactory(family=family)
        f.PersonFactory(family=family, parent=True)
        case = f.CaseFactory(family=family, enrolled=True)
        f.assign(case, world.alice)
        f.link(case, world.carol)
    assert _count_queries(client, url) == before


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db.backends.utils import CursorWrapper
    from django.db.utils import OperationalError

    def unreachable(self, sql, params=None):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", unreachable)
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


def test_every_page_has_a_strict_csp_and_the_accessibility_link(world, login):
    response = login(world.alice).get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "Tilgængelighedserklæring" in response.content.decode()


def test_the_footer_links_the_municipality_s_own_statement_read_once_a_minute(world, login):
    from datetime import timedelta

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    municipality = world.centre.municipalities.first()
    municipality.accessibility_statement_url = "https://www.was.digst.dk/testkommune"
    municipality.save()
    client = login(world.alice)
    assert 'href="https://www.was.digst.dk/testkommune"' in client.get(reverse("home")).text
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert not [q for q in queries if q["sql"].startswith('SELECT "organisation_municipality"')]
    municipality.accessibility_statement_url = "https://www.was.digst.dk/ny"
    municipality.save()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert 'href="https://www.was.digst.dk/ny"' in client.get(reverse("home")).text


def test_deploy_check_passes_with_production_values(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 64 + "production-secret-that-is-long-and-random-enough",
        "ALLOWED_HOSTS": "indgang.kommune.dk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "HTTPS": "1",
        "EMAIL_URL": "smtp://mail.kommune.dk:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_overview_reads_the_seldom_filled_tables_only_for_a_family_that_has_rows(world, login):
    """The family's own row says whether it has cases elsewhere, a parent from another
    household, a handover or a cover (families.selectors.family_overview): a family without
    them is not asked for them, and a family with them shows them, at one query each however
    many rows there are."""
    from indgang.families import custody, services
    from indgang.families.models import Cover, Handover

    client = login(world.alice)
    url = reverse("family_detail", args=[world.family.pk])
    _count_queries(client, url)  # warm
    plain = _count_queries(client, url)

    today = timezone.localdate()
    elsewhere = f.FamilyFactory(centre=world.centre, municipality=world.family.municipality)
    father = f.PersonFactory(family=elsewhere, parent=True, first_name="Bent", last_name="Holm")
    custody.household_join(
        by=world.alice, family=world.family, cpr=father.cpr, relation="parent", custody_of=[]
    )
    ExternalCase.objects.create(
        person=world.parent, municipality=world.family.municipality, area="employment"
    )
    deputy = f.UserFactory(role="coordinator", centre=world.centre, first_name="Dorthe")
    services.cover_start(
        by=world.erin,
        case=world.case,
        deputy=deputy,
        reason=Cover.Reason.HOLIDAY,
        starts_on=today,
        ends_on=today + timedelta(days=7),
    )
    Handover.objects.create(
        case=world.case,
        from_coordinator=world.alice,
        to_coordinator=deputy,
        situation_and_wishes="Familien ønsker ro.",
        confirmed_at=timezone.now(),
    )
    full = _count_queries(client, url)
    # One query each for the other household, the cases elsewhere, the handovers and the cover.
    assert full == plain + 4
    html = client.get(url).content.decode()
    assert "Bent Holm" in html and "bor i en anden husstand" in html
    assert "Beskæftigelse" in html
    assert f"af {deputy}" in html
    assert f"Overlevering fra {world.alice} til {deputy}" in html

    ExternalCase.objects.create(
        person=world.child, municipality=world.family.municipality, area="children"
    )
    assert _count_queries(client, url) == full
