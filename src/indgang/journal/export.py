"""The journal and archive export of one family's record: a ZIP of PDF/A documents, each with a
JSON index, and a manifest (docs/journal-export.md describes the format).

The PDFs are PDF/A-2b (WeasyPrint's ``pdf_variant``): fonts embedded, an sRGB output intent and
XMP metadata naming the PDF/A part and conformance, so an archive can keep them readable. The
index names the family, the case, the document type, the date, the persons the document
concerns (CPR numbers masked unless the export asks for them) and the file's SHA-256. Every
export is an audit event naming the family and each person its documents name.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from indgang.audit.services import Action, audit_record
from indgang.core.cpr import format_cpr, mask_cpr
from indgang.families.models import CoordinatorAssignment, Family
from indgang.interventions.letters import decision_letter_pdf
from indgang.journal.documents import JournalDocument, case_label, document_html, family_documents

FORMAT = "indgang-journal/1"
PDF_VARIANT = "pdf/a-2b"
PDF_VARIANT_LABEL = "PDF/A-2b"
FOLDER = "dokumenter"
STYLESHEET = Path(__file__).parent / "templates" / "journal" / "document.css"


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"The journal export loads no external resources: {url}")


def render_pdfa(html: str) -> bytes:
    from weasyprint import CSS, HTML  # imported on use: it is slow to load

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))],
        pdf_variant=PDF_VARIANT,
    )


def document_pdf(document: JournalDocument, *, family: Family, coordinators: dict) -> bytes:
    """The document as PDF/A: a decision is its letter; the rest use the journal template."""
    if document.decision is not None:
        try:
            return decision_letter_pdf(
                document.decision,
                coordinator=coordinators.get(document.case.pk),
                pdf_variant=PDF_VARIANT,
            )
        except LookupError:  # no active letter template: the decision as registered
            pass
    return render_pdfa(document_html(document, family=family))


@dataclass
class JournalExport:
    filename: str
    data: bytes
    manifest: dict
    documents: list[JournalDocument]


def _person(person, include_cpr: bool) -> dict:
    cpr = person.cpr or ""
    return {
        "id": person.pk,
        "name": person.full_name,
        "relation": str(person.get_relation_display()),
        "cpr": format_cpr(cpr) if include_cpr else mask_cpr(cpr),
    }


def _index(document, *, family, include_cpr, sha256, size) -> dict:
    case = document.case
    return {
        "format": FORMAT,
        "title": document.title,
        "document_type": document.document_type,
        "document_type_label": document.type_label,
        "date": document.on.isoformat(),
        "case": {
            "id": case_label(case),
            "system": "Indgang",
            "status": str(case.get_status_display()),
            "referred_on": case.referred_on.isoformat(),
            "enrolled_on": case.enrolled_on.isoformat() if case.enrolled_on else None,
            "discharged_on": case.discharged_on.isoformat() if case.discharged_on else None,
        },
        "family": {
            "id": family.pk,
            "name": family.name,
            "municipality": family.municipality.name,
            "municipality_code": family.municipality.code,
        },
        "persons": [_person(p, include_cpr) for p in document.persons],
        "file": document.filename,
        "media_type": "application/pdf",
        "pdf_variant": PDF_VARIANT_LABEL,
        "sha256": sha256,
        "size": size,
        "source": {"model": document.source_model, "ids": document.source_ids},
    }


def _coordinators(family: Family) -> dict:
    """Each case's current coordinator, named in the decision letters."""
    return {
        a.case_id: a.coordinator
        for a in CoordinatorAssignment.objects.filter(
            case__family=family, ended_on__isnull=True
        ).select_related("coordinator")
    }


def _zipinfo(name: str, at: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=timezone.localtime(at).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def journal_export(
    *, by, family: Family, include_cpr: bool = False, system_name: str = ""
) -> JournalExport:
    """The family's record as a ZIP for the journal system; ``by`` is None for a batch run,
    which is logged under ``system_name``. The caller has found the family through the access
    policy (``family_for``) or is the operator running the management command."""
    if by is not None and not by.has_perm("families.manage_case", family):
        raise PermissionDenied
    generated_at = timezone.now()
    documents = family_documents(family)
    coordinators = _coordinators(family)
    buffer = io.BytesIO()
    entries = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(documents, start=1):
            model = document.source_model.split(".")[1]
            stem = f"{number:03d}-{document.document_type}-{model}-{document.source_ids[0]}"
            document.filename = f"{stem}.pdf"
            pdf = document_pdf(document, family=family, coordinators=coordinators)
            sha256 = hashlib.sha256(pdf).hexdigest()
            index = _index(
                document, family=family, include_cpr=include_cpr, sha256=sha256, size=len(pdf)
            )
            archive.writestr(_zipinfo(f"{FOLDER}/{document.filename}", generated_at), pdf)
            archive.writestr(
                _zipinfo(f"{FOLDER}/{stem}.json", generated_at),
                json.dumps(index, ensure_ascii=False, indent=2),
            )
            entries.append(
                {
                    "file": f"{FOLDER}/{document.filename}",
                    "index": f"{FOLDER}/{stem}.json",
                    "sha256": sha256,
                    "title": document.title,
                    "document_type": document.document_type,
                    "date": document.on.isoformat(),
                    "case": case_label(document.case),
                }
            )
        manifest = {
            "format": FORMAT,
            "generated_at": generated_at.isoformat(timespec="seconds"),
            "generated_by": by.get_username() if by is not None else system_name,
            "family": {
                "id": family.pk,
                "name": family.name,
                "municipality": family.municipality.name,
                "municipality_code": family.municipality.code,
            },
            "cpr": "full" if include_cpr else "masked",
            "pdf_variant": PDF_VARIANT_LABEL,
            "document_count": len(entries),
            "documents": entries,
        }
        archive.writestr(
            _zipinfo("manifest.json", generated_at),
            json.dumps(manifest, ensure_ascii=False, indent=2),
        )
    person_ids = {p.pk for d in documents for p in d.persons} | set(
        family.members.values_list("pk", flat=True)
    )
    audit_record(
        user=by,
        username=system_name,
        action=Action.EXPORT,
        object_type="journal_export",
        object_id=family.pk,
        family_id=family.pk,
        person_ids=person_ids,
        summary=f"Journaludtræk til journal og arkiv: {len(entries)} dokumenter"
        + (", CPR-numre i indekset" if include_cpr else ""),
    )
    stamp = timezone.localdate(generated_at).strftime("%Y%m%d")
    return JournalExport(
        filename=f"journaludtraek-familie-{family.pk}-{stamp}.zip",
        data=buffer.getvalue(),
        manifest=manifest,
        documents=documents,
    )
