from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from indgang.families.access import ValueJumpRequired


class ValueJumpMiddleware:
    """A family of one's centre that is not one's case: ask for the reason first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValueJumpRequired):
            return None
        url = reverse("value_jump", kwargs={"family_id": exception.family_id})
        back = request.get_full_path() if request.method == "GET" else ""
        response = redirect(f"{url}?{urlencode({'next': back})}" if back else url)
        if getattr(request, "htmx", False):
            response["HX-Redirect"] = response["Location"]
        return response
