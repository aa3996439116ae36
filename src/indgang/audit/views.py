"""The audit pages: search for the data-protection officer and leaders, and spot checks.

These pages sit above the families app (they look up a person by CPR number), while the
audit models and services sit below it: families writes to the log, never the other way.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from indgang.audit import selectors, services
from indgang.audit.forms import AuditSearchForm, PersonLookupForm, SpotCheckMarkForm
from indgang.audit.models import SpotCheck
from indgang.core.cpr import parse_cpr
from indgang.families.models import Person


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def audit_search(request):
    _require(request.user, "audit.search")
    lookup = PersonLookupForm(request.POST or None)
    if request.method == "POST" and lookup.is_valid():
        digits, _born = parse_cpr(lookup.cleaned_data["cpr"])
        person = Person.objects.filter(cpr=digits).only("pk").first()
        if person is None:
            lookup.add_error("cpr", "Der er ingen person med dette CPR-nummer i Indgang.")
        else:
            return redirect(f"{reverse('audit_search')}?{urlencode({'person': person.pk})}")
    form = AuditSearchForm(request.GET or None)
    events, has_more, page = [], False, 1
    person = None
    if form.is_valid():
        data = form.cleaned_data
        raw_page = request.GET.get("page", "1")
        page = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
        query = selectors.AuditQuery(
            user_id=data["user"].pk if data["user"] else None,
            person_id=data["person"],
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            family_id=data["family"],
        )
        events, has_more = selectors.audit_search(query=query, page=page)
        if data["person"]:
            person = Person.objects.filter(pk=data["person"]).first()
        services.audit_record(
            user=request.user,
            action=services.Action.SEARCH,
            object_type="audit",
            summary="Søgning i loggen",
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "lookup": lookup,
            "events": events,
            "page": page,
            "has_more": has_more,
            "person": person,
            "query_string": params.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def spot_check(request):
    _require(request.user, "audit.spot_check")
    if request.method == "POST":
        drawn = services.spot_check_draw(by=request.user, events=selectors.spot_check_candidates())
        messages.success(request, f"Der er udtrukket {len(drawn)} opslag til kontrol.")
        return redirect("spot_check")
    return render(
        request,
        "audit/spot_check.html",
        {"spot_checks": selectors.spot_checks_open_and_recent(), "form": SpotCheckMarkForm()},
    )


@login_required
@require_POST
def spot_check_mark(request, spot_check_id: int):
    _require(request.user, "audit.spot_check")
    spot = get_object_or_404(SpotCheck, pk=spot_check_id)
    form = SpotCheckMarkForm(request.POST)
    if form.is_valid():
        services.spot_check_mark(spot_check=spot, by=request.user, **form.cleaned_data)
        messages.success(request, "Kontrollen er registreret.")
    else:
        messages.error(request, "Vælg en vurdering for opslaget.")
    return redirect("spot_check")
