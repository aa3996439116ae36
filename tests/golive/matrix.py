"""The go-live import pages in the access matrix (see tests/matrix.py): the centre's leaders
and its system administrator; everyone else 403, another centre's run 404."""

from indgang.golive.example import rows_to_csv
from tests.matrix import LEADERS, Entry

IMPORTERS = LEADERS | {"grace"}

ENTRIES = {
    "golive_import": Entry(allowed=IMPORTERS),
    "golive_run": Entry(allowed=IMPORTERS, kwargs="import_run"),
    # The first importer imports; the others are sent back to the report with a message.
    "golive_run_confirm": Entry(allowed=IMPORTERS, kwargs="import_run", method="post", ok=302),
    "golive_run_discard": Entry(allowed=IMPORTERS, kwargs="import_run", method="post", ok=302),
}


def hansen_row(world) -> dict:
    """The world's Hansen family as the old system would list it."""
    case = world.case
    return {
        "familie": world.family.name,
        "kommunekode": world.family.municipality.code,
        "barn_cpr": world.child.cpr,
        "barn_fornavn": world.child.first_name,
        "barn_efternavn": world.child.last_name,
        "status": "Indskrevet",
        "henvist_dato": case.referred_on,
        "indskrevet_dato": case.enrolled_on,
        "koordinator": world.alice.username,
    }


def objects(world) -> dict:
    from indgang.golive.services import import_run_check

    run = import_run_check(
        by=world.erin, file_name="familier.csv", content=rows_to_csv([hansen_row(world)])
    )
    return {"import_run": run}
