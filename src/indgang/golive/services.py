"""Writes of the go-live import: checking an uploaded file, importing it, discarding it."""

import hashlib
import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.services import Action, audit_changes, audit_object
from indgang.core.services import save_validated
from indgang.families.models import Case
from indgang.golive.access import may_import
from indgang.golive.columns import FileRefused, read_file
from indgang.golive.importer import import_families
from indgang.golive.models import ImportRun

# A dry run may be confirmed for a day; after that the file is thrown away unread.
CONFIRM_WITHIN = timedelta(days=1)
_CPR_SHAPED = re.compile(r"\d{6}-?\d{4}")


def safe_file_name(name: str) -> str:
    """The uploaded file's name without anything shaped like a CPR number."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _CPR_SHAPED.sub("xxxxxx-xxxx", name)[:200] or "fil"


def import_runs_discard_stale(*, centre) -> int:
    """Throw away files whose dry run is more than a day old (they hold CPR numbers)."""
    cutoff = timezone.now() - CONFIRM_WITHIN
    return ImportRun.objects.filter(
        centre=centre, state=ImportRun.State.CHECKED, uploaded_at__lt=cutoff
    ).update(state=ImportRun.State.DISCARDED, content=None)


def import_run_check(*, by, file_name: str, content: bytes) -> ImportRun:
    """Read the file and run the import as a dry run; keep the file until confirmed."""
    centre = by.centre
    if not may_import(by, centre):
        raise ValidationError(_("Du kan ikke importere familier til dette center."))
    try:
        sheet = read_file(content, file_name)
    except FileRefused as refused:
        raise ValidationError({"file": str(refused)}) from None
    report = import_families(by=by, centre=centre, sheet=sheet, dry_run=True)
    with transaction.atomic():
        import_runs_discard_stale(centre=centre)
        # One pending file per person: a new upload replaces the one not yet confirmed.
        ImportRun.objects.filter(
            centre=centre, uploaded_by=by, state=ImportRun.State.CHECKED
        ).update(state=ImportRun.State.DISCARDED, content=None)
        run = save_validated(
            ImportRun(
                centre=centre,
                uploaded_by=by,
                file_name=safe_file_name(file_name),
                file_format="xlsx" if content[:4] == b"PK\x03\x04" else "csv",
                content=content,
                dry_run_report=report.as_dict(),
            )
        )
        audit_object(
            by,
            Action.CREATE,
            run,
            summary=f"Importfil prøvekørt ({hashlib.sha256(content).hexdigest()[:12]})",
        )
    return run


def import_run_confirm(*, by, run: ImportRun) -> ImportRun:
    """Import the file that was dry-run; what has changed since is checked again, line by line."""
    if not may_import(by, run.centre):
        raise ValidationError(_("Du kan ikke importere familier til dette center."))
    if run.state != ImportRun.State.CHECKED or run.content is None:
        raise ValidationError(_("Filen er allerede importeret eller kasseret."))
    if run.uploaded_at < timezone.now() - CONFIRM_WITHIN:
        import_run_discard(by=by, run=run)
        raise ValidationError(_("Prøvekørslen er mere end et døgn gammel. Upload filen igen."))
    try:
        sheet = read_file(bytes(run.content), run.file_name)
    except FileRefused as refused:
        raise ValidationError(str(refused)) from None
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.state != ImportRun.State.CHECKED:
            raise ValidationError(_("Filen er allerede importeret eller kasseret."))
        report = import_families(by=by, centre=run.centre, sheet=sheet, dry_run=False)
        run.state = ImportRun.State.IMPORTED
        run.report = report.as_dict()
        run.content = None
        run.imported_at = timezone.now()
        save_validated(run)
        audit_object(by, Action.CHANGE, run, summary=report.summary())
    return run


def import_run_discard(*, by, run: ImportRun) -> ImportRun:
    if run.state != ImportRun.State.CHECKED:
        return run
    run.state = ImportRun.State.DISCARDED
    run.content = None
    with transaction.atomic():
        save_validated(run)
        audit_object(by, Action.CHANGE, run, summary="Importfil kasseret")
    return run


def case_details_update(*, by, case: Case, data: dict) -> Case:
    """The case's free-text and number fields the import may correct (families.services has
    no service for them): who referred the family and the prior case length."""
    allowed = {"referral_source", "prior_case_months"}
    if set(data) - allowed:
        raise ValidationError(_("Kun henviser og forudgående sagslængde kan rettes her."))
    before = {name: getattr(case, name) for name in data}
    for name, value in data.items():
        setattr(case, name, value)
    with transaction.atomic():
        save_validated(case)
        changes = audit_changes(before, {name: getattr(case, name) for name in data})
        if changes:
            audit_object(
                by, Action.CHANGE, case, case=case, summary="Rettet ved import", changes=changes
            )
    return case
