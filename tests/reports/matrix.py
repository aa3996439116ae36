"""The reports pages in the access matrix (see tests/matrix.py): leaders and project leaders."""

from tests.matrix import LEADERS, MANAGERS, Entry, family_page

ENTRIES = {
    "report_economics": Entry(allowed=LEADERS),
}
ENTRIES["report_kos_status"] = Entry(allowed=LEADERS)
ENTRIES["report_expenditure_development"] = Entry(allowed=LEADERS)
ENTRIES["report_dashboard"] = Entry(allowed=LEADERS)
ENTRIES["report_dashboard_cases"] = Entry(allowed=LEADERS)
ENTRIES["daycare_attachments"] = family_page(MANAGERS)
