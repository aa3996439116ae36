"""Signed-in requests: end a sign-in older than 12 hours; hold back an unproven second factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse

from indgang.signin.policy import second_factor_pending, session_expired


class SignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            if session_expired(request):
                logout(request)  # flushes the session on the server
                messages.info(request, "Du har været logget ind i 12 timer. Log ind igen.")
                return redirect_to_login(request.get_full_path())
            if second_factor_pending(request) and not self._open_path(request.path):
                target = reverse("signin_second_factor")
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return HttpResponseRedirect(f"{target}?{query}")
        return self.get_response(request)

    @staticmethod
    def _open_path(path: str) -> bool:
        return path in (reverse("signin_second_factor"), reverse("logout")) or path.startswith(
            settings.STATIC_URL
        )
