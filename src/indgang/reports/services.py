"""Writes of the reports app: a child's day care or school."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from indgang.audit.services import Action, audit_record
from indgang.families.models import Person
from indgang.reports.models import DaycareAttachment


def attachment_record(
    *, person: Person, kind: str, started_on: date, institution: str = "", by
) -> DaycareAttachment:
    """The child starts in a day care or school; a current place ends the day before (a
    change of day care or school). Nothing is saved if the start is not after the current
    place's start."""
    if person.relation != Person.Relation.CHILD:
        raise ValidationError({"child": "Kun et barn kan have en plads i dagtilbud eller skole."})
    with transaction.atomic():
        current = (
            DaycareAttachment.objects.select_for_update()
            .filter(person=person, ended_on__isnull=True)
            .order_by("-started_on")
            .first()
        )
        if current and started_on <= current.started_on:
            raise ValidationError(
                {
                    "started_on": "Den nye plads skal starte efter den nuværende plads' start "
                    f"({current.started_on:%d.%m.%Y})."
                }
            )
        if current:
            current.ended_on = started_on - timedelta(days=1)
            current.full_clean()
            current.save(update_fields=["ended_on"])
        attachment = DaycareAttachment(
            person=person, kind=kind, institution=institution, started_on=started_on
        )
        attachment.full_clean()
        attachment.save()
        audit_record(
            user=by,
            action=Action.CREATE,
            object_type="daycareattachment",
            object_id=attachment.pk,
            family_id=person.family_id,
            person_ids=[person.pk],
            summary="Tilknytning til dagtilbud eller skole registreret",
            changes={"kind": [current.kind if current else None, kind]},
        )
    return attachment


def attachment_end(*, attachment: DaycareAttachment, ended_on: date, by) -> DaycareAttachment:
    """The child leaves the place without a new one."""
    if attachment.ended_on is not None:
        raise ValidationError({"attachment": "Pladsen er allerede afsluttet."})
    if ended_on < attachment.started_on:
        raise ValidationError(
            {
                "ended_on": "Slutdatoen kan ikke ligge før pladsens start "
                f"({attachment.started_on:%d.%m.%Y})."
            }
        )
    with transaction.atomic():
        old = attachment.ended_on
        attachment.ended_on = ended_on
        attachment.full_clean()
        attachment.save(update_fields=["ended_on"])
        audit_record(
            user=by,
            action=Action.CHANGE,
            object_type="daycareattachment",
            object_id=attachment.pk,
            family_id=attachment.person.family_id,
            person_ids=[attachment.person_id],
            summary="Tilknytning til dagtilbud eller skole afsluttet",
            changes={"ended_on": [str(old) if old else None, str(ended_on)]},
        )
    return attachment
