"""Who may use the portal: a signed-in parent, in their own family only.

A parent's session carries the person it signed in as (signals.py). Staff are refused (403:
the portal is not theirs), anonymous visitors are sent to the portal's own sign-in page with
303 See Other (the staff log-in page is a different one).
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from indgang.portal.models import ParentAccount
from indgang.portal.signals import PORTAL_PERSON


class SeeOther(HttpResponseRedirect):
    status_code = 303


def signed_in_parent(request) -> ParentAccount | None:
    """The parent this session belongs to, with their person and family; None for anyone else."""
    user = request.user
    person_id = request.session.get(PORTAL_PERSON)
    if not user.is_authenticated or not person_id or user.role or not user.is_active:
        return None
    return (
        ParentAccount.objects.select_related(
            "person__family__municipality", "person__family__centre", "user"
        )
        .filter(user=user, person_id=person_id)
        .first()
    )


def refuse_staff(request):
    return render(request, "portal/403.html", status=403)


def parent_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return SeeOther(f"{reverse('portal:login')}?{query}")
        account = signed_in_parent(request)
        if account is None:
            return refuse_staff(request)
        request.parent = account
        return view(request, *args, **kwargs)

    return wrapper


def anonymous_only(view):
    """Sign-in pages: a parent already signed in goes to the front page; staff are refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            if signed_in_parent(request) is not None:
                return HttpResponseRedirect(reverse("portal:home"))
            return refuse_staff(request)
        return view(request, *args, **kwargs)

    return wrapper
