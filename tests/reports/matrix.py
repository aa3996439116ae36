"""The reports pages in the access matrix (see tests/matrix.py): leaders and project leaders."""

from tests.matrix import LEADERS, Entry

ENTRIES = {
    "report_economics": Entry(allowed=LEADERS),
}
ENTRIES["report_kos_status"] = Entry(allowed=LEADERS)
ENTRIES["report_expenditure_development"] = Entry(allowed=LEADERS)
ENTRIES["report_dashboard"] = Entry(allowed=LEADERS)
