"""Any cell, of any type a spreadsheet can hold: a report line (saved, or refused in Danish
with nothing half-saved), never a crash, never a CPR number in the report."""

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indgang.golive.columns import COLUMNS, Sheet
from indgang.golive.importer import OUTCOMES, import_families
from tests.conftest import CPR_SHAPED
from tests.golive.helpers import counts, enrolled_row

pytestmark = pytest.mark.django_db

cells = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["", "ja", "nej", "Indskrevet", "183", "alice", "31.02.2025", "0101011234"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
)
names = st.sampled_from([column.name for column in COLUMNS])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(names, cells, min_size=1, max_size=6))
def test_fuzzed_cells(world, changes):
    values = {**enrolled_row(), **changes}
    before = counts()
    sheet = Sheet(columns=list(values), rows=[(2, values)])
    report = import_families(by=world.erin, centre=world.centre, sheet=sheet, dry_run=False)
    (line,) = report.lines
    assert line.outcome in OUTCOMES
    if line.outcome == "refuse":
        assert line.messages and all(isinstance(m, str) and m for m in line.messages)
        assert counts() == before, line.messages
    assert not CPR_SHAPED.search(str(report.as_dict())), report.as_dict()
