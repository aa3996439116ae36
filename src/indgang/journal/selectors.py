"""Reads for the journal export page and the family overview's panel."""

from collections import Counter

from indgang.families.models import Family
from indgang.journal.documents import DOCUMENT_TYPES, family_documents


def export_summary(*, family: Family) -> list[dict]:
    """How many documents of each type the export holds (nothing is rendered to count them)."""
    counts = Counter(d.document_type for d in family_documents(family))
    return [{"label": label, "count": counts.get(key, 0)} for key, label in DOCUMENT_TYPES.items()]


def family_panel(*, user, family: Family) -> dict | None:
    """The family overview's link to the export, for those who act on the case."""
    if not user.has_perm("families.manage_case", family):
        return None
    return {"template": "journal/partials/family_panel.html", "family": family}
