"""The subject-access export: everything Indgang holds on one person, and who looked at it.

The registered person's right of access (GDPR art. 15) covers the data itself and the
recipients it was disclosed to; Danish practice adds when and why it was looked up. The
export is one ZIP with a PDF for reading and a JSON file for machines.

What it holds is read generically, so an app added above the domain apps is covered without
registering anything: the person, their family, the family's cases, and every row of the
project's apps that points (by a foreign key, through any chain) at one of those — consents,
contacts, meetings and their participants, plans and goals, applications, decisions, grants.
Other members of the household appear only by name where a row names them; their own
person records are not exported. The DPO reviews the export before handing it over (other
persons' information may have to be left out, databeskyttelsesloven § 22).

The log part is every audit event naming the person or concerning their family, with the
reason given for each value jump. The export itself is logged (action ``export``).
"""

import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson
from indgang.audit.services import Action, audit_record
from indgang.core.cpr import mask_cpr
from indgang.families.models import Case, Family, Person, ValueJump

# Apps whose rows are not case data: the log itself (exported as the log), the desk, sign-in.
SKIPPED_APPS = {"audit", "oversight", "signin"}
# The value jumps are in the log part, with their reasons.
SKIPPED_MODELS = {ValueJump}
# Secrets and tokens never leave the system, not even to the person they belong to.
SKIPPED_FIELD_WORDS = ("token", "secret", "password", "key_hash")
FORMAT = "indgang-indsigt/1"


@dataclass
class Section:
    label: str  # the model's Danish plural, for the PDF
    model: str  # "app_label.model", for machines
    columns: list[tuple[str, str]]  # (field name, Danish label)
    rows: list[dict] = field(default_factory=list)


@dataclass
class SubjectAccess:
    person: Person
    generated_at: datetime
    sections: list[Section]
    log: list[dict]

    def as_json(self) -> dict:
        return {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "person_id": self.person.pk,
            "sections": [
                {"model": s.model, "label": s.label, "rows": s.rows} for s in self.sections
            ],
            "access_log": self.log,
        }


def _case_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("indgang.")
        and model._meta.app_label not in SKIPPED_APPS
        and model not in SKIPPED_MODELS
    ]


def _collect(person: Person) -> dict[type[models.Model], set[int]]:
    """The primary keys of every row concerning the person, model by model."""
    found: dict[type[models.Model], set[int]] = {
        Person: {person.pk},
        Family: {person.family_id},
        Case: set(Case.objects.filter(family_id=person.family_id).values_list("pk", flat=True)),
    }
    candidates = [m for m in _case_models() if m not in found]
    changed = True
    while changed:  # a fixed point: rows pointing at rows already found, through any chain
        changed = False
        for model in candidates:
            condition = Q()
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model in found and found[f.related_model]:
                    condition |= Q(**{f"{f.name}__in": found[f.related_model]})
            if not condition:
                continue
            pks = set(model._default_manager.filter(condition).values_list("pk", flat=True))
            if not pks <= found.get(model, set()):
                found[model] = found.get(model, set()) | pks
                changed = True
    return found


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _columns(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not any(word in f.name for word in SKIPPED_FIELD_WORDS)
    ]


def _section(model, pks: set[int], subject: Person, labels: dict) -> Section:
    fields = _columns(model)
    section = Section(
        label=str(model._meta.verbose_name_plural),
        model=model._meta.label_lower,
        columns=[(f.name, str(f.verbose_name)) for f in fields],
    )
    for obj in model._default_manager.filter(pk__in=pks).order_by("pk"):
        row = {}
        for f in fields:
            value = getattr(obj, f.attname)
            if f.is_relation and value is not None:
                key = (f.related_model, value)
                if key not in labels:
                    related = f.related_model._default_manager.filter(pk=value).first()
                    labels[key] = _label(related)
                value = {"id": value, "tekst": labels[key]}
            elif f.choices and value not in (None, ""):
                value = str(dict(f.flatchoices).get(value, value))
            elif f.name == "cpr" and value:
                value = mask_cpr(value)
            elif isinstance(f, models.FileField):
                value = value.name if value else ""
            row[f.name] = _plain(value)
        section.rows.append(row)
    return section


def _label(obj) -> str:
    if obj is None:
        return ""
    if isinstance(obj, Person):
        return obj.full_name
    full_name = getattr(obj, "get_full_name", None)
    if callable(full_name):
        return full_name() or obj.get_username()
    return str(obj)


def _log(person: Person) -> list[dict]:
    """Every event naming the person or concerning their family, oldest first."""
    named = AuditPerson.objects.filter(person_id=person.pk).values("event_id")
    listed = AuditFamily.objects.filter(family_id=person.family_id).values("event_id")
    events = (
        AuditEvent.objects.filter(
            Q(pk__in=named) | Q(family_id=person.family_id) | Q(pk__in=listed)
        )
        .select_related("user")
        .order_by("at", "pk")
    )
    reasons = dict(ValueJump.Reason.choices)
    actions = dict(AuditEvent.Action.choices)
    log = []
    for event in events:
        entry = {
            "tidspunkt": timezone.localtime(event.at).isoformat(),
            "medarbejder": _label(event.user) if event.user else event.username,
            "rolle": event.user.get_role_display() if event.user else "",
            "handling": str(actions.get(event.action, event.action)),
            "beskrivelse": event.summary,
            "begrundelse": "",
        }
        if event.action == AuditEvent.Action.VALUE_JUMP:
            changes = event.changes or {}
            reason = str(reasons.get(changes.get("reason"), changes.get("reason") or ""))
            explanation = changes.get("explanation") or ""
            entry["begrundelse"] = " – ".join(part for part in (reason, explanation) if part)
        log.append(entry)
    return log


def subject_access_for(*, user, person: Person) -> SubjectAccess:
    """What the export holds. ``person`` comes from ``person_in_tenancy(user=...)``."""
    found = _collect(person)
    labels: dict = {}
    order = {config.label: i for i, config in enumerate(apps.get_app_configs())}
    first = {Person: 0, Family: 1, Case: 2}  # the person, then their family and cases

    def position(model):
        return (first.get(model, 3), order.get(model._meta.app_label, 0), model._meta.model_name)

    sections = [
        _section(model, pks, person, labels)
        for model, pks in sorted(found.items(), key=lambda item: position(item[0]))
        if pks
    ]
    return SubjectAccess(
        person=person, generated_at=timezone.now(), sections=sections, log=_log(person)
    )


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"The subject-access PDF loads no external resources: {url}")


def render_pdf(access: SubjectAccess) -> bytes:
    from weasyprint import HTML  # imported on use: it is slow to load

    html = render_to_string("oversight/subject_access_pdf.html", {"access": access})
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def subject_access_export(*, by, person: Person) -> tuple[str, bytes]:
    """The ZIP (file name, bytes) for one person in ``by``'s tenancy; the export is logged.

    The file name is neutral (no name, no CPR number): the date only.
    """
    access = subject_access_for(user=by, person=person)
    pdf = render_pdf(access)
    data = json.dumps(access.as_json(), ensure_ascii=False, indent=2).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("indsigt.pdf", pdf)
        archive.writestr("indsigt.json", data)
    counts = defaultdict(int)
    for section in access.sections:
        counts[section.model] += len(section.rows)
    with transaction.atomic():
        audit_record(
            user=by,
            action=Action.EXPORT,
            object_type="person",
            object_id=person.pk,
            family_id=person.family_id,
            person_ids=[person.pk],
            summary="Indsigtsudtræk (den registreredes indsigtsret)",
            changes={"rows": dict(counts), "log_entries": len(access.log)},
        )
    stamp = timezone.localdate(access.generated_at).isoformat()
    return f"indsigtsudtraek-{stamp}.zip", buffer.getvalue()
