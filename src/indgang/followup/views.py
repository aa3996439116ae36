"""Contact, cadences, the coordinator's week, the partner's list, the core team's agenda, the
leader's compliance view and the annual cycle. Views parse input, call a service or selector,
and render."""

from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods, require_POST

from indgang.audit.services import Action, audit_record
from indgang.core.charts import data_uri, line_chart
from indgang.core.forms import apply_validation_error
from indgang.core.templatetags.indgang_format import MONTHS_ABBR
from indgang.families.access import family_for
from indgang.families.models import Case
from indgang.families.reads import note_shown
from indgang.followup import calendar, forms, selectors, services
from indgang.followup.due import startup_weeks
from indgang.followup.models import CaseCadence, MunicipalityCadence


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _audit_view(request, object_type: str, *, family_id=None, case_id=None, summary=""):
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type=object_type,
        family_id=family_id,
        case_id=case_id,
        summary=summary,
    )


def _managed_case(request, family_id: int) -> tuple:
    family = family_for(request.user, family_id)
    _require(request.user, "families.manage_case", family)
    case = family.cases.exclude(status=Case.Status.DISCHARGED).order_by("-referred_on").first()
    return family, case


def _form_page(request, form, family, title, intro=""):
    return render(
        request,
        "families/form.html",
        {"form": form, "family": family, "title": title, "intro": intro},
    )


# --- Contact, major change, the family's cadence -------------------------------------


@login_required
def contact_list(request, family_id: int):
    family, contacts, changes = selectors.contacts_for(user=request.user, family_id=family_id)
    _audit_view(request, "contactlog", family_id=family.pk, summary="Kontaktlog")
    return render(
        request,
        "followup/contact_list.html",
        {
            "family": family,
            "contacts": contacts,
            "changes": changes,
            "can_manage": request.user.has_perm("families.manage_case", family),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request, family_id: int):
    family, case = _managed_case(request, family_id)
    form = forms.ContactForm(
        request.POST or None, initial={"on": timezone.localdate(), "initiative": "coordinator"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            if case is None:
                raise ValidationError("Familien har ingen åben sag.")
            services.contact_record(by=request.user, case=case, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Kontakten er registreret.")
            return redirect("family_detail", family_id=family.pk)
    return _form_page(request, form, family, "Registrér kontakt med familien")


@login_required
@require_http_methods(["GET", "POST"])
def major_change_create(request, family_id: int):
    family, case = _managed_case(request, family_id)
    form = forms.MajorChangeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            if case is None:
                raise ValidationError("Familien har ingen åben sag.")
            services.major_change_record(by=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, "Ændringen er registreret, og opstartsmøderne er oprettet igen."
            )
            return redirect("family_detail", family_id=family.pk)
    return _form_page(
        request,
        form,
        family,
        "Væsentlig ændring i familiens situation",
        "Ved en væsentlig ændring gentages opstartspraksis: udredningsmøde, analysemøde(r) og "
        "en ny aftale om den fælles plan.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_cadence_edit(request, family_id: int):
    family, case = _managed_case(request, family_id)
    current = CaseCadence.objects.filter(case=case).first() if case else None
    initial = {}
    if current:
        initial = {
            "profile": current.profile_id,
            "contact_every_months": current.contact_every_months,
            "child_welfare": current.child_welfare,
        }
    form = forms.CaseCadenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if case is None:
                raise ValidationError("Familien har ingen åben sag.")
            services.case_cadence_set(by=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Familiens kadence er ændret.")
            return redirect("family_detail", family_id=family.pk)
    return _form_page(
        request,
        form,
        family,
        "Familiens kadence",
        "Kommunens kadence kan tilpasses familien, f.eks. når familien ønsker tættere kontakt "
        "eller mere ro. Begrundelsen gemmes i loggen.",
    )


# --- The people's own views ----------------------------------------------------------


@login_required
def my_week(request):
    _require(request.user, "families.browse")
    today = timezone.localdate()
    week = selectors.coordinator_week(user=request.user, today=today)
    # What the apps above follow-up add (settings.MY_WEEK_PANELS); each notes what it shows.
    panels = [
        panel
        for panel in (
            import_string(path)(user=request.user, today=today, family_ids=week.family_ids)
            for path in settings.MY_WEEK_PANELS
        )
        if panel
    ]
    _audit_view(request, "week", summary="Min uge")
    note_shown(week)
    return render(request, "followup/my_week.html", {"w": week, "today": today, "panels": panels})


@login_required
def my_tasks(request):
    _require(request.user, "families.browse")
    data = selectors.partner_list(user=request.user)
    _audit_view(request, "tasks", summary="Mine opgaver og møder")
    note_shown(data)
    return render(request, "followup/my_tasks.html", data)


# --- The leader's view -----------------------------------------------------------------


@login_required
def compliance(request):
    _require(request.user, "families.view_participant_list")
    data = selectors.compliance_for(user=request.user)
    data.update(selectors.overdue_lists(user=request.user))
    today = timezone.localdate()
    # Complaints past their reconsideration deadline, and the like (apps above follow-up).
    data["panels"] = [
        panel
        for panel in (
            import_string(path)(user=request.user, today=today)
            for path in settings.COMPLIANCE_PANELS
        )
        if panel
    ]
    data["chart"] = _compliance_chart(data)
    data["chart_title"] = COMPLIANCE_CHART_TITLE
    data["cases_url"] = reverse("compliance_cases")
    _audit_view(request, "compliance", summary="Overholdelse af kadencen")
    note_shown(data)
    return render(request, "followup/compliance.html", data)


# The figure's measure and outcome in the URL (?maal=kontakt&udfald=overholdt).
COMPLIANCE_MEASURES = {"kontakt": "contact", "opfoelgning": "followup", "opstart": "startup"}
COMPLIANCE_OUTCOMES = {"overholdt": True, "ikke-overholdt": False}


@login_required
def compliance_cases(request):
    """The cases behind one figure on the compliance page (?maaned=2026-11&maal=kontakt and
    optionally kommune=<id> or koordinator=<id>|ingen, udfald=overholdt|ikke-overholdt)."""
    _require(request.user, "families.view_participant_list")
    today = timezone.localdate()
    month = today.replace(day=1)
    if "maaned" in request.GET:
        try:
            year, month_number = (int(part) for part in request.GET["maaned"].split("-"))
            month = date(year, month_number, 1)
        except (ValueError, OverflowError):
            raise Http404 from None
    measure = COMPLIANCE_MEASURES.get(request.GET.get("maal", "kontakt"))
    outcome = request.GET.get("udfald", "")
    if measure is None or (outcome and outcome not in COMPLIANCE_OUTCOMES):
        raise Http404
    municipality = coordinator = None
    coordinator_id = ""
    try:
        if "kommune" in request.GET:
            municipality = selectors.compliance_municipality_for(
                user=request.user, pk=int(request.GET["kommune"])
            )
        if request.GET.get("koordinator") == "ingen":
            coordinator_id = None
        elif "koordinator" in request.GET:
            coordinator = selectors.compliance_coordinator_for(
                user=request.user, pk=int(request.GET["koordinator"])
            )
            coordinator_id = coordinator.pk
    except (ValueError, OverflowError):
        raise Http404 from None
    data = selectors.compliance_cases(
        user=request.user,
        month=month,
        measure=measure,
        done=COMPLIANCE_OUTCOMES.get(outcome),
        municipality=municipality,
        coordinator_id=coordinator_id,
        today=today,
    )
    slugs = {v: k for k, v in COMPLIANCE_MEASURES.items()}
    query = {"maaned": f"{month:%Y-%m}", "maal": slugs[measure]}
    for key in ("kommune", "koordinator"):
        if key in request.GET:
            query[key] = request.GET[key]
    data.update(
        {
            "municipality": municipality,
            "coordinator": coordinator,
            "no_coordinator": coordinator_id is None,
            "outcome": outcome,
            "all_url": f"{reverse('compliance_cases')}?{urlencode(query)}",
            "missed_url": f"{reverse('compliance_cases')}?"
            + urlencode({**query, "udfald": "ikke-overholdt"}),
            "done_url": f"{reverse('compliance_cases')}?"
            + urlencode({**query, "udfald": "overholdt"}),
            "startup_weeks": startup_weeks(),
        }
    )
    _audit_view(request, "compliance", summary="Overholdelse af kadencen: sagerne bag et tal")
    note_shown(data)
    return render(request, "followup/compliance_cases.html", data)


COMPLIANCE_CHART_TITLE = "Kadencen overholdt, alle kommuner, pr. måned (%)"


def _compliance_chart(data: dict) -> str | None:
    """The total row's three shares over the months; the table below carries the figures."""
    total = data.get("total")
    if total is None or not data.get("municipalities"):
        return None
    labels = [f"{MONTHS_ABBR[month.month - 1]} {month.year}" for month in data["months"]]
    labels[-1] += "*"  # the current month, so far
    series = [
        ("Kontakt i måneden", [share.percent for share in total.contact]),
        ("Opfølgning til tiden", [share.percent for share in total.followup]),
        ("Opstart til tiden", [share.percent for share in total.startup]),
    ]
    return data_uri(
        line_chart(labels, series, title=COMPLIANCE_CHART_TITLE, ylabel="Procent", ylim=(0, 105))
    )


@login_required
@require_http_methods(["GET", "POST"])
def municipality_cadence(request):
    _require(request.user, "families.view_participant_list")
    if request.user.centre is None:
        raise PermissionDenied
    municipalities = list(request.user.centre.municipalities.all())
    current = {
        c.municipality_id: c.profile_id
        for c in MunicipalityCadence.objects.filter(municipality__in=municipalities)
    }
    from indgang.followup.models import CadenceProfile

    default = CadenceProfile.objects.filter(code="kos").values_list("pk", flat=True).first()
    form = forms.MunicipalityCadenceForm(
        request.POST or None,
        municipalities=municipalities,
        initial={f"m{m.pk}": current.get(m.pk, default) for m in municipalities},
    )
    if request.method == "POST" and form.is_valid():
        for m in municipalities:
            profile = form.cleaned_data[f"m{m.pk}"]
            if current.get(m.pk) != profile.pk:
                services.municipality_cadence_set(by=request.user, municipality=m, profile=profile)
        messages.success(request, "Kommunernes kadence er gemt.")
        return redirect("compliance")
    return render(
        request,
        "families/form.html",
        {
            "form": form,
            "title": "Kadence pr. kommune",
            "intro": "Vælg den model, hver kommune følger. Den enkelte families kadence kan "
            "tilpasses på familiens side.",
        },
    )


# --- The annual cycle ------------------------------------------------------------------


@login_required
def annual_cycle(request):
    _require(request.user, "followup.annual_cycle")
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    data = selectors.annual_cycle(user=request.user, year=year)
    data["can_edit"] = request.user.has_perm("families.view_participant_list")
    feed = selectors.active_annual_feed(user=request.user)
    data["feed_url"] = (
        request.build_absolute_uri(
            reverse("annual_cycle_feed", kwargs={"annual_feed_id": feed.token})
        )
        if feed
        else ""
    )
    return render(request, "followup/annual_cycle.html", data)


@login_required
@require_POST
def annual_cycle_subscription(request):
    """Create (or replace) or revoke the user's secret subscription URL for the annual cycle."""
    _require(request.user, "followup.annual_cycle")
    if request.POST.get("action") == "revoke":
        services.annual_feed_revoke(by=request.user)
        messages.success(request, "Abonnementsadressen er tilbagekaldt og virker ikke længere.")
    else:
        services.annual_feed_create(by=request.user)
        messages.success(request, "Du har fået en ny abonnementsadresse. Den gamle virker ikke.")
    return redirect("annual_cycle")


def annual_cycle_feed(request, annual_feed_id: str):
    """The annual cycle as iCalendar; ``annual_feed_id`` is the secret token, so calendar
    programs can subscribe without a login. A revoked or unknown token is a 404."""
    if request.method != "GET":
        raise Http404
    feed = selectors.annual_feed_for_token(token=annual_feed_id)
    user = feed.user
    data = selectors.annual_cycle(user=user, year=timezone.localdate().year)
    body = calendar.annual_cycle_feed(data["events"], name=f"Årshjul – {user.centre}")
    audit_record(
        user=user,
        action=Action.VIEW,
        object_type="annualcyclefeed",
        object_id=feed.pk,
        summary="Årshjulsfeed hentet",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="aarshjul.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def annual_event_create(request):
    _require(request.user, "families.view_participant_list")
    if request.user.centre is None:
        raise PermissionDenied
    form = forms.AnnualEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_event_create(
                by=request.user, centre=request.user.centre, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Begivenheden er tilføjet årshjulet.")
            return redirect("annual_cycle")
    return render(
        request, "families/form.html", {"form": form, "title": "Ny begivenhed i årshjulet"}
    )
