"""The project leader's pages: the participant list (with exports) and caseloads."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from indgang.audit.services import Action, audit_record
from indgang.core.forms import Form
from indgang.families import exports, selectors
from indgang.families.models import Case


class ParticipantFilterForm(Form):
    municipality = forms.ModelChoiceField(
        label="Kommune", queryset=None, required=False, empty_label="Alle"
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Indskrevne"), (Case.Status.DISCHARGED, "Udskrevne")],
    )
    coordinator = forms.ModelChoiceField(
        label="Koordinator", queryset=None, required=False, empty_label="Alle"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        centre = user.centre
        self.fields["municipality"].queryset = (
            centre.municipalities.all() if centre else Case.objects.none()
        )
        self.fields["coordinator"].queryset = selectors.coordinators_for(centre_id=user.centre_id)


@login_required
def participant_list(request):
    user = request.user
    if not user.has_perm("families.view_participant_list"):
        raise PermissionDenied
    form = ParticipantFilterForm(request.GET or None, user=user)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "municipality_id": data["municipality"].pk if data["municipality"] else None,
            "status": data["status"],
            "coordinator_id": data["coordinator"].pk if data["coordinator"] else None,
        }
    rows = selectors.participant_rows(selectors.participant_list(user=user, **filters))
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        audit_record(
            user=user,
            action=Action.EXPORT,
            object_type="participant_list",
            person_ids=[pid for r in rows for pid in r.person_ids],
            family_ids=[r.case.family_id for r in rows],
            summary=f"Deltagerliste eksporteret som {fmt.upper()} ({len(rows)} børn)",
        )
        if fmt == "csv":
            response = HttpResponse(
                exports.participants_csv(rows), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                exports.participants_xlsx(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="deltagerliste.{fmt}"'
        return response
    audit_record(
        user=user,
        action=Action.VIEW,
        object_type="participant_list",
        person_ids=[pid for r in rows for pid in r.person_ids],
        family_ids=[r.case.family_id for r in rows],
        summary="Deltagerliste",
    )
    params = request.GET.copy()
    params.pop("format", None)
    return render(
        request,
        "families/participant_list.html",
        {"form": form, "rows": rows, "query_string": params.urlencode()},
    )


@login_required
def caseload(request):
    if not request.user.has_perm("families.view_caseload"):
        raise PermissionDenied
    loads = selectors.caseload_for(user=request.user)
    return render(
        request, "families/caseload.html", {"loads": loads, "centre": request.user.centre}
    )
