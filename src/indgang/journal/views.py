"""The journal export page: what the export holds, and the ZIP for the journal system."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from indgang.core.forms import Form
from indgang.families.access import family_for
from indgang.journal import selectors
from indgang.journal.export import journal_export as export_family


class JournalExportForm(Form):
    include_cpr = forms.BooleanField(
        label="Medtag fulde CPR-numre i indekset",
        required=False,
        help_text="Kun hvis journalsystemet skal bruge dem til at journalisere på personen. "
        "Ellers vises CPR-numre maskeret (fødselsdato og xxxx).",
    )


@login_required
@require_http_methods(["GET", "POST"])
def journal_export(request, family_id: int):
    family = family_for(request.user, family_id)
    if not request.user.has_perm("families.manage_case", family):
        raise PermissionDenied
    form = JournalExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        export = export_family(
            by=request.user, family=family, include_cpr=form.cleaned_data["include_cpr"]
        )
        response = HttpResponse(export.data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
    return render(
        request,
        "journal/export.html",
        {"family": family, "form": form, "summary": selectors.export_summary(family=family)},
    )
