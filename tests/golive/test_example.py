"""The example files in docs/ are what the example module makes, and they import cleanly."""

import re
from pathlib import Path

import pytest

from indgang.golive.columns import COLUMNS, read_file, text
from indgang.golive.example import ROWS, rows_to_csv
from indgang.golive.importer import import_families
from tests import factories as f

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_committed_csv_is_the_generated_one():
    assert (DOCS / "import-example.csv").read_bytes() == rows_to_csv(ROWS)


def test_committed_xlsx_holds_the_same_rows_as_the_csv():
    from_csv = read_file((DOCS / "import-example.csv").read_bytes(), "x.csv")
    from_xlsx = read_file((DOCS / "import-example.xlsx").read_bytes(), "x.xlsx")
    assert len(from_xlsx.rows) == len(ROWS)

    def plain(sheet):
        return [{k: text(v) for k, v in values.items()} for _n, values in sheet.rows]

    assert plain(from_xlsx) == plain(from_csv)


def test_every_column_is_documented_and_linked():
    guide = (DOCS / "import.md").read_text()
    documented = set(re.findall(r"^\| `([^`]+)`", guide, re.M))
    for column in COLUMNS:
        if column.name.startswith("forælder2_"):
            continue  # "som forælder 1"
        assert column.name in documented, column.name
    readme = (DOCS.parent / "README.md").read_text()
    assert "docs/import.md" in readme
    assert "import.md" in (DOCS / "operations.md").read_text()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["import-example.csv", "import-example.xlsx"])
def test_example_imports_into_a_centre_like_the_demo(world, name):
    world.centre.name = "Center for Børn og Forebyggelse"
    world.centre.save()
    f.UserFactory(username="koordinator", role="coordinator", centre=world.centre)
    f.UserFactory(
        username="koordinator2",
        email="koordinator2@indgang.invalid",
        role="coordinator",
        centre=world.centre,
    )
    sheet = read_file((DOCS / name).read_bytes(), name)
    report = import_families(by=world.erin, centre=world.centre, sheet=sheet, dry_run=False)
    assert report.counts() == {"create": 4, "change": 0, "unchanged": 0, "refuse": 0}, (
        report.as_dict()
    )
    again = import_families(by=world.erin, centre=world.centre, sheet=sheet, dry_run=False)
    assert again.counts()["unchanged"] == 4
