"""Custody per child and membership of a second household (a parent living apart).

Custody (forældremyndighed) is a row per child and guardian (``Custody``); the old
``Person.has_custody`` flag is derived from the rows (custody of at least one child) and kept
here. A person has one record and one CPR number; a parent who lives in another household is
added to the child's household as a member (``HouseholdMembership``) instead of twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from indgang.audit.services import Action, audit_object
from indgang.core.cpr import parse_cpr
from indgang.families.models import Custody, Family, HouseholdMembership, Person

GUARDIANS = (Person.Relation.PARENT, Person.Relation.GUARDIAN)
CHILDREN = (Person.Relation.CHILD, Person.Relation.SIBLING)


# --- Reads -------------------------------------------------------------------------------


def household_members(family: Family) -> QuerySet[Person]:
    """Everyone in the household: its own members and those who also belong here."""
    return Person.objects.filter(
        Q(family=family) | Q(pk__in=family.other_members.values("person_id"))
    ).order_by("relation", "birth_date", "first_name", "pk")


def custodians_of_family(family: Family) -> QuerySet[Person]:
    """Parents and guardians with custody of at least one child of this household."""
    return (
        Person.objects.filter(relation__in=GUARDIANS)
        .filter(Exists(Custody.objects.filter(guardian=OuterRef("pk"), child__family=family)))
        .order_by("first_name", "pk")
    )


def has_custody_in(person: Person, family: Family | int) -> bool:
    family_id = family if isinstance(family, int) else family.pk
    return Custody.objects.filter(guardian=person, child__family_id=family_id).exists()


def guardian_choices(child: Person) -> QuerySet[Person]:
    """Who can hold custody of the child: the parents and guardians of its household."""
    return household_members(child.family).filter(relation__in=GUARDIANS)


def custody_by_person(members: list[Person]) -> dict[int, list[Person]]:
    """For a page: each member's custody, both ways (children of a guardian, guardians of a
    child), in one query."""
    known = {m.pk: m for m in members}
    pairs = list(
        Custody.objects.filter(Q(child_id__in=known) | Q(guardian_id__in=known))
        .order_by("child_id", "guardian_id")
        .values_list("child_id", "guardian_id")
    )
    # The members are at hand; only a guardian or child from outside the page is read.
    missing = {pk for pair in pairs for pk in pair} - known.keys()
    if missing:
        known.update(Person.objects.in_bulk(missing))
    out: dict[int, list[Person]] = {m.pk: [] for m in members}
    for child_id, guardian_id in pairs:
        if guardian_id in out:
            out[guardian_id].append(known[child_id])
        if child_id in out:
            out[child_id].append(known[guardian_id])
    return out


# --- Writes ------------------------------------------------------------------------------


def sync_custody_flags(person_ids) -> None:
    """Keep the derived flag: custody of at least one child."""
    ids = [pk for pk in person_ids if pk]
    if not ids:
        return
    holders = set(Custody.objects.filter(guardian_id__in=ids).values_list("guardian_id", flat=True))
    Person.objects.filter(pk__in=ids).exclude(pk__in=holders).update(has_custody=False)
    Person.objects.filter(pk__in=holders).update(has_custody=True)


def custody_defaults(person: Person, *, custody: bool | None) -> None:
    """A new member's custody rows, as the old flag meant it.

    A parent or guardian marked with custody gets custody of the household's children; a new
    child gets the guardians who already hold custody of a child in the household (or, before
    any child, the household's members marked with custody). The coordinator adjusts per child
    on the child's custody page.
    """
    family = person.family
    if person.relation in GUARDIANS:
        children = Person.objects.filter(family=family, relation__in=CHILDREN)
        if custody:
            Custody.objects.bulk_create(
                [Custody(child=child, guardian=person) for child in children],
                ignore_conflicts=True,
            )
        elif custody is False:
            Custody.objects.filter(guardian=person, child__family=family).delete()
        sync_custody_flags([person.pk])
    elif person.relation in CHILDREN and not person.custodians.exists():
        guardians = list(custodians_of_family(family).exclude(pk=person.pk))
        if not guardians:
            guardians = list(
                household_members(family).filter(relation__in=GUARDIANS, has_custody=True)
            )
        Custody.objects.bulk_create(
            [Custody(child=person, guardian=g) for g in guardians], ignore_conflicts=True
        )
        sync_custody_flags([g.pk for g in guardians])


def custody_set(*, by, child: Person, guardians: list[Person]) -> None:
    """Who holds custody of this child: exactly ``guardians`` (parents of its household)."""
    if child.relation not in CHILDREN:
        raise ValidationError(_("Forældremyndighed registreres for et barn."))
    allowed = set(guardian_choices(child).values_list("pk", flat=True))
    if any(g.pk not in allowed for g in guardians):
        raise ValidationError(
            {"guardians": _("Vælg forældre eller værger, der hører til barnets husstand.")}
        )
    wanted = {g.pk for g in guardians}
    with transaction.atomic():
        before = set(child.custodians.values_list("guardian_id", flat=True))
        if before == wanted:
            return
        Custody.objects.filter(child=child).exclude(guardian_id__in=wanted).delete()
        Custody.objects.bulk_create(
            [Custody(child=child, guardian_id=pk) for pk in wanted - before],
            ignore_conflicts=True,
        )
        sync_custody_flags(before | wanted)
        audit_object(
            by,
            Action.CHANGE,
            child,
            family_id=child.family_id,
            person_ids=sorted({child.pk} | before | wanted),
            summary="Forældremyndighed",
            changes={"custody": [sorted(before), sorted(wanted)]},
        )


def household_join(
    *, by, family: Family, cpr: str, relation: str, custody_of: list[Person]
) -> HouseholdMembership:
    """Add a person already registered elsewhere in the centre to this household too.

    The CPR number finds the one record (never a copy). A number held by another centre gets
    the same neutral refusal as a number nobody holds, so nothing about it is revealed.
    """
    digits, _born = parse_cpr(cpr)
    person = Person.objects.filter(cpr=digits).select_related("family").first()
    if person is None or person.family.centre_id != family.centre_id:
        raise ValidationError(
            {
                "cpr": _(
                    "Der er ingen person med dette CPR-nummer i centret. Opret personen under "
                    "»Tilføj person«."
                )
            }
        )
    if person.family_id == family.pk or family.other_members.filter(person=person).exists():
        raise ValidationError({"cpr": _("Personen hører allerede til husstanden.")})
    if relation not in GUARDIANS:
        raise ValidationError({"relation": _("Vælg forælder eller anden værge.")})
    children = [c for c in custody_of if c.family_id == family.pk and c.relation in CHILDREN]
    if len(children) != len(custody_of):
        raise ValidationError({"custody_of": _("Vælg børn i denne husstand.")})
    membership = HouseholdMembership(person=person, family=family, relation=relation, added_by=by)
    with transaction.atomic():
        membership.full_clean()
        membership.save()
        Custody.objects.bulk_create(
            [Custody(child=c, guardian=person) for c in children], ignore_conflicts=True
        )
        sync_custody_flags([person.pk])
        audit_object(
            by,
            Action.CREATE,
            membership,
            family_id=family.pk,
            person_ids=[person.pk, *(c.pk for c in children)],
            summary="Medlem af endnu en husstand",
            changes={"custody_of": [None, sorted(c.pk for c in children)]},
        )
    return membership
