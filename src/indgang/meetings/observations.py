"""The core team's own observations on the ICS board: who may write them, the writes, the read.

Kept apart from services.py (the coordinator's assessment itself) because an observation
has its own rule: each one belongs to its author, who alone may change or delete it, while
every core-team member of the family's centre may add their own.
"""

from dataclasses import dataclass, field

import rules
from django.core.exceptions import ValidationError
from django.db import transaction

from indgang.audit.services import Action, audit_changes, audit_object
from indgang.core.services import save_validated
from indgang.meetings.models import Assessment, AssessmentObservation, Side
from indgang.organisation.models import Role

# The centre's core team in the wide sense: the coordinators, the core-team members and the
# (project) leaders who sit in it. Partners never write on the ICS board.
OBSERVERS = {Role.CORE_TEAM, Role.COORDINATOR, Role.LEADER, Role.PROJECT_LEADER}
FIELDS = ("side", "kind", "text")
MAX_LENGTH = 2000


@rules.predicate
def _observes_for(user, family) -> bool:
    return (
        family is not None
        and getattr(user, "role", None) in OBSERVERS
        and bool(user.centre_id)
        and family.centre_id == user.centre_id
    )


rules.add_perm("meetings.add_observation", _observes_for)


def may_add(user, family) -> bool:
    """The caller has already opened the family with ``family_for`` (need to know)."""
    return user.has_perm("meetings.add_observation", family)


def may_change(user, observation: AssessmentObservation, family) -> bool:
    return observation.author_id == user.pk and may_add(user, family)


def _check(observation: AssessmentObservation) -> None:
    errors = {}
    if not observation.text:
        errors["text"] = "Skriv din iagttagelse."
    elif len(observation.text) > MAX_LENGTH:
        errors["text"] = f"En iagttagelse må højst være {MAX_LENGTH} tegn."
    if observation.side not in Side.values:
        errors["side"] = "Vælg en side i ICS-trekanten."
    if observation.kind not in AssessmentObservation.Kind.values:
        errors["kind"] = "Vælg, om det er en styrke eller en bekymring."
    if errors:
        raise ValidationError(errors)


def observation_add(
    *, by, assessment: Assessment, side: str, kind: str, text: str
) -> AssessmentObservation:
    """A core-team member's own entry on one side of the triangle, signed with their discipline."""
    if not assessment.case.is_open:
        raise ValidationError("Sagen er afsluttet. Udredningen kan ikke længere ændres.")
    observation = AssessmentObservation(
        assessment=assessment,
        side=side,
        kind=kind,
        text=(text or "").strip(),
        author=by,
        discipline=(by.profession or by.get_role_display() or "").strip(),
    )
    _check(observation)
    with transaction.atomic():
        save_validated(observation)
        audit_object(
            by,
            Action.CREATE,
            observation,
            case=assessment.case,
            summary="Iagttagelse på ICS-tavlen",
            changes={"side": [None, side], "kind": [None, kind]},
        )
    return observation


def _own(by, observation: AssessmentObservation) -> None:
    # The views ask first; this keeps the rule true on every other path too.
    if observation.author_id != by.pk:
        raise ValidationError("Kun den, der har skrevet iagttagelsen, kan ændre den.")


def observation_update(
    *, by, observation: AssessmentObservation, side: str, kind: str, text: str
) -> AssessmentObservation:
    _own(by, observation)
    if not observation.assessment.case.is_open:
        raise ValidationError("Sagen er afsluttet. Udredningen kan ikke længere ændres.")
    before = {f: getattr(observation, f) for f in FIELDS}
    observation.side, observation.kind, observation.text = side, kind, (text or "").strip()
    _check(observation)
    changes = audit_changes(before, {f: getattr(observation, f) for f in FIELDS})
    with transaction.atomic():
        save_validated(observation)
        if changes:
            audit_object(
                by,
                Action.CHANGE,
                observation,
                case=observation.assessment.case,
                summary="Iagttagelse på ICS-tavlen",
                changes=changes,
            )
    return observation


def observation_delete(*, by, observation: AssessmentObservation) -> None:
    _own(by, observation)
    case = observation.assessment.case
    if not case.is_open:
        raise ValidationError("Sagen er afsluttet. Udredningen kan ikke længere ændres.")
    with transaction.atomic():
        audit_object(
            by,
            Action.DELETE,
            observation,
            case=case,
            summary="Iagttagelse på ICS-tavlen slettet",
            changes={f: [getattr(observation, f), None] for f in FIELDS},
        )
        observation.delete()


# --- The read -------------------------------------------------------------------------


@dataclass
class SideObservations:
    strengths: list = field(default_factory=list)
    concerns: list = field(default_factory=list)


def attach_to_board(sides: list, *, assessment: Assessment, user) -> None:
    """Give each side of the board (``selectors.board``) its observations, one query, and mark
    the ones the user may change."""
    by_side = {side: SideObservations() for side in Side.values}
    for o in assessment.observations.select_related("author"):
        o.mine = o.author_id == user.pk
        target = by_side[o.side]
        (
            target.strengths if o.kind == AssessmentObservation.Kind.STRENGTH else target.concerns
        ).append(o)
    for side in sides:
        side.observations = by_side[side.key]
