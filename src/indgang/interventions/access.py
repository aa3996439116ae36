"""Who may see and edit a municipality's decision-letter templates. The one place it is written.

Letter templates belong to a municipality. A user's tenancy is the municipalities their centre
serves (Centre.municipalities): templates outside it are not shown and answer 404. Within it,
only a leader (Role.LEADER) edits them, as the municipality's responsible role; leaders and
project leaders may read the list.
"""

import rules
from django.db.models import QuerySet

from indgang.families.access import is_leader
from indgang.organisation.models import Municipality, Role


def letter_municipalities_for(user) -> QuerySet[Municipality]:
    """The municipalities whose letter templates the user's centre works with."""
    centre_id = getattr(user, "centre_id", None)
    if not getattr(user, "is_authenticated", False) or not user.is_active or not centre_id:
        return Municipality.objects.none()
    return Municipality.objects.filter(centres=centre_id)


def serves_municipality(user, municipality_id: int | None) -> bool:
    if municipality_id is None:
        return False
    # Kept on the user object for the request, so a list of templates costs one query.
    key = (getattr(user, "pk", None), getattr(user, "centre_id", None))
    cached = getattr(user, "_letter_municipality_ids", None)
    if cached is None or cached[0] != key:
        cached = (key, frozenset(letter_municipalities_for(user).values_list("pk", flat=True)))
        user._letter_municipality_ids = cached
    return municipality_id in cached[1]


@rules.predicate
def is_municipal_leader(user) -> bool:
    return getattr(user, "role", None) == Role.LEADER


@rules.predicate
def serves_letter_municipality(user, obj) -> bool:
    """obj: a letter template or a municipality."""
    if obj is None:
        return False
    municipality_id = getattr(obj, "municipality_id", None)
    if isinstance(obj, Municipality):
        municipality_id = obj.pk
    return serves_municipality(user, municipality_id)


rules.add_perm("interventions.view_letter_templates", is_leader)
rules.add_perm(
    "interventions.change_letter_template", is_municipal_leader & serves_letter_municipality
)
