"""Demo data for the parents' portal: one parent who can sign in at /familie/.

In real use a parent's account comes from the coordinator's invitation (a one-time link by
e-mail); the demo makes one account directly so the portal can be tried at once.
"""

from django.contrib.auth import get_user_model

from indgang.families.models import CoordinatorAssignment, Person
from indgang.portal.models import ParentAccount
from indgang.portal.services import may_be_invited


def demo_parent():
    """The guardian the demo gives a portal account: in a family of the first coordinator."""
    cases = CoordinatorAssignment.objects.filter(
        coordinator__username="koordinator", ended_on__isnull=True
    ).values("case__family_id")
    candidates = (
        Person.objects.filter(family_id__in=cases, has_custody=True)
        .exclude(email="")
        .select_related("family")
        .order_by("family_id", "pk")
    )
    return next((p for p in candidates if may_be_invited(p)), None)


def load(*, rng, users) -> None:
    from indgang.families.demo import DEMO_PASSWORD

    parent = demo_parent()
    if parent is None or ParentAccount.objects.filter(person=parent).exists():
        return
    user = get_user_model()(
        username=parent.email.lower(),
        email=parent.email,
        first_name=parent.first_name,
        last_name=parent.last_name,
        role="",
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    ParentAccount.objects.create(user=user, person=parent)
