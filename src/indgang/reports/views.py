"""Report pages for leaders. Views parse input, call the calculators or selectors, render."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from indgang.audit.services import Action, audit_record
from indgang.reports import charts, dashboard, economics, expenditure, exports, selectors
from indgang.reports.forms import GROUPS, DevelopmentForm, EconomicsForm, StatusForm
from indgang.reports.pdf import render_pdf

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
    return render(
        request,
        "reports/dashboard.html",
        {"title": "Overblik for styregruppen", "board": board, "chart": chart},
    )
