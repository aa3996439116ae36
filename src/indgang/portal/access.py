"""Who may use the portal: a signed-in parent, in their own family only.

A parent with custody of a child of the family sees all of the family's side; a parent
without custody sees what the municipality's setting allows (``PortalSettings.
without_custody_sees``): nothing, only the meetings they are invited to, or everything but
the plan. A hidden page answers with a clear message (403) and a ``denied`` audit event.

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

from indgang.audit.services import Action, audit_record
from indgang.families.custody import has_custody_in
from indgang.portal.models import ParentAccount, PortalSettings
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


# --- What a parent may see: everything with custody, the municipality's choice without ------

SEES = PortalSettings.WithoutCustody
# The portal's pages by section; any page not named here is "other" (applications, messages,
# consent, who has looked, the coordinator's card).
SECTIONS = {
    "home": "home",
    "plan": "plan",
    "plan_pdf": "plan",
    "goal_comment": "plan",
    "goal_suggest": "plan",
    "meetings": "meetings",
    "meeting_respond": "meetings",
    "meeting_topic": "meetings",
    "meeting_feedback": "meetings",
}
ALLOWED = {
    SEES.ALL: {"home", "plan", "meetings", "other"},
    SEES.ALL_BUT_PLAN: {"home", "meetings", "other"},
    SEES.MEETINGS: {"home", "meetings"},  # and only the meetings they are invited to
    SEES.NOTHING: set(),
}


def parent_sees(account: ParentAccount) -> str:
    """ALL for a parent or guardian with custody of a child of the family (per child, so a
    parent with joint custody who lives elsewhere counts); otherwise the municipality's
    setting for parents without custody."""
    person = account.person
    if has_custody_in(person, person.family_id):
        return SEES.ALL
    found = PortalSettings.objects.filter(municipality_id=person.family.municipality_id).first()
    return found.without_custody_sees if found else SEES.NOTHING


def may_see(account: ParentAccount, url_name: str) -> bool:
    return SECTIONS.get(url_name, "other") in ALLOWED[account.sees]


def refuse_without_custody(request):
    """A clear message, logged as a refusal; nothing of the page is shown."""
    audit_record(
        user=request.user,
        action=Action.DENIED,
        object_type="portal",
        family_id=request.parent.person.family_id,
        summary="Forældreportal: skjult for forælder uden forældremyndighed",
    )
    return render(request, "portal/not_shown.html", {"section": ""}, status=403)


def parent_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return SeeOther(f"{reverse('portal:login')}?{query}")
        account = signed_in_parent(request)
        if account is None:
            return refuse_staff(request)
        account.sees = parent_sees(account)
        request.parent = account
        match = request.resolver_match
        if match is not None and not may_see(account, match.url_name):
            return refuse_without_custody(request)
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
