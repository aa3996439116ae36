"""The go-live import page: upload, dry-run report, confirm; scoped to the uploader's centre."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.families.models import Family
from indgang.golive.example import rows_to_csv, rows_to_xlsx
from indgang.golive.models import ImportRun
from tests import factories as f
from tests.conftest import CPR_SHAPED
from tests.golive.helpers import CHILD_CPR, counts, enrolled_row, referred_row
from tests.golive.matrix import hansen_row

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, name="familier.csv"):
    return client.post(
        reverse("golive_import"), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_upload_dry_run_then_confirm(world, login, fmt):
    client = login(world.erin)
    rows = [enrolled_row(), referred_row(koordinator="nobody")]
    content = rows_to_xlsx(rows) if fmt == "xlsx" else rows_to_csv(rows)
    before = counts()
    response = _upload(client, content, f"familier {CHILD_CPR}.{fmt}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prøvekørsel af familier xxxxxx-xxxx" in html  # the CPR in the file name is masked
    assert "Intet er gemt endnu" in html
    assert "Oprettes" in html and "Afvises" in html
    assert "Ukendt koordinator «nobody»" in html
    assert not CPR_SHAPED.search(html)
    assert counts() == before  # the dry run wrote nothing
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.CHECKED and run.content

    response = client.post(reverse("golive_run_confirm", args=[run.pk]), follow=True)
    html = response.content.decode()
    assert "Importen er gennemført: 1 oprettet, 0 ændret, 0 uændret, 1 afvist." in html
    family = Family.objects.get(name="Familien Skovgaard")
    run.refresh_from_db()
    assert run.state == ImportRun.State.IMPORTED and run.content is None  # the file is gone
    # The report page names the family it made, and that look is logged.
    last = AuditEvent.objects.latest("pk").pk
    assert client.get(reverse("golive_run", args=[run.pk])).status_code == 200
    logged = set(
        AuditFamily.objects.filter(event_id__gt=last).values_list("family_id", flat=True)
    ) | set(
        AuditEvent.objects.filter(pk__gt=last)
        .exclude(family_id=None)
        .values_list("family_id", flat=True)
    )
    assert family.pk in logged
    # Confirming twice imports nothing more.
    response = client.post(reverse("golive_run_confirm", args=[run.pk]), follow=True)
    assert "Filen er allerede importeret eller kasseret." in response.content.decode()
    assert Family.objects.filter(name="Familien Skovgaard").count() == 1


def test_a_bad_file_gets_a_danish_message_and_nothing_is_kept(world, login):
    client = login(world.erin)
    response = _upload(client, b"navn;alder\nx;1\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ukendte kolonner: «navn», «alder»" in html
    assert not ImportRun.objects.exists()
    response = _upload(client, b"PK\x03\x04 not really a workbook", "familier.xlsx")
    assert "Filen er ikke en gyldig XLSX-fil." in response.content.decode()
    response = _upload(client, "familie;barn_cpr\n".encode("utf-16"), "familier.csv")
    assert "Filen er ikke UTF-8" in response.content.decode()


def test_discard_throws_the_file_away(world, login):
    client = login(world.frank)
    _upload(client, rows_to_csv([referred_row()]))
    run = ImportRun.objects.get()
    response = client.post(reverse("golive_run_discard", args=[run.pk]), follow=True)
    assert "Filen er kasseret" in response.content.decode()
    run.refresh_from_db()
    assert run.state == ImportRun.State.DISCARDED and run.content is None
    response = client.post(reverse("golive_run_confirm", args=[run.pk]), follow=True)
    assert not Family.objects.filter(name="Familien Bach").exists()


def test_another_centres_leader_cannot_see_or_confirm_the_run(world, login):
    _upload(login(world.erin), rows_to_csv([hansen_row(world), referred_row()]))
    run = ImportRun.objects.get()
    outsider = f.UserFactory(username="olaf", role="leader", centre=world.other_centre)
    client = login(outsider)
    assert client.get(reverse("golive_run", args=[run.pk])).status_code == 404
    assert client.post(reverse("golive_run_confirm", args=[run.pk])).status_code == 404
    assert client.post(reverse("golive_run_discard", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED
    # Their own upload page lists none of the other centre's files.
    html = client.get(reverse("golive_import")).content.decode()
    assert "familier.csv" not in html and "Ingen filer endnu." in html


def test_an_upload_only_reaches_the_uploaders_centre(world, login):
    # The other centre's leader lists the Hansen child in their own municipality: refused
    # with the neutral message, which does not say that the number is known, or where.
    outsider = f.UserFactory(username="olaf", role="leader", centre=world.other_centre)
    row = {**hansen_row(world), "kommunekode": world.other_centre.municipalities.get().code}
    row["koordinator"] = ""
    row["status"], row["indskrevet_dato"] = "Henvist", ""
    response = _upload(login(outsider), rows_to_csv([row]))
    assert response.status_code == 200
    line = ImportRun.objects.get().dry_run_report["lines"][0]
    assert line["outcome"] == "refuse" and line["family_id"] is None
    assert line["messages"] == [
        "Barnet: CPR-nummeret kan ikke registreres her. Kontakt centrets leder, hvis personen "
        "skal oprettes."
    ]


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "dave", "heidi", "ivan"])
def test_partners_and_staff_without_the_role_are_refused(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("golive_import")).status_code == 403
    response = client.post(
        reverse("golive_import"), {"file": SimpleUploadedFile("f.csv", rows_to_csv([]))}
    )
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


def test_navigation_shows_import_to_leaders_only(world, login):
    assert 'href="/import/"' in login(world.erin).get(reverse("home")).content.decode()
    assert 'href="/import/"' not in login(world.alice).get(reverse("home")).content.decode()


def test_a_day_old_dry_run_cannot_be_imported_and_its_file_is_dropped(world, login):
    import time_machine
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from indgang.golive.services import import_run_confirm

    client = login(world.erin)
    _upload(client, rows_to_csv([referred_row()]))
    run = ImportRun.objects.get()
    # (the service itself: a day later the session has long expired)
    later = timezone.now() + timezone.timedelta(days=1, minutes=1)
    with (
        time_machine.travel(later),
        pytest.raises(ValidationError, match="mere end et døgn gammel"),
    ):
        import_run_confirm(by=world.erin, run=run)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DISCARDED and run.content is None
    assert not Family.objects.filter(name="Familien Bach").exists()
    # A stale file is dropped as soon as anyone of the centre opens the import page.
    _upload(login(world.frank), rows_to_csv([referred_row()]))
    stale = ImportRun.objects.get(state=ImportRun.State.CHECKED)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        client.logout()
        assert login(world.erin).get(reverse("golive_import")).status_code == 200
    stale.refresh_from_db()
    assert stale.state == ImportRun.State.DISCARDED and stale.content is None


def test_report_page_queries_do_not_grow_with_its_lines(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.golive.helpers import run

    def families(n):
        return [
            referred_row(
                **{"ekstern_nøgle": f"K{n}-{i}", "barn_cpr": f"0206{20 + i:02d}-49{n}{i}"},
                familie=f"Familien Nr{n}x{i}",
            )
            for i in range(n)
        ]

    client = login(world.erin)
    cost = []
    for n in (1, 5):
        run(world, families(n))  # they exist, so the report names them
        _upload(client, rows_to_csv(families(n)))
        pk = ImportRun.objects.latest("pk").pk
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("golive_run", args=[pk])).status_code == 200
        cost.append(len(queries))
    assert cost[0] == cost[1], cost
