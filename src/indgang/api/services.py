"""Registering, revoking and recognising API clients. Tokens are shown once, kept hashed."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from indgang.api.models import ApiClient, Scope
from indgang.audit.services import Action, audit_record
from indgang.core.services import save_validated
from indgang.organisation.models import Centre, Role, User

TOKEN_PREFIX = "igk"  # nosec B105: the public marker of a token, not a secret
# The roles a system user may have: the centre's case-managing roles (families/access.py).
SYSTEM_ROLES = (Role.COORDINATOR, Role.LEADER, Role.PROJECT_LEADER)
DEFAULT_LIFETIME = timedelta(days=365)
_USE_RESOLUTION = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _parse(token: str) -> tuple[str, str] | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def api_client_create(
    *,
    name: str,
    centre: Centre,
    scopes: list[str],
    expires_at: datetime | None = None,
    role: str = Role.COORDINATOR,
    by=None,
) -> tuple[ApiClient, str]:
    """A client and its system user; returns the token, which is never shown again."""
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Klienten skal have et navn."
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        errors["scopes"] = "Ukendte rettigheder: " + ", ".join(unknown)
    if role not in SYSTEM_ROLES:
        errors["role"] = "En systembruger skal være koordinator, leder eller projektleder."
    now = timezone.now()
    expires_at = expires_at or now + DEFAULT_LIFETIME
    if expires_at <= now:
        errors["expires_at"] = "Udløbstidspunktet skal ligge i fremtiden."
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        user = User(
            username=f"system-{slugify(name)[:120]}-{prefix}",
            first_name="System:",
            last_name=name[:150],
            role=role,
            centre=centre,
        )
        user.set_unusable_password()
        save_validated(user)
        client = save_validated(
            ApiClient(
                name=name,
                user=user,
                centre=centre,
                scopes=sorted(set(scopes)),
                prefix=prefix,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=expires_at,
            )
        )
        audit_record(
            user=by,
            action=Action.CREATE,
            object_type="api_client",
            object_id=client.pk,
            summary=f"API-klient oprettet: {name}"[:200],
            changes={"scopes": [None, client.scopes], "centre": [None, centre.pk]},
            username="" if by else "manage.py",
        )
    return client, token


def api_client_revoke(*, client: ApiClient, by=None) -> ApiClient:
    """The token stops working at once; the client and its log stay."""
    if client.revoked_at is not None:
        raise ValidationError("Klienten er allerede tilbagekaldt.")
    with transaction.atomic():
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        audit_record(
            user=by,
            action=Action.CHANGE,
            object_type="api_client",
            object_id=client.pk,
            summary=f"API-klient tilbagekaldt: {client.name}"[:200],
            changes={"revoked_at": [None, client.revoked_at.isoformat()]},
            username="" if by else "manage.py",
        )
    return client


def client_for_token(token: str) -> ApiClient | None:
    """The usable client whose token this is, or None (unknown, revoked or expired)."""
    parsed = _parse(token or "")
    if parsed is None:
        return None
    client = ApiClient.objects.select_related("user", "centre").filter(prefix=parsed[0]).first()
    if client is None or not hmac.compare_digest(client.token_hash, token_hash(token)):
        return None
    now = timezone.now()
    if not client.is_usable(now):
        return None
    if client.last_used_at is None or now - client.last_used_at > _USE_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client
