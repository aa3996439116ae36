"""Writes to staff accounts and core teams. Every change that widens or narrows access is logged.

The system administrator works in Django's admin, which only calls these services: whatever
path a change takes (admin, management command, a later API), the rules below hold.

- Role, centre, department, core-team membership, activation, ``is_staff``/``is_superuser``
  and password changes append an audit event with old and new values (a password only as
  "changed": never a hash).
- Nobody changes their own role, centre, department, staff/superuser flags or core-team
  membership: giving oneself access to families takes a second person, and it is logged.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from indgang.audit.services import Action, audit_changes, audit_record
from indgang.organisation.models import CoreTeamMembership, User

# Fields whose change is an access change: logged with old and new value.
AUDITED_FIELDS = ("role", "centre", "department", "is_active", "is_staff", "is_superuser")
# Fields nobody may change on their own account.
SELF_PROTECTED_FIELDS = ("role", "centre", "department", "is_staff", "is_superuser")

SELF_CHANGE_MESSAGES = {
    "role": "Du kan ikke ændre din egen rolle. Bed en anden administrator om det.",
    "centre": "Du kan ikke ændre dit eget center. Bed en anden administrator om det.",
    "department": "Du kan ikke ændre din egen afdeling. Bed en anden administrator om det.",
    "is_staff": "Du kan ikke ændre din egen administratoradgang. Bed en anden administrator om det.",
    "is_superuser": "Du kan ikke gøre dig selv til superbruger eller fjerne det. "
    "Bed en anden administrator om det.",
}
SELF_CORE_TEAM_MESSAGE = (
    "Du kan ikke ændre dit eget kerneteammedlemskab. Bed en anden administrator om det."
)
PASSWORD_CHANGED = "ændret"  # nosec B105  # audit label ("changed"), not a password


def _value(user: User, field: str):
    if field in ("centre", "department"):
        related = getattr(user, field)
        return str(related) if related is not None else None
    return getattr(user, field)


def _snapshot(user: User) -> dict:
    return {field: _value(user, field) for field in AUDITED_FIELDS}


def staff_self_change_errors(*, staff: User, by, changed: set[str]) -> dict[str, str]:
    """The Danish errors, by field, if ``by`` is changing protected fields on their own account."""
    if by is None or staff.pk is None or staff.pk != by.pk:
        return {}
    return {
        field: SELF_CHANGE_MESSAGES[field] for field in SELF_PROTECTED_FIELDS if field in changed
    }


def _stored(staff: User) -> User | None:
    if staff.pk is None:
        return None
    return User.objects.select_related("centre", "department").filter(pk=staff.pk).first()


@transaction.atomic
def staff_save(*, staff: User, by) -> User:
    """Save a staff member as edited (a new one or a changed one), log the access changes.

    ``staff`` carries the new values; the stored row gives the old ones. Raises
    ``ValidationError`` (Danish, by field) for a change to one's own protected fields.
    """
    old = _stored(staff)
    if old is None:
        staff.full_clean(exclude=["password"])
        staff.save()
        new = _snapshot(staff)
        changes = audit_changes({}, {key: value for key, value in new.items() if value})
        if staff.has_usable_password():
            changes["password"] = [None, "sat"]
        audit_record(
            user=by,
            action=Action.CREATE,
            object_type="user",
            object_id=staff.pk,
            summary="Medarbejder oprettet",
            changes=changes,
        )
        return staff

    before = _snapshot(old)
    after = _snapshot(staff)
    changed = {field for field in AUDITED_FIELDS if before[field] != after[field]}
    errors = staff_self_change_errors(staff=staff, by=by, changed=changed)
    if errors:
        raise ValidationError(errors)
    staff.full_clean(exclude=["password"])
    staff.save()
    changes = audit_changes(before, after)
    if old.password != staff.password:
        changes["password"] = [None, PASSWORD_CHANGED]
    if changes:
        audit_record(
            user=by,
            action=Action.CHANGE,
            object_type="user",
            object_id=staff.pk,
            summary=_summary(changes),
            changes=changes,
        )
    return staff


@transaction.atomic
def staff_set_password(*, staff: User, by, raw_password: str | None) -> User:
    """Set (or with ``None`` disable) a staff member's password; logged without the hash."""
    if raw_password is None:
        staff.set_unusable_password()
    else:
        staff.set_password(raw_password)
    staff.save(update_fields=["password"])
    staff_password_changed(staff=staff, by=by, disabled=raw_password is None)
    return staff


def staff_password_changed(*, staff: User, by, disabled: bool = False) -> None:
    """Log that a password was set (or disabled) by ``by``: the fact, never the hash."""
    audit_record(
        user=by,
        action=Action.CHANGE,
        object_type="user",
        object_id=staff.pk,
        summary="Adgangskode deaktiveret" if disabled else "Adgangskode ændret",
        changes={"password": [None, "deaktiveret" if disabled else PASSWORD_CHANGED]},
    )


@transaction.atomic
def staff_delete(*, staff: User, by) -> None:
    pk, snapshot = staff.pk, _snapshot(staff)
    if by is not None and pk == by.pk:
        raise ValidationError("Du kan ikke slette din egen bruger.")
    staff.delete()
    audit_record(
        user=by,
        action=Action.DELETE,
        object_type="user",
        object_id=pk,
        summary="Medarbejder slettet",
        changes=audit_changes({k: v for k, v in snapshot.items() if v}, {}),
    )


def _summary(changes: dict) -> str:
    labels = {
        "role": "rolle",
        "centre": "center",
        "department": "afdeling",
        "is_active": "aktiv",
        "is_staff": "administratoradgang",
        "is_superuser": "superbruger",
        "password": "adgangskode",  # nosec B105  # field label in the audit text
    }
    return "Medarbejder ændret: " + ", ".join(labels.get(key, key) for key in changes)


def _membership_changes(membership: CoreTeamMembership | None) -> dict:
    if membership is None:
        return {}
    return {"centre": str(membership.centre), "kind": membership.kind}


def core_team_self_change_error(*, user_id: int | None, by) -> str | None:
    if by is not None and user_id is not None and user_id == by.pk:
        return SELF_CORE_TEAM_MESSAGE
    return None


@transaction.atomic
def core_team_membership_save(*, membership: CoreTeamMembership, by) -> CoreTeamMembership:
    """Add or change a core-team membership (who sees a centre's families), logged."""
    old = (
        CoreTeamMembership.objects.select_related("centre").filter(pk=membership.pk).first()
        if membership.pk
        else None
    )
    for user_id in {membership.user_id, old.user_id if old else None}:
        error = core_team_self_change_error(user_id=user_id, by=by)
        if error:
            raise ValidationError({"user": error})
    membership.full_clean()
    membership.save()
    if old is not None and old.user_id != membership.user_id:
        _log_membership(by, old.user_id, old, None)
        _log_membership(by, membership.user_id, None, membership)
    else:
        _log_membership(by, membership.user_id, old, membership)
    return membership


@transaction.atomic
def core_team_membership_delete(*, membership: CoreTeamMembership, by) -> None:
    error = core_team_self_change_error(user_id=membership.user_id, by=by)
    if error:
        raise ValidationError({"user": error})
    user_id = membership.user_id
    membership.delete()
    _log_membership(by, user_id, membership, None)


def _log_membership(by, user_id, old, new) -> None:
    changes = {
        "core_team": [
            _membership_changes(old) or None,
            _membership_changes(new) or None,
        ]
    }
    if changes["core_team"][0] == changes["core_team"][1]:
        return
    audit_record(
        user=by,
        action=Action.CHANGE,
        object_type="user",
        object_id=user_id,
        summary="Kerneteammedlemskab ændret",
        changes=changes,
    )
