"""Noting what a page shows, so every look at a family or a person is logged.

A view or selector calls ``note_family`` / ``note_families`` / ``note_persons`` for what it
shows. At the end of the request ``flush`` writes one read event naming whatever an explicit
event (``audit_record`` with action view, export or search) has not already named. Outside
a request (commands, tasks) nothing is noted: those write their own events.
"""

from collections.abc import Iterable

from indgang.audit import context
from indgang.audit.models import AuditEvent


def note_family(family_id: int, person_ids: Iterable[int] | None = None) -> None:
    """This page shows the family; ``person_ids`` None means the whole household."""
    reads = context.current().reads
    if reads is None:
        return
    if person_ids is None:
        reads.families[family_id] = None
    elif reads.families.get(family_id, set()) is not None:
        reads.families.setdefault(family_id, set()).update(person_ids)


def note_families(family_ids: Iterable[int], person_ids: Iterable[int] = ()) -> None:
    """A list shows these families, and by name these persons."""
    reads = context.current().reads
    if reads is None:
        return
    for family_id in family_ids:
        reads.families.setdefault(family_id, set())
    reads.persons.update(person_ids)


def note_persons(person_ids: Iterable[int]) -> None:
    reads = context.current().reads
    if reads is not None:
        reads.persons.update(person_ids)


def flush(*, user, page: str) -> AuditEvent | None:
    """Write the one read event for what the page showed and nothing else has named."""
    from indgang.audit.services import Action, audit_record

    reads = context.current().reads
    if not reads or user is None or not user.is_authenticated:
        return None
    families = {fid: p for fid, p in reads.families.items() if fid not in reads.logged_families}
    whole = [fid for fid, persons in families.items() if persons is None]
    person_ids = set(reads.persons)
    for members in context.household_members(whole).values():
        person_ids.update(members)
    for persons in families.values():
        person_ids.update(persons or ())
    person_ids -= reads.logged_persons
    if not families and not person_ids:
        return None
    family_ids = sorted(families)
    # A family's own page names it as the event's family; a list names its rows as a set
    # (so a list costs the same queries whether it shows one family or many).
    single = family_ids[0] if len(family_ids) == 1 and whole else None
    return audit_record(
        user=user,
        action=Action.VIEW,
        object_type="page",
        family_id=single,
        family_ids=family_ids,
        person_ids=person_ids,
        summary=page,
    )
