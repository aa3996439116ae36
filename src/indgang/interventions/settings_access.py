"""Who may see and change a municipality's settings (intervention terms, policy). One place.

The tenancy is the municipalities the user's centre serves (``Centre.municipalities``), as for
the letter templates: another municipality answers 404, as if it did not exist. Within it,
leaders and project leaders read the settings and only a leader (``Role.LEADER``) changes them.
The legal-basis catalogue is national and read-only: every signed-in member of staff reads it.
"""

import rules
from django.db.models import QuerySet

from indgang.families.access import is_leader
from indgang.interventions.access import (
    is_municipal_leader,
    letter_municipalities_for,
    serves_letter_municipality,
)
from indgang.organisation.models import Municipality


def settings_municipalities_for(user) -> QuerySet[Municipality]:
    """The municipalities whose settings the user's centre works with (the tenancy)."""
    return letter_municipalities_for(user)


rules.add_perm("interventions.view_municipal_settings", is_leader)
rules.add_perm(
    "interventions.change_municipal_settings", is_municipal_leader & serves_letter_municipality
)
