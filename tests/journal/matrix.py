"""The journal export in the access matrix (see tests/matrix.py)."""

from tests.matrix import MANAGERS, family_page

ENTRIES = {
    # The coordinator and the leaders; a partner or core-team member who sees the family gets
    # 403, anyone else 404 (test_export.py also checks the download itself).
    "journal_export": family_page(MANAGERS),
}
