"""Report pages for leaders. Views parse input, call the calculators or selectors, render."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from indgang.audit.services import Action, audit_record
from indgang.core.forms import apply_validation_error
from indgang.families.access import family_for
from indgang.families.models import Person
from indgang.families.reads import note_shown
from indgang.reports import (
    charts,
    dashboard,
    economics,
    expenditure,
    exports,
    forms,
    selectors,
    services,
)
from indgang.reports.forms import GROUPS, DevelopmentForm, EconomicsForm, StatusForm
from indgang.reports.models import DaycareAttachment
from indgang.reports.pdf import render_pdf
from indgang.surveys import charts as survey_charts

REPORT_PERM = "families.view_participant_list"  # leaders and project leaders of a centre


def _require(user, perm: str = REPORT_PERM) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


@login_required
def economics_page(request):
    """The KOS report's two scenario tables, every parameter editable (GET)."""
    _require(request.user)
    form = EconomicsForm(request.GET or None)
    params = economics.Parameters()
    valid = True
    if form.is_bound:
        valid = form.is_valid()
        if valid:
            params = form.parameters()
    breakdowns = economics.breakdowns(params)
    current = {
        name: request.GET.get(name, "")
        for name in economics.PARAMETER_NAMES
        if request.GET.get(name, "")
    }
    switches = {
        name: "?" + urlencode({**current, name: economics.number(b.computed)})
        for name, b in breakdowns.items()
    }
    groups = []
    for key, legend in GROUPS.items():
        rows = [
            (form[info.name], breakdowns.get(info.name), switches.get(info.name))
            for info in economics.parameter_info()
            if info.group == key
        ]
        groups.append((legend, rows))
    context = {
        "title": "Økonomi: KOS-rapportens scenarier",
        "form": form,
        "valid": valid,
        "groups": groups,
        "comparisons": [economics.caseload_scenarios(params), economics.daycare_scenarios(params)]
        if valid
        else [],
        "breakdowns": breakdowns.values(),
    }
    return render(request, "reports/economics.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _status_chart(status) -> str:
    rows = status.interventions
    return charts.grouped_bars(
        [r.label for r in rows],
        [
            ("Ved indskrivning", [r.prior_start for r in rows]),
            ("Ved statusdato", [r.prior_now for r in rows]),
        ],
        title=f"Indsatser blandt de {status.with_prior} børn med forudgående sag",
        ylabel="Antal børn",
    )


@login_required
def kos_status_page(request):
    """The KOS status report for a date and municipalities: HTML, ``?format=pdf`` or ``xlsx``."""
    user = request.user
    _require(user)
    municipalities = selectors.municipalities_for(user)
    form = StatusForm(request.GET or None, municipalities=municipalities)
    status = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        on = data.get("on") or timezone.localdate()
        chosen = [m.pk for m in data.get("municipalities") or []]
        try:
            status = selectors.kos_status(user=user, on=on, municipality_ids=chosen)
        except selectors.StatusReportError as error:
            if not form.is_bound:
                form = StatusForm({"on": on.isoformat()}, municipalities=municipalities)
                form.is_valid()
            form.add_error("on", str(error))
    fmt = request.GET.get("format", "")
    if status and fmt in ("pdf", "xlsx"):
        audit_record(
            user=user,
            action=Action.EXPORT,
            object_type="report_kos_status",
            summary=f"KOS-statusrapport {status.on:%d.%m.%Y} eksporteret som {fmt.upper()}",
        )
        name = f"kos-status-{status.on:%Y-%m-%d}"
        if fmt == "xlsx":
            response = HttpResponse(exports.status_xlsx(status), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        html = render_to_string(
            "reports/kos_status_pdf.html",
            {
                "status": status,
                "chart": _status_chart(status),
                "complaints": selectors.complaint_rows(status),
            },
        )
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if status:
        audit_record(
            user=user,
            action=Action.VIEW,
            object_type="report_kos_status",
            summary=f"KOS-statusrapport {status.on:%d.%m.%Y}",
        )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "reports/kos_status.html",
        {
            "title": "KOS-statusrapport",
            "form": form,
            "status": status,
            "chart": _status_chart(status) if status else "",
            "complaints": selectors.complaint_rows(status) if status else [],
            "query": query.urlencode(),
        },
    )


@login_required
def expenditure_development_page(request):
    """The Randers method: a quarter's expenditure against the baseline year's average."""
    user = request.user
    _require(user)
    year, quarter = expenditure.default_quarter(timezone.localdate())
    initial = {"baseline_year": year - 2, "year": year, "quarter": quarter}
    form = DevelopmentForm(request.GET or initial)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = expenditure.expenditure_development(
            user=user,
            baseline_year=data["baseline_year"],
            year=data["year"],
            quarter=data["quarter"],
            caseworkers=data["caseworkers"] if data["caseworkers"] is not None else Decimal("1"),
            salary=data["salary"]
            if data["salary"] is not None
            else expenditure.SALARY_PER_CASEWORKER,
        )
    if result and request.GET.get("format") == "xlsx":
        audit_record(
            user=user,
            action=Action.EXPORT,
            object_type="report_expenditure_development",
            summary=f"Udgiftsudvikling {result.year} K{result.quarter} eksporteret som XLSX",
        )
        response = HttpResponse(exports.development_xlsx(result), content_type=XLSX)
        name = f"udgiftsudvikling-{result.year}-k{result.quarter}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    chart = ""
    if result:
        audit_record(
            user=user,
            action=Action.VIEW,
            object_type="report_expenditure_development",
            summary="Udgiftsudvikling",
        )
        rows = result.rows[:-1]
        chart = charts.grouped_bars(
            [r.label for r in rows],
            [
                (f"Gns. pr. kvartal {result.baseline_year}", [float(r.baseline) for r in rows]),
                (f"{result.year} K{result.quarter}", [float(r.now) for r in rows]),
            ],
            title="Udgifter pr. kvartal i kr.",
            ylabel="kr.",
        )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "reports/expenditure_development.html",
        {
            "title": "Udgiftsudvikling (Randers-metoden)",
            "form": form,
            "result": result,
            "chart": chart,
            "query": query.urlencode() or "&".join(f"{k}={v}" for k, v in initial.items()),
        },
    )


@login_required
def dashboard_page(request):
    """The leader's dashboard: each figure links to the report it comes from."""
    user = request.user
    _require(user)
    board = dashboard.dashboard_for(user=user)
    audit_record(user=user, action=Action.VIEW, object_type="report_dashboard", summary="Overblik")
    chart = ""
    if board.caseloads:
        names = [
            load.coordinator.get_full_name() or load.coordinator.username
            for load in board.caseloads
        ]
        chart = charts.grouped_bars(
            names,
            [
                ("Aktive familier", [load.active for load in board.caseloads]),
                ("Mål", [load.target for load in board.caseloads]),
            ],
            title="Sagstal pr. koordinator",
            ylabel="Familier",
        )
        # An image, like the other charts: it scales to a phone's width (an inline SVG does not).
        chart = survey_charts.data_uri(chart)
    themes_chart = scores_chart = ""
    if board.themes:
        r = board.themes.round
        themes_chart = survey_charts.data_uri(
            survey_charts.bar_chart(
                title=f"{r.survey} – {r.name}: gennemsnit pr. tema",
                categories=[c.theme for c in board.themes.themes],
                series=[(r.name, [c.mean for c in board.themes.themes])],
            )
        )
    scored = [s for s in board.status_scores or () if s.quarter]
    if scored:
        scores_chart = survey_charts.data_uri(
            survey_charts.bar_chart(
                title="Statusmåling: seneste kvartal pr. kerneelement",
                categories=[s.element for s in scored],
                series=[("Seneste kvartal", [s.mean for s in scored])],
            )
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "title": "Overblik for styregruppen",
            "board": board,
            "chart": chart,
            "themes_chart": themes_chart,
            "scores_chart": scores_chart,
        },
    )


@login_required
def dashboard_cases(request):
    """The families behind one of the dashboard's figures (``?tal=…``, for complaints also
    ``&aar=…``), of the families the leader oversees. Names families: noted for the read log."""
    user = request.user
    _require(user)
    figure = request.GET.get("tal") or "indskrevet"
    year = None
    raw_year = request.GET.get("aar", "")
    if raw_year:
        if not (raw_year.isdigit() and 2000 <= int(raw_year) <= 2100):
            return render(
                request,
                "reports/dashboard_cases.html",
                {"title": "Familierne bag tallet", "error": "Året skal være et årstal, fx 2026."},
                status=400,
            )
        year = int(raw_year)
    behind = dashboard.families_behind(user=user, figure=figure, year=year)
    note_shown([family for family, _ in behind.rows])
    return render(
        request,
        "reports/dashboard_cases.html",
        {"title": behind.title, "behind": behind, "figures": dashboard.FIGURES},
    )


# --- A child's day care or school (the status report's attachment and changes) ---------------


@login_required
@require_http_methods(["GET", "POST"])
def daycare_attachments(request, family_id: int):
    """The family's children and their day care or school over time; a coordinator records a
    new place (a change, if the child had one) or the end of a place. Reached from the family
    page's panel."""
    user = request.user
    family = family_for(user, family_id)
    if not user.has_perm("families.manage_case", family):
        raise PermissionDenied
    children = list(family.members.filter(relation=Person.Relation.CHILD).order_by("birth_date"))
    places = list(
        DaycareAttachment.objects.filter(person__in=children)
        .select_related("person")
        .order_by("person__birth_date", "person_id", "started_on")
    )
    current = [a for a in places if a.ended_on is None]
    action = request.POST.get("action") if request.method == "POST" else ""
    record_form = forms.AttachmentForm(
        request.POST if action == "record" else None, children=children, prefix="ny"
    )
    end_form = forms.AttachmentEndForm(
        request.POST if action == "end" else None, current=current, prefix="slut"
    )
    if action == "record" and record_form.is_valid():
        data = record_form.cleaned_data
        child = next(c for c in children if str(c.pk) == data["child"])
        try:
            services.attachment_record(
                person=child,
                kind=data["kind"],
                institution=data["institution"],
                started_on=data["started_on"],
                by=user,
            )
        except ValidationError as error:
            apply_validation_error(record_form, error)
        else:
            messages.success(request, f"{child.first_name}s plads er registreret.")
            return redirect("daycare_attachments", family_id=family.pk)
    elif action == "end" and end_form.is_valid():
        data = end_form.cleaned_data
        place = next(a for a in current if str(a.pk) == data["attachment"])
        try:
            services.attachment_end(attachment=place, ended_on=data["ended_on"], by=user)
        except ValidationError as error:
            apply_validation_error(end_form, error)
        else:
            messages.success(request, f"{place.person.first_name}s plads er afsluttet.")
            return redirect("daycare_attachments", family_id=family.pk)
    status = 400 if action in ("record", "end") else 200
    return render(
        request,
        "reports/daycare_attachments.html",
        {
            "title": "Dagtilbud og skole",
            "family": family,
            "children": [(c, [a for a in places if a.person_id == c.pk]) for c in children],
            "record_form": record_form,
            "end_form": end_form if current else None,
        },
        status=status,
    )
