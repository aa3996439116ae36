"""Meeting, agreement, assessment and calendar pages. Parse input, call a service, render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from indgang.audit.services import Action, audit_record
from indgang.core.forms import apply_validation_error
from indgang.families.access import family_for
from indgang.families.custody import custodians_of_family, household_members
from indgang.families.models import Family
from indgang.families.reads import note_shown
from indgang.meetings import forms, ics, observations, selectors, services
from indgang.meetings.models import Agreement, Meeting
from indgang.organisation.models import CoreTeamMembership, Department, User
from indgang.plans import selectors as plan_selectors
from indgang.plans.models import Goal, PlanFollowUp

MANAGE = "families.manage_case"


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _audit_view(request, obj, *, family: Family | None, summary: str, person_ids=()):
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        family_id=family.pk if family else None,
        case_id=getattr(obj, "case_id", None),
        person_ids=person_ids,
        summary=summary,
    )


def _posted(request):
    """The submitted data, or None for GET: an empty POST (a confirm button) still binds."""
    return request.POST if request.method == "POST" else None


def _case_or_error(family: Family):
    case = selectors.current_case(family)
    if case is None or not case.is_open:
        raise ValidationError("Familien har ingen åben sag.")
    return case


def _staff_for(family: Family):
    """Who can be invited as staff: the centre's staff and the partners linked to the case,
    never every partner in the country (an invitation names the family). Others are invited
    as external participants."""
    case = selectors.current_case(family)
    return plan_selectors.staff_choices(family=family, case=case).select_related("department")


def _form_page(
    request,
    family,
    form,
    title,
    *,
    intro="",
    back=None,
    template=None,
    submit="",
    page_title=None,
):
    # page_title: the browser's <title> when the heading names a person (titles end up in
    # history, bookmarks and screen shares).
    return render(
        request,
        template or "meetings/form.html",
        {
            "family": family,
            "form": form,
            "title": title,
            "intro": intro,
            "back": back,
            "submit": submit,
            "page_title": page_title,
        },
    )


# --- Family: meetings, agreements, assessments -----------------------------------------


@login_required
def meeting_list(request, family_id: int):
    family = family_for(request.user, family_id)
    meetings = list(selectors.meetings_for_family(user=request.user, family=family))
    agreements = list(selectors.agreements_for_family(user=request.user, family=family))
    today = timezone.localdate()
    for a in agreements:
        a.overdue = a.status == Agreement.Status.OPEN and a.due_on is not None and a.due_on < today
    _audit_view(request, family, family=family, summary="Møder og aftaler")
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "family": family,
            "meetings": meetings,
            "agreements": agreements,
            "can_manage": request.user.has_perm(MANAGE, family),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, family_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, MANAGE, family)
    form = forms.MeetingForm(_posted(request), initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                by=request.user, case=_case_or_error(family), data=form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{meeting} er oprettet.")
            return redirect("meeting_detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(request, family, form, "Nyt møde")


@login_required
@require_http_methods(["GET", "POST"])
def startup_meetings(request, family_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, MANAGE, family)
    form = forms.StartupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.startup_meetings_create(
                by=request.user, case=_case_or_error(family), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if created:
                names = ", ".join(str(m) for m in created)
                messages.success(request, f"Oprettet og klar til planlægning: {names}.")
            else:
                messages.info(request, "Opstartsmøderne findes allerede og er ikke afholdt endnu.")
            return redirect("meeting_list", family_id=family.pk)
    return _form_page(
        request,
        family,
        form,
        "Opstart: udredningsmøde og analysemøder",
        intro="Opretter de opstartsmøder, der mangler: udredningsmøde, analysemøde 1 og "
        "analysemøde 2. De skal derefter planlægges.",
    )


@login_required
def meeting_detail(request, family_id: int, meeting_id: int):
    family, meeting = selectors.meeting_for(
        user=request.user, family_id=family_id, meeting_id=meeting_id
    )
    participants = list(meeting.participants.all())
    agreements = list(meeting.agreements.all())
    today = timezone.localdate()
    for a in agreements:
        a.overdue = a.status == Agreement.Status.OPEN and a.due_on is not None and a.due_on < today
    _audit_view(
        request,
        meeting,
        family=family,
        summary=str(meeting),
        person_ids=[p.person_id for p in participants if p.person_id],
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "family": family,
            "meeting": meeting,
            "participants": participants,
            "agreements": agreements,
            "assessments": list(meeting.assessments.all()),
            "plan_followup": PlanFollowUp.objects.filter(meeting=meeting).first(),
            "can_manage": request.user.has_perm(MANAGE, family),
        },
    )


@login_required
def meeting_print(request, family_id: int, meeting_id: int):
    """The family's preparation sheet: what will happen, who comes, when and where."""
    family, meeting = selectors.meeting_for(
        user=request.user, family_id=family_id, meeting_id=meeting_id
    )
    _audit_view(request, meeting, family=family, summary="Mødeforberedelse (udskrift)")
    return render(
        request,
        "meetings/meeting_print.html",
        {"family": family, "meeting": meeting, "participants": list(meeting.participants.all())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, family_id: int, meeting_id: int):
    family, meeting = selectors.meeting_for(
        user=request.user, family_id=family_id, meeting_id=meeting_id
    )
    _require(request.user, MANAGE, family)
    form = forms.MeetingEditForm(
        _posted(request), initial=forms.MeetingEditForm.initial_for(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(by=request.user, meeting=meeting, data=form.cleaned_data)
        except ValidationError as error:
            meeting.refresh_from_db()
            apply_validation_error(form, error)
        else:
            messages.success(request, "Mødet er gemt.")
            return redirect("meeting_detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(request, family, form, f"Ret {meeting}".lower().capitalize())


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, family_id: int, meeting_id: int):
    family, meeting = selectors.meeting_for(
        user=request.user, family_id=family_id, meeting_id=meeting_id
    )
    _require(request.user, MANAGE, family)
    form = forms.CancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                by=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Mødet er aflyst. De inviterede har fået besked.")
            return redirect("meeting_detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(
        request,
        family,
        form,
        f"Aflys {meeting}".lower().capitalize(),
        intro="Alle, der er inviteret, får en aflysning i deres kalender.",
        back=meeting,
        submit="Aflys mødet",
    )


@login_required
@require_POST
def meeting_invite(request, family_id: int, meeting_id: int):
    family, meeting = selectors.meeting_for(
        user=request.user, family_id=family_id, meeting_id=meeting_id
    )
    _require(request.user, MANAGE, family)
    try:
        sent = services.meeting_invitations_send(by=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Invitationen er sendt til {sent} {'deltager' if sent == 1 else 'deltagere'}."
        )
    return redirect("meeting_detail", family_id=family.pk, meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request, family_id: int, meeting_id: int):
    family, meeting = selectors.meeting_for(
        user=request.user, family_id=family_id, meeting_id=meeting_id
    )
    _require(request.user, MANAGE, family)
    form = forms.ParticipantForm(_posted(request), family=family, staff=_staff_for(family))
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_add(by=request.user, meeting=meeting, data=form.service_data())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Deltageren er tilføjet.")
            return redirect("meeting_detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(request, family, form, "Tilføj deltager", back=meeting)


@login_required
@require_http_methods(["GET", "POST"])
def participants_invite(request, family_id: int, meeting_id: int):
    """Choose several participants at once; the meeting type's usual ones are ticked."""
    family, meeting = selectors.meeting_for(
        user=request.user, family_id=family_id, meeting_id=meeting_id
    )
    _require(request.user, MANAGE, family)
    staff = _staff_for(family)
    persons = household_members(family)
    default_persons, default_users = services.default_participants(meeting=meeting, staff=staff)
    present = list(meeting.participants.all())
    form = forms.InviteForm(
        _posted(request),
        persons=persons.exclude(pk__in=[p.person_id for p in present if p.person_id]),
        staff=staff.exclude(pk__in=[p.user_id for p in present if p.user_id]),
        custodians=custodians_of_family(family),
        core_team=CoreTeamMembership.objects.filter(centre_id=family.centre_id).values_list(
            "user_id", flat=True
        ),
        initial={"persons": default_persons, "users": default_users},
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.participants_add(
                by=request.user,
                meeting=meeting,
                persons=list(form.cleaned_data["persons"]),
                users=list(form.cleaned_data["users"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            n = len(added)
            messages.success(request, f"{n} {'deltager' if n == 1 else 'deltagere'} er tilføjet.")
            return redirect("meeting_detail", family_id=family.pk, meeting_id=meeting.pk)
    note_shown(list(persons))
    return _form_page(
        request,
        family,
        form,
        f"Vælg deltagere: {meeting}",
        page_title="Vælg deltagere",
        intro=_INVITE_INTRO.get(meeting.type, _INVITE_INTRO[""]),
        back=meeting,
        submit="Tilføj de valgte",
    )


_INVITE_INTRO = {
    "assessment": "Forældrene med forældremyndighed og kerneteamet er valgt på forhånd.",
    "analysis_1": "Forældrene med forældremyndighed og kerneteamet er valgt på forhånd.",
    "analysis_2": "Forældrene med forældremyndighed og kerneteamet er valgt på forhånd.",
    "plan_followup": "Forældrene med forældremyndighed og planens ansvarlige (mål, aktiviteter "
    "og åbne aftaler) er valgt på forhånd.",
    "": "Forældrene med forældremyndighed og koordinatoren er valgt på forhånd.",
}


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request, family_id: int, participant_id: int):
    family, participant = selectors.participant_for(
        user=request.user, family_id=family_id, participant_id=participant_id
    )
    _require(request.user, MANAGE, family)
    meeting = participant.meeting
    form = forms.ParticipantStatusForm(
        _posted(request),
        initial={"invitation": participant.invitation, "attended": participant.attended},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                by=request.user,
                participant=participant,
                invitation=form.cleaned_data["invitation"],
                attended=form.cleaned_data["attended"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Deltagerens status er gemt.")
            return redirect("meeting_detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(
        request, family, form, f"Deltager: {participant}", back=meeting, page_title="Deltager"
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_remove(request, family_id: int, participant_id: int):
    family, participant = selectors.participant_for(
        user=request.user, family_id=family_id, participant_id=participant_id
    )
    _require(request.user, MANAGE, family)
    meeting = participant.meeting
    form = forms.ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.participant_remove(by=request.user, participant=participant)
        messages.success(request, f"{participant} er fjernet fra mødet.")
        return redirect("meeting_detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(
        request,
        family,
        form,
        f"Fjern {participant} fra mødet",
        page_title="Fjern deltager fra mødet",
        intro="Er deltageren inviteret, får vedkommende en aflysning i sin kalender.",
        back=meeting,
        submit="Fjern deltageren",
    )


def _agreement_form(request, family, form_class, *, agreement=None, **kwargs):
    # Owners come from the family's tenancy only: the centre's staff, partners linked to the
    # case and departments of the centre's municipalities (an owner sees the family's name
    # and the task). An edit keeps the owner the agreement already has.
    case = selectors.current_case(family)
    staff = plan_selectors.staff_choices(family=family, case=case)
    departments = plan_selectors.department_choices(family=family)
    if agreement is not None:
        staff = User.objects.filter(
            Q(pk__in=staff.values("pk")) | Q(pk=agreement.owner_user_id)
        ).order_by("first_name", "last_name")
        departments = Department.objects.filter(
            Q(pk__in=departments.values("pk")) | Q(pk=agreement.owner_department_id)
        )
    return form_class(
        _posted(request),
        staff=staff,
        departments=departments,
        meetings=Meeting.objects.filter(case__family=family),
        goals=Goal.objects.filter(plan__case__family=family).order_by("position"),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request, family_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, MANAGE, family)
    initial = {"meeting": request.GET.get("meeting")} if request.GET.get("meeting") else None
    form = _agreement_form(request, family, forms.AgreementForm, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_create(
                by=request.user, case=_case_or_error(family), data=form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Aftalen er gemt.")
            return redirect("meeting_list", family_id=family.pk)
    return _form_page(request, family, form, "Ny aftale")


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, family_id: int, agreement_id: int):
    """Managers of the case, and the agreement's own person, may change it."""
    family, agreement = selectors.agreement_for(
        user=request.user, family_id=family_id, agreement_id=agreement_id
    )
    if not (request.user.has_perm(MANAGE, family) or agreement.owner_user_id == request.user.pk):
        raise PermissionDenied
    initial = {
        "task": agreement.task,
        "owner_user": agreement.owner_user_id,
        "owner_department": agreement.owner_department_id,
        "due_on": agreement.due_on,
        "meeting": agreement.meeting_id,
        "status": agreement.status,
    }
    form = _agreement_form(
        request, family, forms.AgreementEditForm, agreement=agreement, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(by=request.user, agreement=agreement, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Aftalen er gemt.")
            return redirect("meeting_list", family_id=family.pk)
    else:
        _audit_view(request, agreement, family=family, summary="Aftale")
    return _form_page(request, family, form, "Ret aftale")


# --- The ICS assessment -------------------------------------------------------------


@login_required
def assessment_list(request, family_id: int):
    family = family_for(request.user, family_id)
    assessments = selectors.assessments_for_family(user=request.user, family=family)
    _audit_view(request, family, family=family, summary="Udredninger")
    return render(
        request,
        "meetings/assessment_list.html",
        {
            "family": family,
            "assessments": list(assessments),
            "compare": forms.CompareForm(assessments=assessments),
            "can_manage": request.user.has_perm(MANAGE, family),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, family_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, MANAGE, family)
    meetings = Meeting.objects.filter(case__family=family, type=Meeting.Type.ASSESSMENT)
    form = forms.AssessmentForm(
        _posted(request), meetings=meetings, initial={"assessed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                by=request.user,
                case=_case_or_error(family),
                assessed_on=form.cleaned_data["assessed_on"],
                meeting=form.cleaned_data["meeting"],
                entries=form.entries(),
                wishes=form.wish_list(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Udredningen er gemt.")
            return redirect("assessment_board", family_id=family.pk, assessment_id=assessment.pk)
    return _form_page(
        request, family, form, "Ny ICS-udredning", template="meetings/assessment_form.html"
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request, family_id: int, assessment_id: int):
    family, assessment = selectors.assessment_for(
        user=request.user, family_id=family_id, assessment_id=assessment_id
    )
    _require(request.user, MANAGE, family)
    meetings = Meeting.objects.filter(case__family=family, type=Meeting.Type.ASSESSMENT)
    form = forms.AssessmentForm(
        _posted(request),
        meetings=meetings,
        initial=forms.AssessmentForm.initial_for(assessment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                by=request.user,
                assessment=assessment,
                assessed_on=form.cleaned_data["assessed_on"],
                entries=form.entries(),
                wishes=form.wish_list(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Udredningen er gemt.")
            return redirect("assessment_board", family_id=family.pk, assessment_id=assessment.pk)
    return _form_page(
        request, family, form, "Ret ICS-udredning", template="meetings/assessment_form.html"
    )


@login_required
def assessment_board(request, family_id: int, assessment_id: int):
    family, assessment = selectors.assessment_for(
        user=request.user, family_id=family_id, assessment_id=assessment_id
    )
    _audit_view(request, assessment, family=family, summary="ICS-tavle")
    sides = selectors.board(assessment)
    observations.attach_to_board(sides, assessment=assessment, user=request.user)
    return render(
        request,
        "meetings/assessment_board.html",
        {
            "family": family,
            "assessment": assessment,
            "sides": sides,
            "wishes": list(assessment.wishes.all()),
            "can_manage": request.user.has_perm(MANAGE, family),
            "can_observe": observations.may_add(request.user, family),
        },
    )


@login_required
def assessment_compare(request, family_id: int):
    family = family_for(request.user, family_id)
    assessments = selectors.assessments_for_family(
        user=request.user, family=family
    ).prefetch_related("entries", "wishes")
    form = forms.CompareForm(request.GET or None, assessments=assessments)
    rows = left = right = None
    if form.is_valid():
        left, right = sorted(
            (form.cleaned_data["a"], form.cleaned_data["b"]), key=lambda a: (a.assessed_on, a.pk)
        )
        rows = selectors.compare(left, right)
    _audit_view(request, family, family=family, summary="Sammenligning af udredninger")
    return render(
        request,
        "meetings/assessment_compare.html",
        {"family": family, "form": form, "rows": rows, "left": left, "right": right},
    )


# --- The user's own lists and the core team ----------------------------------------------


@login_required
def my_agreements(request):
    _require(request.user, "families.browse")
    agreements = list(selectors.agreements_open_for_owner(user=request.user))
    today = timezone.localdate()
    for a in agreements:
        a.overdue = a.due_on is not None and a.due_on < today
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="agreement",
        summary=f"Mine aftaler ({len(agreements)})",
    )
    note_shown(agreements)
    return render(request, "meetings/my_agreements.html", {"agreements": agreements})


@login_required
def my_meetings(request):
    _require(request.user, "families.browse")
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    meetings = list(
        selectors.meetings_for_user_between(
            user=request.user, start=start, end=start + timedelta(weeks=8)
        )
    )
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="meeting",
        summary=f"Mine møder ({len(meetings)})",
    )
    note_shown(meetings)
    return render(request, "meetings/my_meetings.html", {"meetings": meetings})


@login_required
@require_http_methods(["GET", "POST"])
def core_team_meetings(request):
    user = request.user
    _require(user, "families.browse")
    if not user.centre_id:
        raise PermissionDenied
    can_create = user.has_perm(MANAGE)
    form = forms.MeetingForm(_posted(request), weekly=True) if can_create else None
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.meeting_create(by=user, centre=user.centre, data=form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Ugemødet er oprettet.")
                return redirect("core_team_meetings")
    audit_record(user=user, action=Action.VIEW, object_type="meeting", summary="Kerneteamets møder")
    meetings = list(selectors.core_team_meetings(user=user)[:50])
    note_shown(meetings)
    return render(request, "meetings/core_team_meetings.html", {"meetings": meetings, "form": form})


# --- The personal calendar feed -----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    _require(request.user, "families.browse")
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(by=request.user)
            messages.success(request, "Kalenderadressen er tilbagekaldt og virker ikke længere.")
        else:
            services.calendar_feed_create(by=request.user)
            messages.success(request, "Du har fået en ny kalenderadresse. Den gamle virker ikke.")
        return redirect("calendar_settings")
    feed = selectors.active_feed(user=request.user)
    url = (
        request.build_absolute_uri(reverse("calendar_feed", kwargs={"feed_id": feed.token}))
        if feed
        else ""
    )
    return render(request, "meetings/calendar_settings.html", {"feed": feed, "url": url})


def calendar_feed(request, feed_id: str):
    """The personal feed; ``feed_id`` is the secret token. No login: the token is the key."""
    if request.method != "GET":
        raise Http404
    feed = selectors.feed_for_token(token=feed_id)
    now = timezone.now()
    meetings = list(
        selectors.meetings_for_user_between(
            user=feed.user,
            start=now - timedelta(days=30),
            end=now + timedelta(days=365),
            include_cancelled=True,
        )
    )
    # No session here (the token is the key), so the event names the families itself.
    audit_record(
        user=feed.user,
        action=Action.VIEW,
        object_type="calendarfeed",
        object_id=feed.pk,
        family_ids={m.case.family_id for m in meetings if m.case_id},
        summary="Kalenderfeed hentet",
    )
    return HttpResponse(ics.feed(meetings), content_type="text/calendar; charset=utf-8")
