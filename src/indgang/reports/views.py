"""Report pages for leaders. Views parse input, call the calculators or selectors, render."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from indgang.reports import economics
from indgang.reports.forms import GROUPS, EconomicsForm

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
