"""Who must prove a second factor, and how long a sign-in lasts.

Staff who sign in with a password need a second factor (TOTP) when their role sees the whole
centre or the audit log: leaders, project leaders, the data-protection officer and the system
administrator (and any superuser). Staff who sign in through the municipality's identity
provider (OpenID Connect) prove their second factor there.
"""

import time

from django.conf import settings

from indgang.families.access import AUDITORS, LEADERS
from indgang.organisation.models import Role

SECOND_FACTOR_ROLES = frozenset(LEADERS | AUDITORS | {Role.SYSADMIN})

# Session keys.
SIGNED_IN_AT = "indgang_signed_in_at"  # when the sign-in happened (epoch seconds)
SIGNED_IN_WITH = "indgang_signed_in_with"  # "password" or "oidc"
PASSWORD, OIDC = "password", "oidc"
# Set by django_otp.login() once a device has verified a code in this session.
OTP_VERIFIED = "otp_device_id"


def second_factor_required(user) -> bool:
    return bool(user.is_authenticated and (user.role in SECOND_FACTOR_ROLES or user.is_superuser))


def second_factor_pending(request) -> bool:
    """Signed in with a password, in a role that needs a second factor, not yet proven."""
    session = request.session
    return (
        session.get(SIGNED_IN_WITH) == PASSWORD
        and not session.get(OTP_VERIFIED)
        and second_factor_required(request.user)
    )


def session_expired(request) -> bool:
    """A sign-in lasts SESSION_ABSOLUTE_SECONDS (12 hours) whatever the activity."""
    started = request.session.get(SIGNED_IN_AT)
    if not isinstance(started, int | float):
        return True
    return time.time() - started > settings.SESSION_ABSOLUTE_SECONDS
