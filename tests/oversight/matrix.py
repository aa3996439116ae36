"""The oversight pages in the access matrix (see tests/matrix.py); the audit search and
spot-check pages keep their entries in tests/matrix.py CORE_ENTRIES."""

from tests.matrix import LEADERS, Entry

OVERSEERS = LEADERS | {"heidi"}

ENTRIES = {
    "who_has_seen": Entry(allowed=OVERSEERS),
    "spot_check_report": Entry(allowed=OVERSEERS),
}
