"""A status report for a date before any data: a Danish message, and nothing left behind (no
PDF or XLSX, no report or export event). The other bad input of the issue is tested where it
lives: a survey link used twice (tests/surveys/test_surveys.py), a score outside 1-6
(tests/surveys/test_status.py, test_analysis.py), an economics parameter that is not a number
(tests/reports/test_economics.py)."""

from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.reports.demo import load_kos_cohort


def test_a_status_report_before_any_data_exports_nothing(world, login):
    load_kos_cohort(centre=world.centre, by=world.erin)
    before = AuditEvent.objects.filter(object_type="report_kos_status").count()
    client = login(world.erin)
    for fmt in ("", "pdf", "xlsx"):
        response = client.get(reverse("report_kos_status"), {"on": "2019-01-01", "format": fmt})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html"), fmt
        assert "Der er ingen data før den 02.03.2020" in response.content.decode()
    assert AuditEvent.objects.filter(object_type="report_kos_status").count() == before
