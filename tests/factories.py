"""Factories for the test suite. States are traits: CaseFactory(enrolled=True)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from indgang.families.models import Case, CoordinatorAssignment, Family, PartnerLink, Person
from indgang.organisation.models import Centre, CoreTeamMembership, Municipality, Role, User

PASSWORD = "correct horse battery staple"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Kommune {n}")
    # Three digits, as in the real register; wraps around so long test sessions stay valid.
    code = factory.Sequence(lambda n: f"{n % 800 + 200:03d}")


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Center {n}")

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(extracted or [MunicipalityFactory()])


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@indgang.invalid")
    role = Role.COORDINATOR
    password = factory.django.Password(PASSWORD)


class FamilyFactory(DjangoModelFactory):
    class Meta:
        model = Family

    name = factory.Sequence(lambda n: f"Familien Test{n}")
    centre = factory.SubFactory(CentreFactory)
    municipality = factory.LazyAttribute(lambda f: f.centre.municipalities.first())


_cpr_serial = iter(range(1000, 10_000_000))


def cpr_for(born: date, first_digit: int) -> str:
    """A CPR number no one in the database has, with a serial (200-899) that the numbers
    written literally in tests (x000, x001, x007, x123, x124, x234, x999) never use."""
    from indgang.families.models import Person

    while True:
        cpr = f"{born:%d%m%y}{first_digit}{200 + next(_cpr_serial) % 700:03d}"
        if not Person.objects.filter(cpr=cpr).exists():
            return cpr


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    relation = Person.Relation.CHILD
    birth_date = date(2022, 5, 17)
    cpr = factory.LazyAttribute(
        lambda p: cpr_for(p.birth_date, 5 if p.birth_date.year >= 2000 else 1)
    )

    class Params:
        parent = factory.Trait(
            relation=Person.Relation.PARENT, has_custody=True, birth_date=date(1988, 3, 2)
        )

    @factory.post_generation
    def custody(obj, create, extracted, **kwargs):
        # As the service does: a parent with custody holds it for the household's children,
        # a new child gets the household's guardians with custody (families/custody.py).
        if create:
            from indgang.families.custody import custody_defaults

            custody_defaults(obj, custody=obj.has_custody)


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    family = factory.SubFactory(FamilyFactory)
    centre = factory.LazyAttribute(lambda c: c.family.centre)
    referred_on = date(2026, 1, 5)

    class Params:
        enrolled = factory.Trait(
            status=Case.Status.ENROLLED, enrolled_on=date(2026, 2, 1), age_at_enrolment=3
        )


def assign(case, coordinator, *, started_on=date(2026, 2, 1)):
    return CoordinatorAssignment.objects.create(
        case=case, coordinator=coordinator, started_on=started_on, assigned_by=coordinator
    )


def link(case, user, *, linked_on=date(2026, 2, 1), unlinked_on=None):
    return PartnerLink.objects.create(
        case=case,
        user=user,
        role_in_case="Samarbejdspartner",
        linked_on=linked_on,
        unlinked_on=unlinked_on,
        linked_by=user,
    )


def core_team(centre, user, kind=CoreTeamMembership.Kind.FIXED):
    return CoreTeamMembership.objects.create(centre=centre, user=user, kind=kind)
