"""Intervention pages. Views parse input, call a service or selector, and render."""

from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from indgang.audit.services import Action, audit_record
from indgang.core.forms import apply_validation_error
from indgang.families.access import family_for
from indgang.families.models import Family
from indgang.interventions import digital_post, exports, forms, selectors, services
from indgang.interventions.letters import PLACEHOLDERS, decision_letter_pdf
from indgang.interventions.models import (
    Application,
    Complaint,
    CoreTeamProposal,
    Decision,
    ReviewProposal,
)
from indgang.meetings.models import Meeting
from indgang.organisation.models import Department, User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DECISIONS_SHOWN = 25  # on the family's interventions page, until all are asked for


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _managed_family(request, family_id: int) -> Family:
    family = family_for(request.user, family_id)
    _require(request.user, "families.manage_case", family)
    return family


def _open_case(family: Family):
    case = family.cases.open().select_related("family__municipality").first()
    if case is None:
        raise Http404("Familien har ingen åben sag.")
    return case


def _form_page(
    request,
    family: Family,
    *,
    title: str,
    form,
    action: Callable,
    done: str | Callable,
    intro: str = "",
    then: Callable | None = None,
    back: str = "",
):
    """Validate, call the service, go back to the family's interventions (or ``then(result)``);
    errors by the field."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done(result) if callable(done) else done)
            if then is not None:
                return redirect(then(result))
            return redirect("family_interventions", family_id=family.pk)
    return render(
        request,
        "interventions/form.html",
        {"form": form, "family": family, "title": title, "intro": intro, "back_url": back},
    )


# --- The family's interventions -------------------------------------------------------------


@login_required
def family_interventions(request, family_id: int):
    family = family_for(request.user, family_id)
    data = selectors.family_interventions(user=request.user, family=family)
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="family_interventions",
        object_id=family.pk,
        family_id=family.pk,
        summary="Indsatser og afgørelser",
    )
    # The decisions newest first; a family with a hundred over the years sees the latest
    # until it asks for them all.
    decisions = sorted(data.decisions, key=lambda d: (d.decided_on, d.pk), reverse=True)
    all_decisions = request.GET.get("afgoerelser") == "alle"
    return render(
        request,
        "interventions/family_interventions.html",
        {
            "family": family,
            "data": data,
            "decisions": decisions if all_decisions else decisions[:DECISIONS_SHOWN],
            "decisions_hidden": 0 if all_decisions else max(len(decisions) - DECISIONS_SHOWN, 0),
            "can_manage": request.user.has_perm("families.manage_case", family),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request, family_id: int):
    family = _managed_family(request, family_id)
    case = _open_case(family)
    form = forms.ApplicationForm(
        request.POST or None, family=family, initial={"received_on": timezone.localdate()}
    )
    return _form_page(
        request,
        family,
        title="Registrér ansøgning",
        intro="Fristen for afgørelsen regnes fra den dag, ansøgningen er modtaget.",
        form=form,
        action=lambda f: services.application_create(by=request.user, case=case, **f.cleaned_data),
        done="Ansøgningen er registreret.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, family_id: int, application_id: int):
    family = _managed_family(request, family_id)
    application = get_object_or_404(
        Application.objects.select_related("intervention_type", "person"),
        pk=application_id,
        family=family,
    )
    form = forms.DecisionForm(
        request.POST or None,
        bases=selectors.legal_bases_for(application.intervention_type),
        initial={"decided_on": timezone.localdate()},
    )
    return _form_page(
        request,
        family,
        title=f"Afgørelse: {application.intervention_type}",
        intro=f"Ansøgningen blev modtaget {application.received_on:%d.%m.%Y}; "
        f"fristen er {application.deadline:%d.%m.%Y}.",
        form=form,
        action=lambda f: services.decision_make(
            by=request.user, application=application, **f.cleaned_data
        ),
        done="Afgørelsen er registreret. Brevet kan hentes som PDF.",
    )


@login_required
def decision_letter(request, family_id: int, decision_id: int):
    decision = get_object_or_404(
        Decision.objects.select_related(
            "intervention_type",
            "legal_basis",
            "application__person",
            "family",
            "municipality",
            "decided_by",
        ),
        pk=decision_id,
        family=family_for(request.user, family_id),
    )
    selectors.require_decision_concerns(user=request.user, decision=decision)
    assignment = (
        decision.application.case.coordinator_assignments.filter(ended_on__isnull=True)
        .select_related("coordinator")
        .first()
    )
    try:
        pdf = decision_letter_pdf(
            decision, coordinator=assignment.coordinator if assignment else None
        )
    except LookupError as error:
        messages.error(request, str(error))
        return redirect("family_interventions", family_id=family_id)
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        object_type="decision",
        object_id=decision.pk,
        family_id=decision.family_id,
        case_id=decision.application.case_id,
        summary="Afgørelsesbrev (PDF)",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="afgoerelse-{decision.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def decision_digital_post(request, family_id: int, decision_id: int):
    """The letter as a Digital Post (MeMo) message: choose the parent, take the message for the
    gateway, and the decision shows the date it was sent. No CPR number in the URL or name."""
    family = _managed_family(request, family_id)
    decision = get_object_or_404(
        Decision.objects.select_related(
            "intervention_type",
            "legal_basis",
            "application__person",
            "application__case",
            "family",
            "municipality",
            "decided_by",
            "digital_post_sent_by",
            "digital_post_recipient",
        ),
        pk=decision_id,
        family=family,
    )
    recipients = digital_post.recipients(decision)
    form = forms.DigitalPostForm(
        request.POST if request.method == "POST" else None, recipients=recipients
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            message = services.decision_digital_post_send(
                by=request.user, decision=decision, recipient_id=form.cleaned_data["recipient"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except digital_post.DigitalPostError as error:
            problem = str(error)
        else:
            response = HttpResponse(message.xml, content_type="application/xml; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{message.filename}"'
            return response
    if not problem:
        try:
            digital_post.sender_cvr(decision)
        except digital_post.DigitalPostError as error:
            problem = str(error)
    return render(
        request,
        "interventions/digital_post.html",
        {
            "family": family,
            "decision": decision,
            "form": form,
            "recipients": recipients,
            "problem": problem,
            "title": "Send med Digital Post",
            "message_title": digital_post.message_title(decision),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cost_split(request, family_id: int, decision_id: int):
    family = _managed_family(request, family_id)
    decision = get_object_or_404(
        Decision.objects.select_related("intervention_type"), pk=decision_id, family=family
    )
    latest = decision.cost_splits.order_by("-version").first()
    initial_shares = (
        [(s.department, s.percent) for s in latest.shares.select_related("department")]
        if latest
        else []
    )
    form = forms.CostSplitForm(
        request.POST or None,
        departments=Department.objects.filter(municipality_id=family.municipality_id),
        initial_shares=initial_shares,
        initial={"valid_from": timezone.localdate()},
    )
    return _form_page(
        request,
        family,
        title=f"Hvem betaler: {decision.intervention_type}",
        intro="Fordel udgiften mellem afdelingerne. Andelene skal give 100 % tilsammen. "
        "Den tidligere fordeling gemmes som historik.",
        form=form,
        action=lambda f: services.cost_split_set(
            by=request.user,
            decision=decision,
            shares=f.shares(),
            valid_from=f.cleaned_data["valid_from"],
            note=f.cleaned_data["note"],
        ),
        done="Fordelingen er gemt.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request, family_id: int):
    family = _managed_family(request, family_id)
    case = _open_case(family)
    decisions = Decision.objects.filter(family=family).select_related("intervention_type")
    form = forms.ComplaintForm(
        request.POST or None, decisions=decisions, initial={"received_on": timezone.localdate()}
    )
    return _form_page(
        request,
        family,
        title="Registrér klage",
        intro="Kommunen skal genvurdere en klage over en afgørelse inden for 4 uger.",
        form=form,
        action=lambda f: services.complaint_create(
            by=request.user,
            case=case,
            kind=f.cleaned_data["kind"],
            received_on=f.cleaned_data["received_on"],
            decision_id=f.cleaned_data["decision"],
            description=f.cleaned_data["description"],
        ),
        done="Klagen er registreret.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_reconsider(request, family_id: int, complaint_id: int):
    family = _managed_family(request, family_id)
    complaint = get_object_or_404(Complaint, pk=complaint_id, family=family)
    form = forms.ReconsiderForm(
        request.POST or None, initial={"reconsidered_on": timezone.localdate()}
    )
    return _form_page(
        request,
        family,
        title="Genvurdering af klage",
        intro=f"Klagen blev modtaget {complaint.received_on:%d.%m.%Y}; "
        f"fristen for genvurdering er {complaint.reconsideration_deadline:%d.%m.%Y}.",
        form=form,
        action=lambda f: services.complaint_reconsider(
            by=request.user,
            complaint=complaint,
            reconsidered_on=f.cleaned_data["reconsidered_on"],
            outcome=f.cleaned_data["outcome"],
            hours=f.hours(),
        ),
        done="Genvurderingen er registreret.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_appeal(request, family_id: int, complaint_id: int):
    family = _managed_family(request, family_id)
    complaint = get_object_or_404(Complaint, pk=complaint_id, family=family)
    form = forms.AppealForm(request.POST or None)
    return _form_page(
        request,
        family,
        title="Ankestyrelsens afgørelse",
        form=form,
        action=lambda f: services.complaint_appeal_decided(
            by=request.user,
            complaint=complaint,
            appeal_outcome=f.cleaned_data["appeal_outcome"],
            decided_on=f.cleaned_data["decided_on"],
            hours=f.hours(),
        ),
        done="Ankestyrelsens afgørelse er registreret.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_start(request, family_id: int, review_id: int):
    family = _managed_family(request, family_id)
    proposal = get_object_or_404(
        ReviewProposal.objects.select_related("decision__application__case"),
        pk=review_id,
        family=family,
    )
    form = forms.ReviewStartForm(
        request.POST or None, initial={"received_on": timezone.localdate()}
    )
    return _form_page(
        request,
        family,
        title="Start revurdering",
        intro="Revurderingen registreres som en ny ansøgning med samme indsats, "
        "så familien ikke skal søge forfra.",
        form=form,
        action=lambda f: services.review_start(
            by=request.user, proposal=proposal, received_on=f.cleaned_data["received_on"]
        ),
        done="Revurderingen er sat i gang.",
    )


# --- Core-team decisions ---------------------------------------------------------------------


def _proposal_url(proposal: CoreTeamProposal) -> str:
    return reverse("core_team_proposal", args=[proposal.family_id, proposal.pk])


def _proposal(family: Family, proposal_id: int) -> CoreTeamProposal:
    return get_object_or_404(
        CoreTeamProposal.objects.select_related(
            "application__intervention_type", "application__case", "meeting"
        ),
        pk=proposal_id,
        family=family,
    )


@login_required
@require_http_methods(["GET", "POST"])
def core_team_propose(request, family_id: int, application_id: int):
    family = _managed_family(request, family_id)
    application = get_object_or_404(
        Application.objects.select_related("intervention_type", "case"),
        pk=application_id,
        family=family,
    )
    since = timezone.now() - timedelta(days=14)
    meetings = (
        Meeting.objects.filter(
            type=Meeting.Type.CORE_TEAM_WEEKLY, centre_id=application.case.centre_id
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(Q(starts_at__gte=since) | Q(starts_at__isnull=True))
        .order_by(F("starts_at").asc(nulls_last=True), "pk")
    )
    form = forms.CoreTeamProposalForm(
        request.POST or None,
        bases=selectors.legal_bases_for(application.intervention_type),
        meetings=meetings,
    )
    return _form_page(
        request,
        family,
        title=f"Forelæg for kerneteamet: {application.intervention_type}",
        intro="Kerneteamet tager stilling til forslaget på sit møde. Er alle de fremmødte "
        "enige, og lader kommunen kerneteamet træffe afgørelsen, bliver forslaget til "
        "afgørelsen. Ellers sendes ansøgningen til visitationsudvalget.",
        form=form,
        action=lambda f: services.core_team_propose(
            by=request.user, application=application, **f.cleaned_data
        ),
        done="Forslaget er lagt frem for kerneteamet.",
        then=_proposal_url,
    )


@login_required
def core_team_proposal(request, family_id: int, proposal_id: int):
    family = family_for(request.user, family_id)
    data = selectors.core_team_proposal(family=family, proposal_id=proposal_id)
    can_manage = request.user.has_perm("families.manage_case", family)
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="coreteamproposal",
        object_id=data.proposal.pk,
        family_id=family.pk,
        summary="Forslag til kerneteamet",
    )
    return render(
        request,
        "interventions/core_team_proposal.html",
        {
            "family": family,
            "data": data,
            "title": "Forslag til kerneteamet",
            "can_manage": can_manage and data.proposal.status == CoreTeamProposal.Status.OPEN,
            "position_form": forms.CoreTeamPositionForm(members=data.members),
            "resolve_form": forms.CoreTeamResolveForm(
                initial={"resolved_on": timezone.localdate()}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def core_team_position(request, family_id: int, proposal_id: int):
    family = _managed_family(request, family_id)
    proposal = _proposal(family, proposal_id)
    form = forms.CoreTeamPositionForm(
        request.POST or None, members=services.core_team_members(proposal)
    )

    def record(f):
        member = User.objects.filter(pk=f.cleaned_data["member"]).first()
        return services.core_team_position_record(
            by=request.user,
            proposal=proposal,
            member=member,
            position=f.cleaned_data["position"],
            note=f.cleaned_data["note"],
        )

    return _form_page(
        request,
        family,
        title="Holdning i kerneteamet",
        intro=f"Forslag: {proposal.application.intervention_type}. Registrér holdningen fra "
        "hvert kerneteammedlem, der er til stede.",
        form=form,
        action=record,
        done=lambda p: f"{p.member}s holdning er registreret.",
        then=lambda p: _proposal_url(proposal),
        back=_proposal_url(proposal),
    )


@login_required
@require_http_methods(["GET", "POST"])
def core_team_resolve(request, family_id: int, proposal_id: int):
    family = _managed_family(request, family_id)
    proposal = _proposal(family, proposal_id)
    form = forms.CoreTeamResolveForm(
        request.POST or None, initial={"resolved_on": timezone.localdate()}
    )

    def done(p: CoreTeamProposal) -> str:
        if p.status == CoreTeamProposal.Status.DECIDED:
            return "Kerneteamet var enigt og har truffet afgørelsen. Brevet kan hentes som PDF."
        return f"Ansøgningen er sendt til visitationsudvalget: {p.get_referral_display().lower()}."

    return _form_page(
        request,
        family,
        title="Afslut kerneteamets behandling",
        intro="Er alle de fremmødte enige, og lader kommunen kerneteamet træffe afgørelsen, "
        "registreres afgørelsen nu. Ellers sendes ansøgningen til visitationsudvalget.",
        form=form,
        action=lambda f: services.core_team_resolve(
            by=request.user, proposal=proposal, resolved_on=f.cleaned_data["resolved_on"]
        ),
        done=done,
        then=_proposal_url,
        back=_proposal_url(proposal),
    )


# --- Leader reports ----------------------------------------------------------------------------

REPORTS = {
    "processing": "Sagsbehandlingstider",
    "expenditure": "Bevillinger og udgifter",
    "who_pays": "Hvem betaler",
    "complaints": "Klager",
}


def _report(request, kind: str, build: Callable, columns: list[str], values: Callable):
    user = request.user
    _require(user, "families.view_participant_list")
    today = timezone.localdate()
    form = forms.ReportForm(request.GET or None, today=today)
    year = form.cleaned_data["year"] if form.is_valid() else today.year
    result = build(user=user, year=year)
    rows = result.rows if hasattr(result, "rows") else result
    title = REPORTS[kind]
    if request.GET.get("format") == "xlsx":
        audit_record(
            user=user,
            action=Action.EXPORT,
            object_type=f"report_{kind}",
            summary=f"{title} {year} eksporteret som XLSX",
        )
        response = HttpResponse(
            exports.table_xlsx(title, columns, [values(r) for r in rows]), content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="{kind}-{year}.xlsx"'
        return response
    audit_record(user=user, action=Action.VIEW, object_type=f"report_{kind}", summary=title)
    return render(
        request,
        f"interventions/report_{kind}.html",
        {
            "form": form,
            "year": year,
            "result": result,
            "rows": rows,
            "title": title,
            "reports": REPORTS,
            "kind": kind,
        },
    )


@login_required
def report_processing(request):
    return _report(
        request,
        "processing",
        selectors.processing_times,
        exports.PROCESSING_COLUMNS,
        exports.processing_values,
    )


@login_required
def report_expenditure(request):
    return _report(
        request,
        "expenditure",
        selectors.expenditure,
        exports.EXPENDITURE_COLUMNS,
        exports.expenditure_values,
    )


@login_required
def report_who_pays(request):
    return _report(
        request, "who_pays", selectors.who_pays, exports.WHO_PAYS_COLUMNS, exports.who_pays_values
    )


def _complaints(*, user, year):
    return selectors.complaints_per_year(user=user, years=list(range(year - 2, year + 1)))


@login_required
def report_complaints(request):
    return _report(
        request, "complaints", _complaints, exports.COMPLAINT_COLUMNS, exports.complaint_values
    )


# --- Letter templates ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def letter_templates(request):
    """The templates of the municipalities the user's centre serves; a leader may give a
    municipality without letters the standard ones (POST)."""
    _require(request.user, "interventions.view_letter_templates")
    if request.method == "POST":
        raw = request.POST.get("municipality", "")
        municipality = get_object_or_404(
            selectors.letter_municipalities_without_templates(user=request.user),
            pk=int(raw) if raw.isdigit() and len(raw) < 10 else 0,
        )
        _require(request.user, "interventions.change_letter_template", municipality)
        services.letter_templates_create_defaults(municipality=municipality, by=request.user)
        messages.success(request, f"Standardbrevene er oprettet for {municipality.name} Kommune.")
        return redirect("letter_templates")
    templates = list(selectors.letter_templates_for(user=request.user))
    for template in templates:
        template.may_edit = request.user.has_perm("interventions.change_letter_template", template)
    missing = list(selectors.letter_municipalities_without_templates(user=request.user))
    for municipality in missing:
        municipality.may_edit = request.user.has_perm(
            "interventions.change_letter_template", municipality
        )
    return render(
        request,
        "interventions/letter_templates.html",
        {"templates": templates, "missing": missing},
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_template_edit(request, letter_template_id: int):
    template = selectors.letter_template_get(user=request.user, pk=letter_template_id)
    _require(request.user, "interventions.change_letter_template", template)
    form = forms.LetterTemplateForm(
        request.POST or None, initial={"body": template.body, "active": template.active}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_template_update(by=request.user, template=template, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Brevskabelonen er gemt.")
            return redirect("letter_templates")
    return render(
        request,
        "interventions/letter_template_edit.html",
        {
            "form": form,
            "template": template,
            "title": f"Brevskabelon: {template.name} ({template.municipality.name})",
            "placeholders": PLACEHOLDERS.items(),
            "versions": selectors.letter_template_versions(template=template),
        },
    )
