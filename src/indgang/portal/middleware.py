"""A parent's session lives in the portal only, and ends after 15 minutes without activity."""

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from indgang.portal.signals import PORTAL_PERSON

LANGUAGE_SESSION = "indgang_portal_language"


class PortalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.get(PORTAL_PERSON):
            if user.role:  # a parent account never has a role; refuse rather than guess
                logout(request)
                return HttpResponseRedirect(reverse("portal:login"))
            # Staff keep SESSION_COOKIE_AGE; a parent's session is shorter. (Set once: setting
            # it marks the session for a write, which core/sessions.py keeps to once a minute.)
            if request.session.get("_session_expiry") != settings.PORTAL_SESSION_IDLE_SECONDS:
                request.session.set_expiry(settings.PORTAL_SESSION_IDLE_SECONDS)
            if not self._portal_path(request.path):
                return HttpResponseRedirect(reverse("portal:home"))
        language = request.session.get(LANGUAGE_SESSION) if hasattr(request, "session") else None
        if not language or not request.path.startswith(reverse("portal:home")):
            return self.get_response(request)
        # The portal speaks the visitor's chosen language; staff pages stay in Danish.
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return self.get_response(request)

    @staticmethod
    def _portal_path(path: str) -> bool:
        return (
            path.startswith(reverse("portal:home"))
            or path.startswith(settings.STATIC_URL)
            or path == reverse("healthz")
        )
