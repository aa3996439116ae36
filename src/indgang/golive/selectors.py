"""Reads of the go-live import: the centre's runs, and the families a report shows."""

from django.db.models import QuerySet
from django.http import Http404

from indgang.families.models import Family
from indgang.golive.access import may_import
from indgang.golive.models import ImportRun


def import_runs_for(*, user) -> QuerySet[ImportRun]:
    if not user.centre_id or not may_import(user, user.centre):
        return ImportRun.objects.none()
    return (
        ImportRun.objects.filter(centre_id=user.centre_id)
        .select_related("uploaded_by")
        .defer("content")
    )


def import_run_for(*, user, pk: int) -> ImportRun:
    """Another centre's run answers like a missing one."""
    run = ImportRun.objects.filter(pk=pk, centre_id=user.centre_id).first()
    if run is None or not user.centre_id or not may_import(user, user.centre):
        raise Http404
    return run


def families_in_report(*, run: ImportRun, report: dict) -> list[Family]:
    """The centre's families a report names (for the read log): still there, still the centre's."""
    ids = {line.get("family_id") for line in report.get("lines", []) if line.get("family_id")}
    if not ids:
        return []
    return list(Family.objects.filter(pk__in=ids, centre_id=run.centre_id).only("id", "name"))
