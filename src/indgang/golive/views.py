"""The go-live import pages: upload, see the dry run line by line, import or discard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from indgang.core.forms import apply_validation_error
from indgang.families.reads import note_shown
from indgang.golive import selectors, services
from indgang.golive.columns import COLUMNS, MAX_BYTES
from indgang.golive.forms import UploadForm
from indgang.golive.importer import OUTCOMES
from indgang.golive.models import ImportRun


def _require(user) -> None:
    if not user.has_perm("golive.import_families"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    _require(request.user)
    services.import_runs_discard_stale(centre=request.user.centre)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", "Filen er for stor (højst 5 MB).")
        else:
            try:
                run = services.import_run_check(
                    by=request.user, file_name=upload.name, content=upload.read()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("golive_run", import_run_id=run.pk)
    runs = list(selectors.import_runs_for(user=request.user)[:20])
    return render(
        request,
        "golive/import.html",
        {"form": form, "runs": runs, "columns": COLUMNS, "centre": request.user.centre},
    )


def _lines(report: dict, dry_run: bool) -> list[dict]:
    column = 0 if dry_run else 1
    return [
        {**line, "label": OUTCOMES[line["outcome"]][column]} for line in report.get("lines", [])
    ]


@login_required
def run_detail(request, import_run_id: int):
    _require(request.user)
    run = selectors.import_run_for(user=request.user, pk=import_run_id)
    imported = run.state == ImportRun.State.IMPORTED
    report = run.report if imported else run.dry_run_report
    families = selectors.families_in_report(run=run, report=report)
    note_shown(families)
    return render(
        request,
        "golive/run.html",
        {
            "run": run,
            "report": report,
            "lines": _lines(report, dry_run=not imported),
            "imported": imported,
            "pending": run.state == ImportRun.State.CHECKED,
        },
    )


@login_required
@require_POST
def run_confirm(request, import_run_id: int):
    _require(request.user)
    run = selectors.import_run_for(user=request.user, pk=import_run_id)
    try:
        run = services.import_run_confirm(by=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        counts = run.report["counts"]
        messages.success(
            request,
            f"Importen er gennemført: {counts['create']} oprettet, {counts['change']} ændret, "
            f"{counts['unchanged']} uændret, {counts['refuse']} afvist.",
        )
    return redirect("golive_run", import_run_id=run.pk)


@login_required
@require_POST
def run_discard(request, import_run_id: int):
    _require(request.user)
    run = selectors.import_run_for(user=request.user, pk=import_run_id)
    services.import_run_discard(by=request.user, run=run)
    messages.info(request, "Filen er kasseret; intet er importeret.")
    return redirect("golive_import")
