"""Writing to the audit log. Every service that reads or writes case data calls these."""

from collections.abc import Iterable

from django.db import transaction

from indgang.audit import context
from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson

Action = AuditEvent.Action


def audit_record(
    *,
    user,
    action: str,
    object_type: str = "",
    object_id: int | None = None,
    family_id: int | None = None,
    case_id: int | None = None,
    person_ids: Iterable[int] = (),
    family_ids: Iterable[int] = (),
    summary: str = "",
    changes: dict | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one event; the caller's address comes from the request being served.

    ``family_ids`` names further families the event concerned (a list page, a search);
    ``family_id`` is the one family a page or change is about.
    """
    authenticated = user is not None and user.is_authenticated
    with transaction.atomic():
        event = AuditEvent.objects.create(
            user=user if authenticated else None,
            username=user.get_username() if authenticated else username[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            family_id=family_id,
            case_id=case_id,
            ip_address=context.current().ip_address,
            summary=summary[:200],
            changes=changes or {},
        )
        AuditPerson.objects.bulk_create(
            AuditPerson(event=event, person_id=pid, at=event.at) for pid in sorted(set(person_ids))
        )
        others = sorted(set(family_ids) - {family_id})
        if others:
            AuditFamily.objects.bulk_create(
                AuditFamily(event=event, family_id=fid, at=event.at) for fid in others
            )
    context.note_logged(action, family_id, person_ids)
    return event


def audit_changes(old: dict, new: dict) -> dict:
    """The fields that differ, as {"field": [old, new]}, with values made JSON-safe."""
    return {
        key: [_plain(old.get(key)), _plain(new.get(key))]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_object(
    by,
    action: str,
    obj,
    *,
    case=None,
    family_id: int | None = None,
    person_ids: Iterable[int] = (),
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Log a write to a model instance, naming its family and case so the family's log shows it.

    ``case`` is any object with ``pk`` and ``family_id`` (a families.Case); the audit app
    does not import families.
    """
    if family_id is None and case is not None:
        family_id = case.family_id
    return audit_record(
        user=by,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        family_id=family_id,
        case_id=case.pk if case is not None else None,
        person_ids=person_ids,
        summary=summary,
        changes=changes,
    )
