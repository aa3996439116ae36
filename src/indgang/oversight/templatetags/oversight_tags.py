"""The log in the users' words on the oversight pages: Danish field and term names."""

from django import template

from indgang.audit.models import AuditEvent, SpotCheck
from indgang.audit.templatetags.audit_tags import changed_fields as _changed_fields

register = template.Library()

_TERMS = {
    "user": "medarbejder nr.",
    "action": "handling",
    "date_from": "fra dato",
    "date_to": "til dato",
    "person": "person nr.",
    "family": "familie nr.",
    "cpr": "CPR-nummer",
    "navn": "navn",
    "page": "side",
}
_ACTIONS = dict(AuditEvent.Action.choices)
# Fields the models name without a Danish verbose name.
_EXTRA_FIELDS = {"spotcheck": {"verdict": "vurdering", "event": "opslag"}}
_VERDICTS = dict(SpotCheck.Verdict.choices)


@register.filter
def search_terms(event) -> str:
    """ "handling: Visning, CPR-nummer: 010203-xxxx" for a logged search (CPR already masked)."""
    terms = (event.changes or {}).get("terms") or {}
    if not isinstance(terms, dict):
        return ""
    parts = []
    for key, value in terms.items():
        if key == "action":
            value = _ACTIONS.get(value, value)
        parts.append(f"{_TERMS.get(key, key)}: {value}")
    return ", ".join(parts)


@register.filter
def changed_fields(event) -> str:
    extra = _EXTRA_FIELDS.get(event.object_type)
    if not extra:
        return _changed_fields(event)
    return ", ".join(extra.get(name, name) for name in event.changes)


@register.filter
def verdict_label(value: str) -> str:
    return str(_VERDICTS.get(value, value))


@register.filter
def family_label(family_id, names) -> str:
    """The family's name for those who may see it, else its number only."""
    if not family_id:
        return "–"
    name = (names or {}).get(family_id)
    return f"{name} (nr. {family_id})" if name else f"nr. {family_id}"


@register.filter
def subject_value(row: dict, name: str) -> str:
    """One exported value as the PDF shows it: a related row by its text, yes/no in Danish."""
    value = row.get(name)
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("tekst", ""))
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, str) and len(value) > 19 and value[10:11] == "T" and value[:4].isdigit():
        return iso_stamp(value)  # a time as the exporter wrote it (local time, ISO 8601)
    return str(value)


@register.filter
def iso_stamp(value: str) -> str:
    """ "2026-11-23T10:15:00+01:00" as "2026-11-23 10:15"."""
    return str(value)[:16].replace("T", " ")


@register.filter
def value_jump_reason(event) -> str:
    """The reason stated for a value jump, in the words the user chose, with their note."""
    from indgang.families.models import ValueJump

    changes = event.changes or {}
    code = changes.get("reason") or ""
    reason = str(dict(ValueJump.Reason.choices).get(code, code))
    explanation = changes.get("explanation") or ""
    return " – ".join(part for part in (reason, explanation) if part) or "–"
