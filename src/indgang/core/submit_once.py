"""A form is saved once: sending it again (back in the browser, then "Send") goes to the result.

Each form rendered by core/forms/dkfds_form.html carries a token in a hidden text field that
the page's script fills in once; a browser restores that field when the user goes back, so a
second send carries the first one's token. A send that was saved (answered with a redirect)
records its token; a later send with the same token is not passed to the view.
"""

import re
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone

from indgang.core.models import FormSubmission

FIELD = "form_token"
TOKEN = re.compile(r"[0-9a-f]{32}")
# Tokens are kept long enough for any going back; older ones are removed as new ones come.
KEEP = timedelta(days=2)
ALREADY_SENT = "Formularen var allerede sendt, og det du sendte, er gemt. Her er resultatet."


class SubmitOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = self._token(request)
        if token is None:
            return self.get_response(request)
        sent = FormSubmission.objects.filter(token=token).values_list("redirect_to", flat=True)
        if first := sent.first():
            messages.info(request, ALREADY_SENT)
            return HttpResponseRedirect(first)
        response = self.get_response(request)
        if response.status_code in (301, 302, 303) and response.get("Location"):
            self._record(token, response["Location"])
        return response

    @staticmethod
    def _token(request) -> str | None:
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        token = request.POST.get(FIELD, "")
        return token if TOKEN.fullmatch(token) else None

    @staticmethod
    def _record(token: str, location: str) -> None:
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token, redirect_to=location[:1000])
        except IntegrityError:  # two sends at the same instant: the first one recorded it
            return
        FormSubmission.objects.filter(at__lt=timezone.now() - KEEP).delete()
