"""Staff sign-in through the municipality's identity provider (OpenID Connect).

mozilla-django-oidc does the protocol; this module decides who the person is. A staff member
is matched by one claim (``OIDC_STAFF_CLAIM``, e.g. ``preferred_username`` or ``email``)
against one user field (``OIDC_STAFF_FIELD``: ``username`` or ``email``). Nobody is created:
the municipality provisions staff in Indgang first. A matched user without a role signs in
but sees nothing (families/access.py).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from indgang.signin.policy import OIDC, SIGNED_IN_WITH

STAFF_FIELDS = {"username", "email"}


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


def staff_matching(claims: dict):
    """The active staff members the claims name: none, one, or (a provisioning error) more."""
    User = get_user_model()
    value = claims.get(settings.OIDC_STAFF_CLAIM)
    field = settings.OIDC_STAFF_FIELD
    if field not in STAFF_FIELDS or not isinstance(value, str) or not value.strip():
        return User.objects.none()
    return User.objects.filter(**{f"{field}__iexact": value.strip(), "is_active": True})


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Authenticates an OpenID Connect sign-in as an existing staff member, or not at all."""

    def __init__(self, *args, **kwargs):
        # Password sign-in runs every backend: without a provider this one simply declines.
        self.UserModel = get_user_model()
        if oidc_enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not oidc_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        return bool(claims.get(settings.OIDC_STAFF_CLAIM))

    def filter_users_by_claims(self, claims):
        return staff_matching(claims)

    def create_user(self, claims):
        return None  # never reached: OIDC_CREATE_USER is False

    def update_user(self, user, claims):
        return user  # Indgang's own staff record wins over the provider's claims


class StartView(oidc_views.OIDCAuthenticationRequestView):
    pass


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    def login_success(self):
        response = super().login_success()
        self.request.session[SIGNED_IN_WITH] = OIDC
        return response
