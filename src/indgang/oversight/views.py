"""The oversight pages: the audit search, who has seen a person or family, spot checks.

They sit above every domain app (a CPR number or a name leads to a person) and show only
the searcher's tenancy (oversight/access.py). Every page that reads the log logs the read.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from indgang.audit import selectors as audit_selectors
from indgang.core.cpr import mask_cpr, parse_cpr
from indgang.oversight import selectors, services, subject_access
from indgang.oversight.forms import (
    AuditSearchForm,
    PersonLookupForm,
    ReportPeriodForm,
    SpotCheckMarkForm,
    WhoHasSeenForm,
)

# The same words whether the person does not exist or is outside the searcher's tenancy.
NO_PERSON_CPR = "Der er ingen person med dette CPR-nummer blandt de familier, du fører tilsyn med."
NO_PERSON = "Der er ingen person med dette nummer blandt de familier, du fører tilsyn med."
NO_FAMILY = "Der er ingen familie med dette nummer blandt de familier, du fører tilsyn med."


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) <= 6 and int(raw) > 0 else 1


@login_required
@require_http_methods(["GET", "POST"])
def audit_search(request):
    user = request.user
    _require(user, "oversight.audit_search")
    lookup = PersonLookupForm(request.POST or None)
    if request.method == "POST" and lookup.is_valid():
        cpr = lookup.cleaned_data["cpr"]
        person = selectors.person_in_tenancy(user=user, cpr=cpr)
        services.log_read(
            by=user,
            summary="Opslag på CPR-nummer i loggen",
            terms={"cpr": mask_cpr(parse_cpr(cpr)[0])},
            person_ids=[person.pk] if person else [],
            family_ids=[person.family_id] if person else [],
        )
        if person is None:
            lookup.add_error("cpr", NO_PERSON_CPR)
        else:
            return redirect(f"{reverse('audit_search')}?{urlencode({'person': person.pk})}")
    form = AuditSearchForm(request.GET or None, overseer=user)
    events, has_more, page = [], False, _page_number(request)
    person = family = None
    not_found = ""
    names: dict[int, str] = {}
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            person = selectors.person_in_tenancy(user=user, person_id=data["person"])
            not_found = "" if person else NO_PERSON
        if data["family"]:
            family = selectors.family_in_tenancy(user=user, family_id=data["family"])
            not_found = not_found or ("" if family else NO_FAMILY)
        if not not_found:
            query = audit_selectors.AuditQuery(
                user_id=data["user"].pk if data["user"] else None,
                person_id=data["person"],
                action=data["action"],
                date_from=data["date_from"],
                date_to=data["date_to"],
                family_id=data["family"],
            )
            events, has_more = selectors.audit_page(user=user, query=query, page=page)
        family_ids, person_ids = audit_selectors.concerned(events)
        names = selectors.family_names(user=user, family_ids={e.family_id for e in events})
        services.log_read(
            by=user,
            summary="Søgning i loggen",
            terms={**form.terms(), **({"page": page} if page > 1 else {})},
            family_ids=family_ids
            | ({person.family_id} if person else set())
            | ({family.pk} if family else set()),
            person_ids=person_ids | ({person.pk} if person else set()),
        )
    params = request.GET.copy()
    params.pop("page", None)
    staff_params = params.copy()  # a chosen match replaces the typed name
    for key in ("staff", "user"):
        staff_params.pop(key, None)
    return render(
        request,
        "oversight/search.html",
        {
            "staff_query": staff_params.urlencode(),
            "staff_chosen": form.cleaned_data.get("user") if form.is_valid() else None,
            "form": form,
            "lookup": lookup,
            "events": events,
            "family_names": names,
            "page": page,
            "has_more": has_more,
            "person": person,
            "family": family,
            "family_name": names.get(family.pk) if family else "",
            "not_found": not_found,
            "query_string": params.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def who_has_seen(request):
    user = request.user
    _require(user, "oversight.audit_search")
    form = WhoHasSeenForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = selectors.who_has_seen_search(user=user, term=form.cleaned_data["term"])
        services.log_read(
            by=user,
            summary="Søgning efter person eller familie i loggen",
            terms=result.terms,
            person_ids=[p.pk for p in result.persons],
            family_ids={p.family_id for p in result.persons} | {f.pk for f in result.families},
        )
    return render(request, "oversight/who_has_seen.html", {"form": form, "result": result})


@login_required
@require_http_methods(["GET", "POST"])
def spot_check(request):
    user = request.user
    _require(user, "oversight.spot_check")
    if request.method == "POST":
        if request.POST.get("action") == "reminder":
            try:
                services.spot_check_reminder_ensure(by=user)
                messages.success(request, "Stikprøvekontrollen står nu i årshjulet hver måned.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            drawn = services.spot_check_draw(by=user)
            messages.success(request, f"Der er udtrukket {len(drawn)} opslag til kontrol.")
        return redirect("spot_check")
    # The monthly spot-check entry comes into the centre's annual cycle by itself, the first
    # time anyone of the centre opens this page (once per centre; the button is a fallback).
    reminder = selectors.monthly_reminder_for(user=user)
    if reminder is None:
        try:
            reminder = services.spot_check_reminder_ensure(by=user)
        except ValidationError:
            reminder = None
    checks = selectors.spot_checks_for(user=user)
    services.log_read(
        by=user, summary="Stikprøvekontrol", family_ids=[c.event.family_id for c in checks]
    )
    return render(
        request,
        "oversight/spot_check.html",
        {
            "spot_checks": checks,
            "family_names": selectors.family_names(
                user=user, family_ids={c.event.family_id for c in checks}
            ),
            "form": SpotCheckMarkForm(),
            "reminder": reminder,
        },
    )


@login_required
@require_POST
def spot_check_mark(request, spot_check_id: int):
    user = request.user
    _require(user, "oversight.spot_check")
    spot = selectors.spot_check_for(user=user, spot_check_id=spot_check_id)
    if spot is None:
        raise Http404
    form = SpotCheckMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vælg en vurdering for opslaget.")
        return redirect("spot_check")
    try:
        services.spot_check_mark(spot_check=spot, by=user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Kontrollen er registreret.")
    return redirect("spot_check")


@login_required
def spot_check_report(request):
    user = request.user
    _require(user, "oversight.spot_check")
    today = timezone.localdate()
    form = ReportPeriodForm(request.GET or None)
    date_from, date_to = today.replace(day=1), today
    if form.is_bound and form.is_valid():
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or max(date_from, date_to)
    report = selectors.spot_check_report(user=user, date_from=date_from, date_to=date_to)
    services.log_read(
        by=user,
        summary="Rapport over stikprøvekontrol",
        family_ids=[c.event.family_id for c in report.findings],
    )
    return render(
        request,
        "oversight/spot_check_report.html",
        {
            "form": form,
            "report": report,
            "family_names": selectors.family_names(
                user=user, family_ids={c.event.family_id for c in report.findings}
            ),
        },
    )


@login_required
@require_POST
def subject_access_export(request, person_id: int):
    """The ZIP for one person in the DPO's tenancy; others answer as for no such person."""
    user = request.user
    _require(user, "oversight.subject_access")
    person = selectors.person_in_tenancy(user=user, person_id=person_id)
    if person is None:
        return render(
            request,
            "oversight/who_has_seen.html",
            {"form": WhoHasSeenForm(), "result": None, "not_found": NO_PERSON},
            status=404,
        )
    filename, data = subject_access.subject_access_export(by=user, person=person)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def value_jump_list(request):
    """The leader's (and the DPO's) list of value jumps in their tenancy."""
    user = request.user
    _require(user, "oversight.audit_search")
    page = _page_number(request)
    events, has_more = selectors.value_jumps_for(user=user, page=page)
    family_ids = {e.family_id for e in events if e.family_id}
    services.log_read(
        by=user,
        summary="Liste over værdispring",
        terms={"page": page} if page > 1 else None,
        family_ids=family_ids,
    )
    return render(
        request,
        "oversight/value_jumps.html",
        {
            "events": events,
            "family_names": selectors.family_names(user=user, family_ids=family_ids),
            "page": page,
            "has_more": has_more,
        },
    )


@login_required
@require_POST
def value_jump_check(request, value_jump_event_id: int):
    user = request.user
    _require(user, "oversight.spot_check")
    event = selectors.value_jump_event_for(user=user, event_id=value_jump_event_id)
    if event is None:
        raise Http404
    _check, created = services.value_jump_check(by=user, event=event)
    if created:
        messages.success(request, "Værdispringet er lagt til stikprøvekontrol. Vurdér det her.")
    else:
        messages.info(request, "Værdispringet er allerede udtrukket til kontrol.")
    return redirect("spot_check")
