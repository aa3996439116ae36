"""manage.py import_families: exit status 0 / 1 (lines refused) / 2 (bad file or arguments)."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indgang.families.models import Family
from indgang.golive.example import rows_to_csv, rows_to_xlsx
from tests.conftest import CPR_SHAPED
from tests.golive.helpers import counts, enrolled_row, referred_row

pytestmark = pytest.mark.django_db


def _call(*args, **kwargs):
    from io import StringIO

    out = StringIO()
    call_command("import_families", *args, stdout=out, **kwargs)
    return out.getvalue()


def _file(tmp_path, rows, fmt="csv", delimiter=";"):
    path = tmp_path / f"familier.{fmt}"
    path.write_bytes(
        rows_to_xlsx(rows) if fmt == "xlsx" else rows_to_csv(rows, delimiter=delimiter)
    )
    return str(path)


def _status(*args) -> int:
    try:
        _call(*args)
    except CommandError as error:
        return error.returncode
    return 0


def test_dry_run_then_import_then_nothing_to_do(world, tmp_path):
    path = _file(tmp_path, [enrolled_row(), referred_row()], delimiter=",")
    before = counts()
    out = _call(path, "--by", "erin", "--dry-run")
    assert "Prøvekørsel – intet er gemt: CBF" in out
    assert "Linje 2: Oprettes – Familien Skovgaard" in out
    assert counts() == before
    out = _call(path, "--by", "erin")
    assert "Linje 3: Oprettet – Familien Bach" in out
    assert "Import af familier: 2 oprettet, 0 ændret, 0 uændret, 0 afvist" in out
    data = json.loads(_call(path, "--by", "erin", "--json"))
    assert data["counts"] == {"create": 0, "change": 0, "unchanged": 2, "refuse": 0}
    assert not CPR_SHAPED.search(out + json.dumps(data))


def test_refused_lines_exit_1_and_the_rest_is_imported(world, tmp_path):
    path = _file(tmp_path, [enrolled_row(koordinator="nobody"), referred_row()], fmt="xlsx")
    with pytest.raises(CommandError) as raised:
        _call(path, "--by", "erin", "--json")
    assert raised.value.returncode == 1
    assert Family.objects.filter(name="Familien Bach").exists()


def test_bad_file_or_arguments_exit_2(world, tmp_path):
    good = _file(tmp_path, [referred_row()])
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"familie;noget\nx;y\n")
    assert _status(str(tmp_path / "missing.csv"), "--by", "erin") == 2
    assert _status(str(bad), "--by", "erin") == 2
    assert _status(good, "--by", "nobody") == 2
    assert _status(good, "--by", "alice") == 2  # a coordinator does not import
    assert _status(good, "--by", "erin", "--centre", "Andet center") == 2  # not erin's centre
    assert _status(good, "--by", "erin", "--centre", "Intet center") == 2
    assert not Family.objects.filter(name="Familien Bach").exists()


def test_a_sysadmin_without_a_centre_names_it(world, tmp_path):
    from tests import factories as f

    f.UserFactory(username="root", role="sysadmin", centre=None)
    good = _file(tmp_path, [referred_row()])
    assert _status(good, "--by", "root") == 2
    assert _status(good, "--by", "root", "--centre", "CBF") == 0
    assert Family.objects.get(name="Familien Bach").centre == world.centre


def test_missing_by_is_an_argument_error(world, tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "import_families", "x.csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "--by" in result.stderr
