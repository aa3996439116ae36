"""Parents' sign-in with MitID through NemLog-in or a broker (OpenID Connect).

mozilla-django-oidc does the protocol, read from its own ``PORTAL_OIDC_*`` settings so the
parents' provider is never the staff one. The person is matched by the CPR claim
(``PORTAL_OIDC_CPR_CLAIM``) against a parent who already has a portal account (made from
the coordinator's invitation); nobody is created. Only a parent account can come out of
this backend, and it is never in AUTHENTICATION_BACKENDS: the callback calls it directly,
so the staff sign-in never tries it and it never tries staff.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from indgang.core.cpr import parse_cpr

# Fixed for the parents' flow whatever the staff settings say.
_FIXED = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "portal:oidc_callback",
    "OIDC_CREATE_USER": False,
    "OIDC_USE_PKCE": True,
    "OIDC_STORE_ACCESS_TOKEN": False,  # nosec B105  # a switch (do not keep tokens), no password
    "OIDC_STORE_ID_TOKEN": False,  # nosec B105  # a switch (do not keep tokens), no password
}


def portal_setting(attr, *args):
    if attr in _FIXED:
        return _FIXED[attr]
    if attr == "LOGIN_REDIRECT_URL":
        return reverse("portal:home")
    if attr == "LOGIN_REDIRECT_URL_FAILURE":
        return reverse("portal:login") + "?fejl=oidc"
    if attr.startswith("OIDC_") and hasattr(settings, f"PORTAL_{attr}"):
        return getattr(settings, f"PORTAL_{attr}")
    return import_from_settings(attr, *args)


def portal_oidc_enabled() -> bool:
    return bool(
        getattr(settings, "PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT", "")
        and getattr(settings, "PORTAL_OIDC_RP_CLIENT_ID", "")
    )


def cpr_from_claims(claims: dict) -> str | None:
    value = claims.get(settings.PORTAL_OIDC_CPR_CLAIM)
    if not isinstance(value, str):
        return None
    try:
        digits, _born = parse_cpr(value)
    except ValidationError:
        return None
    return digits


def parents_matching(claims: dict):
    """The active parent accounts whose person has the CPR number in the claims."""
    User = get_user_model()
    cpr = cpr_from_claims(claims)
    if cpr is None:
        return User.objects.none()
    return User.objects.filter(
        parent_account__person__cpr=cpr, is_active=True, role="", is_staff=False
    )


class ParentOIDCBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(portal_setting)

    def verify_claims(self, claims):
        return cpr_from_claims(claims) is not None

    def filter_users_by_claims(self, claims):
        return parents_matching(claims)

    def create_user(self, claims):
        return None  # never reached: OIDC_CREATE_USER is False for parents

    def update_user(self, user, claims):
        return user


class StartView(oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(portal_setting)
