"""The parents' portal: thin views over portal selectors and services."""

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indgang.audit.services import Action, audit_record
from indgang.core.forms import apply_validation_error
from indgang.families.access import family_for
from indgang.families.models import Person
from indgang.plans.pdf import render_pdf
from indgang.portal import oidc, selectors, services
from indgang.portal.access import (
    SeeOther,
    anonymous_only,
    parent_required,
    refuse_staff,
    signed_in_parent,
)
from indgang.portal.forms import (
    AvailabilityForm,
    ConsentWithdrawForm,
    ConversationMemberForm,
    GoalCommentForm,
    GoalSuggestionForm,
    MeetingFeedbackForm,
    MeetingResponseForm,
    MeetingTopicForm,
    MessageForm,
    ParentLoginForm,
    SetPasswordForm,
)
from indgang.portal.middleware import LANGUAGE_SESSION

MODEL_BACKEND = "indgang.signin.backends.StaffModelBackend"
INVITATION_SESSION = "indgang_portal_invitation"


def _safe_next(request) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if (
        target
        and target.startswith(reverse("portal:home"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return reverse("portal:home")


# ---------------------------------------------------------------- signing in


@anonymous_only
@require_http_methods(["GET", "POST"])
def login_view(request):
    form = ParentLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return HttpResponseRedirect(_safe_next(request))
    return render(
        request,
        "portal/login.html",
        {
            "form": form,
            "next": _safe_next(request),
            "oidc_enabled": oidc.portal_oidc_enabled(),
            "oidc_label": settings.PORTAL_OIDC_LOGIN_LABEL,
            "oidc_failed": request.GET.get("fejl") == "oidc",
        },
    )


@require_POST
@parent_required
def logout_view(request):
    logout(request)  # flushes the session on the server
    messages.info(request, _("Du er logget ud."))
    return redirect("portal:login")


@require_POST
def language(request):
    """Dansk or English for this visit (the portal's own switch; staff pages stay Danish)."""
    if request.user.is_authenticated and signed_in_parent(request) is None:
        return refuse_staff(request)
    choice = request.POST.get("sprog")
    if choice in {code for code, _name in settings.LANGUAGES}:
        request.session[LANGUAGE_SESSION] = choice
    return SeeOther(_safe_next(request))  # POST, then GET the page again


@anonymous_only
@require_http_methods(["GET", "POST"])
def invitation(request, invitation_id: int):
    """The one-time link: the token moves from the URL to the session, then a password."""
    token = request.GET.get(services.INVITATION_KEY)
    if token:
        request.session[INVITATION_SESSION] = {"id": invitation_id, "token": token[:100]}
        return HttpResponseRedirect(reverse("portal:invitation", args=[invitation_id]))
    stored = request.session.get(INVITATION_SESSION) or {}
    token = stored.get("token", "") if stored.get("id") == invitation_id else ""
    problem = None
    try:
        found = services.invitation_check(invitation_id=invitation_id, token=token)
    except ValidationError as error:
        problem, found = error.messages[0], None
    form = SetPasswordForm(request.POST or None)
    if found is not None and request.method == "POST" and form.is_valid():
        try:
            user = services.account_activate(
                invitation_id=invitation_id,
                token=token,
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            request.session.pop(INVITATION_SESSION, None)
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Din adgangskode er gemt. Velkommen til Indgang."))
            return redirect("portal:home")
    return render(
        request,
        "portal/invitation.html",
        {"form": form, "problem": problem, "person": found.person if found else None},
    )


def oidc_start(request):
    if not oidc.portal_oidc_enabled() or request.user.is_authenticated:
        raise Http404
    return oidc.StartView.as_view()(request)


@require_GET
def oidc_callback(request):
    """The provider's answer: match the parent by the CPR claim, or refuse (nobody created)."""
    if not oidc.portal_oidc_enabled():
        raise Http404
    failure = HttpResponseRedirect(reverse("portal:login") + "?fejl=oidc")
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if state else None
    request.session["oidc_states"] = states
    if request.GET.get("error") or entry is None or not request.GET.get("code"):
        return failure
    user = None
    try:
        user = oidc.ParentOIDCBackend().authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except (requests.RequestException, SuspiciousOperation, ValueError):
        user = None
    if user is None or not user.is_active:
        audit_record(
            user=None,
            action=Action.LOGIN_FAILED,
            object_type="portal_oidc",
            summary="Forældre: MitID-login uden match",
        )
        return failure
    next_url = request.session.pop("oidc_login_next", None) or reverse("portal:home")
    login(request, user, backend=MODEL_BACKEND)
    return HttpResponseRedirect(next_url if next_url.startswith("/familie/") else "/familie/")


# ---------------------------------------------------------------- the coordinator invites


@login_required
@require_POST
def invite(request, family_id: int, guardian_id: int):
    family = family_for(request.user, family_id)
    if not request.user.has_perm("families.manage_case", family):
        return render(request, "403.html", status=403)
    person = (
        Person.objects.filter(pk=guardian_id, family=family).first()
        if guardian_id < 2**63
        else None
    )
    if person is None:
        raise Http404
    try:
        services.invitation_create(
            by=request.user, person=person, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s er inviteret til forældreportalen.") % {"name": person.full_name}
        )
    return redirect("family_detail", family_id=family.pk)


# ---------------------------------------------------------------- the parents' pages


@require_GET
@parent_required
def home(request):
    account = request.parent
    family = account.person.family
    card = selectors.coordinator_card(family=family)
    selectors.log_read(account=account, page="forside")
    return render(
        request,
        "portal/home.html",
        {"account": account, "family": family, "card": card, "section": "home"},
    )


@require_GET
@parent_required
def coordinator(request):
    account = request.parent
    card = selectors.coordinator_card(family=account.person.family)
    selectors.log_read(account=account, page="vores koordinator")
    return render(request, "portal/coordinator.html", {"card": card, "section": "coordinator"})


@require_GET
@parent_required
def plan(request):
    account = request.parent
    page = selectors.portal_plan(account=account)
    selectors.log_read(
        account=account, page="vores plan", case_id=page.case.pk if page.case else None
    )
    return render(
        request,
        "portal/plan.html",
        {
            "page": page,
            "section": "plan",
            "comment_form": GoalCommentForm(),
            "suggestion_form": GoalSuggestionForm(),
        },
    )


@require_GET
@parent_required
def plan_pdf(request):
    account = request.parent
    page = selectors.portal_plan(account=account)
    if page.plan is None:
        raise Http404
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "page": page,
            "family": page.family,
            "coordinator": selectors.coordinator_card(family=page.family).coordinator,
            "today": timezone.localdate(),
        },
    )
    pdf = render_pdf(html)
    selectors.log_read(
        account=account,
        page="vores plan som PDF",
        object_type="jointplan",
        object_id=page.plan.pk,
        case_id=page.case.pk,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{page.plan.pk}.pdf"'
    return response


@require_POST
@parent_required
def goal_comment(request, goal_id: int):
    account = request.parent
    goal = selectors.goal_of_family(account=account, goal_id=goal_id)
    form = GoalCommentForm(request.POST)
    if form.is_valid():
        try:
            services.goal_comment_add(account=account, goal=goal, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Tak. Jeres kommentar er sendt til koordinatoren."))
            return redirect("portal:plan")
    page = selectors.portal_plan(account=account)
    selectors.log_read(account=account, page="vores plan")
    return render(
        request,
        "portal/plan.html",
        {
            "page": page,
            "section": "plan",
            "comment_form": form,
            "comment_goal_id": goal.pk,
            "suggestion_form": GoalSuggestionForm(),
        },
        status=400,
    )


@require_POST
@parent_required
def goal_suggest(request):
    account = request.parent
    page = selectors.portal_plan(account=account)
    if page.plan is None:
        raise Http404
    form = GoalSuggestionForm(request.POST)
    if form.is_valid():
        try:
            services.goal_suggest(account=account, plan=page.plan, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Tak. Jeres forslag er sendt til koordinatoren."))
            return redirect("portal:plan")
    selectors.log_read(account=account, page="vores plan")
    return render(
        request,
        "portal/plan.html",
        {
            "page": page,
            "section": "plan",
            "comment_form": GoalCommentForm(),
            "suggestion_form": form,
        },
        status=400,
    )


# ---------------------------------------------------------------- what happens next


def _meetings_page(
    request, *, response_forms=None, topic_forms=None, feedback_forms=None, status=200
):
    account = request.parent
    upcoming = selectors.upcoming_meetings(account=account)
    past = selectors.past_meetings(account=account)
    response_forms = response_forms or {}
    topic_forms = topic_forms or {}
    feedback_forms = feedback_forms or {}
    for meeting in past:
        meeting.feedback_form = feedback_forms.get(meeting.pk) or MeetingFeedbackForm(
            prefix=f"f{meeting.pk}"
        )
    for meeting in upcoming:
        meeting.response_form = response_forms.get(meeting.pk) or MeetingResponseForm(
            prefix=f"m{meeting.pk}"
        )
        meeting.topic_form = topic_forms.get(meeting.pk) or MeetingTopicForm(
            prefix=f"t{meeting.pk}"
        )
    selectors.log_read(account=account, page="det der sker")
    return render(
        request,
        "portal/meetings.html",
        {"upcoming": upcoming, "past": past, "section": "meetings"},
        status=status,
    )


@require_GET
@parent_required
def meetings(request):
    return _meetings_page(request)


@require_POST
@parent_required
def meeting_respond(request, meeting_id: int):
    account = request.parent
    meeting = selectors.meeting_of_family(account=account, meeting_id=meeting_id)
    form = MeetingResponseForm(request.POST, prefix=f"m{meeting.pk}")
    if form.is_valid():
        try:
            services.meeting_respond(
                account=account,
                meeting=meeting,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Tak for svaret. Jeres koordinator kan se det."))
            return redirect("portal:meetings")
    return _meetings_page(request, response_forms={meeting.pk: form}, status=400)


@require_POST
@parent_required
def meeting_topic(request, meeting_id: int):
    account = request.parent
    meeting = selectors.meeting_of_family(account=account, meeting_id=meeting_id)
    form = MeetingTopicForm(request.POST, prefix=f"t{meeting.pk}")
    if form.is_valid():
        services.meeting_topic_add(account=account, meeting=meeting, text=form.cleaned_data["text"])
        messages.success(request, _("Tak. Emnet er sat på mødets dagsorden."))
        return redirect("portal:meetings")
    return _meetings_page(request, topic_forms={meeting.pk: form}, status=400)


@require_POST
@parent_required
def meeting_feedback(request, meeting_id: int):
    account = request.parent
    meeting = selectors.meeting_of_family(account=account, meeting_id=meeting_id, upcoming=False)
    form = MeetingFeedbackForm(request.POST, prefix=f"f{meeting.pk}")
    if form.is_valid():
        try:
            services.meeting_feedback_give(account=account, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Tak for jeres svar. Det hjælper os til at blive bedre."))
            return redirect("portal:meetings")
    return _meetings_page(request, feedback_forms={meeting.pk: form}, status=400)


# ---------------------------------------------------------------- applications and decisions


@require_GET
@parent_required
def applications(request):
    account = request.parent
    rows = selectors.applications(account=account)
    selectors.log_read(account=account, page="ansøgninger og afgørelser")
    return render(
        request,
        "portal/applications.html",
        {"applications": rows, "section": "applications", "today": timezone.localdate()},
    )


@require_GET
@parent_required
def decision_letter(request, decision_id: int):
    from indgang.interventions.letters import decision_letter_pdf

    account = request.parent
    decision = selectors.decision_of_family(account=account, decision_id=decision_id)
    coordinator = selectors.coordinator_card(family=account.person.family).coordinator
    pdf = decision_letter_pdf(decision, coordinator=coordinator)
    selectors.log_read(
        account=account,
        page="afgørelsesbrev som PDF",
        object_type="decision",
        object_id=decision.pk,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="afgoerelse-{decision.pk}.pdf"'
    return response


# ---------------------------------------------------------------- consent


def _consents_page(request, *, form=None, form_for=None, problem="", status=200):
    account = request.parent
    rows = selectors.consents(account=account)
    selectors.log_read(account=account, page="samtykke")
    return render(
        request,
        "portal/consents.html",
        {
            "consents": rows,
            "form": form or ConsentWithdrawForm(),
            "form_for": form_for,
            "problem": problem,
            "section": "consents",
        },
        status=status,
    )


@require_GET
@parent_required
def consents(request):
    return _consents_page(request)


@require_POST
@parent_required
def consent_withdraw(request, consent_id: int):
    account = request.parent
    consent = selectors.consent_of_family(account=account, consent_id=consent_id)
    form = ConsentWithdrawForm(request.POST)
    if consent.withdrawn_on is not None:
        problem = _("Samtykket er allerede trukket tilbage.")
        return _consents_page(request, problem=problem, status=400)
    if form.is_valid():
        try:
            services.consent_withdraw(
                account=account, consent=consent, base_url=request.build_absolute_uri("/")
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Samtykket er trukket tilbage. Jeres koordinator har fået besked.")
            )
            return redirect("portal:consents")
    return _consents_page(request, form=form, form_for=consent.pk, status=400)


# ---------------------------------------------------------------- who has seen our data


@require_GET
@parent_required
def access_log(request):
    account = request.parent
    rows = selectors.access_log(account=account)
    selectors.log_read(account=account, page="hvem har set vores oplysninger")
    return render(request, "portal/access_log.html", {"rows": rows, "section": "access_log"})


# ---------------------------------------------------------------- secure messages


def _attachment_response(found) -> HttpResponse:
    with found.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=found.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="vedhaeftning-{found.pk}.{found.extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@parent_required
def messages_page(request):
    account = request.parent
    family = account.person.family
    form = MessageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_send(
                    family=family,
                    account=account,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Beskeden er sendt til jeres koordinator."))
                return redirect("portal:messages")
        status = 400
    rows = selectors.messages_of(family=family, before=selectors.page_before(request))
    selectors.log_read(account=account, page="beskeder")
    return render(
        request,
        "portal/messages.html",
        {
            "rows": rows,
            "form": form,
            "section": "messages",
            "coordinator": selectors.coordinator_card(family=family).coordinator,
            "members": selectors.conversation_members(family=family),
        },
        status=status,
    )


@require_GET
@parent_required
def attachment(request, attachment_id: int):
    account = request.parent
    found = selectors.attachment_of_family(
        family=account.person.family, attachment_id=attachment_id
    )
    if found is None:
        raise selectors.deny(account=account, object_type="attachment", object_id=attachment_id)
    selectors.log_read(
        account=account, page="vedhæftning", object_type="messageattachment", object_id=found.pk
    )
    return _attachment_response(found)


@login_required
@require_http_methods(["GET", "POST"])
def staff_messages(request, family_id: int):
    """The coordinator's side of the family's messages: read and answer. Core-team members
    the coordinator added to the conversation read and write here too."""
    family = family_for(request.user, family_id)
    if not selectors.may_write_to_family(user=request.user, family=family):
        return render(request, "403.html", status=403)
    form = MessageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_send(
                    family=family,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Beskeden er sendt til familien.")
                return redirect("portal:staff_messages", family_id=family.pk)
        status = 400
    return _staff_messages_page(request, family, form=form, status=status)


def _staff_messages_page(request, family, *, form=None, member_form=None, status=200):
    rows = selectors.messages_of(family=family, before=selectors.page_before(request))
    members = selectors.conversation_members(family=family)
    can_manage = request.user.has_perm("families.manage_case", family)
    candidates = selectors.core_team_to_add(family=family, members=members) if can_manage else []
    return render(
        request,
        "portal/staff_messages.html",
        {
            "family": family,
            "rows": rows,
            "form": form or MessageForm(),
            "members": members,
            "coordinator": selectors.coordinator_card(family=family).coordinator,
            "can_manage": can_manage,
            "member_form": member_form or ConversationMemberForm(candidates=candidates),
            "candidates": candidates,
        },
        status=status,
    )


@login_required
@require_POST
def conversation_member_add(request, family_id: int):
    family = family_for(request.user, family_id)
    if not request.user.has_perm("families.manage_case", family):
        return render(request, "403.html", status=403)
    members = selectors.conversation_members(family=family)
    candidates = selectors.core_team_to_add(family=family, members=members)
    form = ConversationMemberForm(request.POST, candidates=candidates)
    if form.is_valid():
        try:
            member = services.conversation_member_add(
                by=request.user, family=family, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{member.user} er nu med i samtalen med familien.")
            return redirect("portal:staff_messages", family_id=family.pk)
    return _staff_messages_page(request, family, member_form=form, status=400)


@login_required
@require_POST
def conversation_member_remove(request, family_id: int, member_id: int):
    from indgang.portal.models import ConversationMember

    family = family_for(request.user, family_id)
    if not request.user.has_perm("families.manage_case", family):
        return render(request, "403.html", status=403)
    member = (
        ConversationMember.objects.select_related("user", "family")
        .filter(pk=member_id, family=family)
        .first()
        if 0 < member_id < 2**63
        else None
    )
    if member is None:
        # Removed already (a second click, or a colleague was first): nothing to do.
        messages.info(request, "Den medarbejder er ikke med i samtalen.")
    else:
        services.conversation_member_remove(by=request.user, member=member)
        messages.success(request, f"{member.user} er ikke længere med i samtalen med familien.")
    return redirect("portal:staff_messages", family_id=family.pk)


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    """The coordinator's own text for the parents' "Vores koordinator": when to reach them,
    and who covers when they are away."""
    from indgang.portal.models import CoordinatorAvailability

    user = request.user
    if not user.has_perm("families.manage_case"):
        return render(request, "403.html", status=403)
    current = CoordinatorAvailability.objects.filter(user=user).first()
    initial = (
        {
            "reach_text": current.reach_text,
            "cover_text": current.cover_text,
            "covered_by": current.covered_by_id,
        }
        if current
        else {}
    )
    form = AvailabilityForm(request.POST or None, initial=initial, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.availability_save(user=user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Din træffetid er gemt. Familierne ser den nu.")
                return redirect("portal:availability")
        status = 400
    return render(request, "portal/availability.html", {"form": form}, status=status)


@login_required
@require_GET
def feedback_trend(request):
    """The leader's view of the parents' feedback after meetings: per coordinator and month."""
    if not request.user.has_perm("families.view_participant_list"):
        return render(request, "403.html", status=403)
    trend = selectors.feedback_trend(user=request.user, today=timezone.localdate())
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="feedback_trend",
        summary="Forældrenes tilbagemeldinger pr. koordinator og måned",
    )
    return render(request, "portal/feedback_trend.html", {"trend": trend})


@login_required
@require_GET
def staff_attachment(request, family_id: int, attachment_id: int):
    family = family_for(request.user, family_id)
    if not selectors.may_write_to_family(user=request.user, family=family):
        return render(request, "403.html", status=403)
    found = selectors.attachment_of_family(family=family, attachment_id=attachment_id)
    if found is None:
        raise Http404
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type="messageattachment",
        object_id=found.pk,
        family_id=family.pk,
        summary="Vedhæftning fra forældreportalen",
    )
    return _attachment_response(found)
