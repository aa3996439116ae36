"""Family and case pages. Views parse input, call a service or selector, and render."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods

from indgang.audit.reads import note_families
from indgang.audit.selectors import family_access_log
from indgang.audit.services import Action, audit_record
from indgang.core.cpr import mask_cpr, parse_cpr
from indgang.core.forms import apply_validation_error
from indgang.core.http import render_page
from indgang.core.templatetags.indgang_format import family_label
from indgang.families import custody, forms, selectors, services, value_jumps
from indgang.families.access import families_visible_to, family_for, may_value_jump
from indgang.families.handover import handover_reading, handover_sections, text_blocks
from indgang.families.models import Consent, Family, Handover, PartnerLink, Person
from indgang.families.reads import note_shown


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _audit_view(
    request, obj_type: str, obj_id: int, *, family_id, case_id=None, person_ids=(), summary=""
):
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type=obj_type,
        object_id=obj_id,
        family_id=family_id,
        case_id=case_id,
        person_ids=person_ids,
        summary=summary,
    )


def _cpr_clash_linked(error: ValidationError, *, fields: dict | None = None) -> ValidationError:
    """The service's refusal of a CPR number held by a family the user may see, with a link
    to that family (the service decides who may learn of it; the page only adds the link).

    ``fields`` maps the clashing person's relation to the form's CPR field (the referral
    form has one per person). The family's name is shown, so the page notes it as read.
    """
    if not hasattr(error, "error_dict") or "cpr" not in error.error_dict:
        return error
    errors = dict(error.error_dict)
    clashes = errors.pop("cpr")
    relation = (clashes[0].params or {}).get("relation")
    linked = []
    for item in clashes:
        params = item.params or {}
        if item.code == services.CPR_HELD_VISIBLE:
            where = (
                "i en anden familie i centret" if params["same_centre"] else "i en anden familie"
            )
            url = reverse("family_detail", args=[params["family_id"]])
            item = ValidationError(
                format_html(
                    'Personen er allerede registreret {}: <a href="{}">{}</a>.',
                    where,
                    url,
                    params["family"],
                ),
                code=item.code,
            )
            note_families([params["family_id"]], [params["person_id"]])
        linked.append(item)
    field = (fields or {}).get(relation, "cpr")
    errors[field] = errors.get(field, []) + linked
    return ValidationError(errors)


@login_required
@require_http_methods(["GET", "POST"])
def family_list(request):
    _require(request.user, "families.browse")
    # Both searches are POSTed, so neither a name nor a CPR number ends up in a URL (browser
    # history, proxy and server logs, the Referer header).
    posted = request.POST if request.method == "POST" else {}
    search = forms.FamilySearchForm(posted if "q" in posted else None)
    cpr_form = forms.CPRSearchForm(posted if "cpr" in posted else None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    cpr = cpr_form.cleaned_data["cpr"] if cpr_form.is_bound and cpr_form.is_valid() else ""
    mine = request.GET.get("mine") == "1" or posted.get("mine") == "1"
    families = []
    if request.method == "GET" or cpr or search.is_bound:
        families = list(
            selectors.family_list_for(user=request.user, query=query, cpr=cpr, mine=mine)[:200]
        )
    if query or cpr:
        # The term goes into the log (a CPR number masked), the hits as the event's families.
        term = mask_cpr(parse_cpr(cpr)[0]) if cpr else query
        audit_record(
            user=request.user,
            action=Action.SEARCH,
            object_type="family",
            family_ids=[family.pk for family in families],
            summary=f"Søgning på {'CPR-nummer' if cpr else 'navn'}: {term}",
            changes={"term": term, "hits": len(families)},
        )
    note_shown(families)
    return render_page(
        request,
        "families/family_list.html",
        "families/partials/family_table.html",
        {"families": families, "search": search, "cpr_form": cpr_form, "mine": mine},
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_create(request):
    _require(request.user, "families.add_family")
    centre = request.user.centre
    if centre is None:
        raise PermissionDenied
    form = forms.ReferralForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        try:
            family = services.family_create(
                by=request.user,
                centre=centre,
                family_data=form.family_data(),
                members=form.members(),
                referred_on=form.cleaned_data["referred_on"],
                referral_source=form.cleaned_data["referral_source"],
            )
        except ValidationError as error:
            fields = {Person.Relation.CHILD: "child_cpr", Person.Relation.PARENT: "parent_cpr"}
            apply_validation_error(form, _cpr_clash_linked(error, fields=fields))
        else:
            messages.success(request, f"{family_label(family)} er oprettet som henvist.")
            return redirect("family_detail", family_id=family.pk)
    return render(request, "families/form.html", {"form": form, "title": "Ny familie (henvisning)"})


@login_required
def family_detail(request, family_id: int):
    overview = selectors.family_overview(user=request.user, family_id=family_id)
    family = overview.family
    _audit_view(
        request,
        "family",
        family.pk,
        family_id=family.pk,
        case_id=overview.case.pk if overview.case else None,
        person_ids=overview.person_ids,
        summary="Familieoverblik",
    )
    user = request.user
    return render(
        request,
        "families/family_detail.html",
        {
            "o": overview,
            "family": family,
            "panels": _overview_panels(user, family),
            "can_manage": user.has_perm("families.manage_case", family),
            "can_see_cpr": user.has_perm("families.view_full_cpr", family),
            "can_see_log": user.has_perm("families.view_access_log", family),
            "today": _today(),
        },
    )


def _overview_panels(user, family) -> list[dict]:
    """What later apps (meetings, plans, follow-up) add to the whole picture, in order."""
    panels = (
        import_string(path)(user=user, family=family) for path in settings.FAMILY_OVERVIEW_PANELS
    )
    return [panel for panel in panels if panel]


@login_required
@require_http_methods(["GET", "POST"])
def family_edit(request, family_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, "families.manage_case", family)
    form = forms.FamilyForm(request.POST or None, instance=family, centre=family.centre)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        family.refresh_from_db()  # the service compares against what is stored
        try:
            services.family_update(by=request.user, family=family, data=data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Familiens oplysninger er gemt.")
            return redirect("family_detail", family_id=family.pk)
    return render(
        request,
        "families/form.html",
        {"form": form, "family": family, "title": "Ret familiens oplysninger"},
    )


@login_required
def family_access(request, family_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, "families.view_access_log", family)
    events = family_access_log(family_id=family.pk)
    return render(request, "families/family_access.html", {"family": family, "events": events})


# --- Persons ---------------------------------------------------------------------


@login_required
def person_detail(request, family_id: int, person_id: int):
    family = family_for(request.user, family_id)
    person = get_object_or_404(
        custody.household_members(family).prefetch_related("external_cases__municipality"),
        pk=person_id,
    )
    custody_of = custody.custody_by_person([person])[person.pk]
    _audit_view(
        request,
        "person",
        person.pk,
        family_id=family.pk,
        person_ids=[person.pk, *(p.pk for p in custody_of)],
        summary="Personside",
    )
    return render(
        request,
        "families/person_detail.html",
        {
            "family": family,
            "person": person,
            "custody_of": custody_of,
            "is_child": person.relation in custody.CHILDREN,
            "lives_elsewhere": person.family_id != family.pk,
            "can_manage": request.user.has_perm("families.manage_case", family),
            "can_see_cpr": request.user.has_perm("families.view_full_cpr", family),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def custody_edit(request, family_id: int, person_id: int):
    """Who holds custody of one child of the household."""
    family = family_for(request.user, family_id)
    _require(request.user, "families.manage_case", family)
    child = get_object_or_404(family.members.filter(relation__in=custody.CHILDREN), pk=person_id)
    choices = custody.guardian_choices(child)
    form = forms.CustodyForm(
        request.POST or None,
        choices=choices,
        initial={"guardians": list(child.custodians.values_list("guardian_id", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            custody.custody_set(
                by=request.user, child=child, guardians=list(form.cleaned_data["guardians"])
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Forældremyndigheden er gemt.")
            return redirect("person_detail", family_id=family.pk, person_id=child.pk)
    note_shown(child, list(choices))
    return render(
        request,
        "families/form.html",
        {
            "form": form,
            "family": family,
            "title": f"Forældremyndighed over {child.full_name}",
            "page_title": "Forældremyndighed",
            "intro": "Sæt flueben ved hver forælder eller værge, der har forældremyndighed "
            "over barnet – også en forælder, der bor i en anden husstand.",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_join(request, family_id: int):
    """A parent already registered in another household, added here by CPR (not twice)."""
    family = family_for(request.user, family_id)
    _require(request.user, "families.manage_case", family)
    children = family.members.filter(relation__in=custody.CHILDREN)
    form = forms.HouseholdJoinForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            custody.household_join(
                by=request.user,
                family=family,
                cpr=d["cpr"],
                relation=d["relation"],
                custody_of=list(d["custody_of"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Personen hører nu også til husstanden.")
            return redirect("family_detail", family_id=family.pk)
    note_shown(family, list(children))
    return render(
        request,
        "families/form.html",
        {
            "form": form,
            "family": family,
            "title": "Tilføj forælder fra en anden husstand",
            "intro": "En forælder, der bor et andet sted (fx med fælles forældremyndighed), og "
            "som allerede er registreret i en anden familie i centret, findes med CPR-nummeret. "
            "Personen registreres ikke to gange.",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, family_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, "families.manage_case", family)
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_create(by=request.user, family=family, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, _cpr_clash_linked(error))
        else:
            messages.success(request, "Personen er tilføjet familien.")
            return redirect("family_detail", family_id=family.pk)
    return render(
        request, "families/form.html", {"form": form, "family": family, "title": "Tilføj person"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, family_id: int, person_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, "families.manage_case", family)
    person = get_object_or_404(family.members, pk=person_id)
    show_cpr = request.user.has_perm("families.view_full_cpr", family)
    form = forms.PersonForm(
        request.POST or None, instance=Person.objects.get(pk=person.pk), show_cpr=show_cpr
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(by=request.user, person=person, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, _cpr_clash_linked(error))
        else:
            messages.success(request, "Personens oplysninger er gemt.")
            return redirect("person_detail", family_id=family.pk, person_id=person.pk)
    return render(
        request,
        "families/form.html",
        {"form": form, "family": family, "title": f"Ret {person}", "page_title": "Ret person"},
    )


# --- Case steps: one shape, many steps -------------------------------------------


def _case_step(
    request,
    family_id: int,
    *,
    title: str,
    form_factory: Callable,
    action: Callable,
    done: str,
    perm: str = "families.manage_case",
    intro: str = "",
):
    """A form about the family's newest case: validate, call the service, go back to the family."""
    family = family_for(request.user, family_id)
    _require(request.user, perm, family)
    case = (
        family.cases.select_related("family__municipality", "family__centre")
        .order_by("-referred_on", "-id")
        .first()
    )
    if case is None:
        raise Http404
    form = form_factory(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            action(case, form)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("family_detail", family_id=family.pk)
    return render(
        request,
        "families/form.html",
        {"form": form, "family": family, "case": case, "title": title, "intro": intro},
    )


def _coordinators(case):
    return selectors.coordinators_for(centre_id=case.centre_id)


@login_required
@require_http_methods(["GET", "POST"])
def eligibility_assess(request, family_id: int):
    return _case_step(
        request,
        family_id,
        title="Målgruppevurdering",
        intro="Børn op til den automatiske aldersgrænse er i målgruppen. Ældre børn vurderes på de to kriterier.",
        form_factory=forms.EligibilityForm,
        action=lambda case, form: services.eligibility_assess(
            by=request.user, case=case, **form.service_kwargs()
        ),
        done="Målgruppevurderingen er registreret.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_record(request, family_id: int):
    return _case_step(
        request,
        family_id,
        title="Registrér samtykke",
        form_factory=forms.ConsentForm,
        action=lambda case, form: services.consent_record(
            by=request.user, case=case, **form.cleaned_data
        ),
        done="Samtykket er registreret.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, family_id: int, consent_id: int):
    def consent():
        # GET too: another family's consent under this family's URL is missing here.
        return get_object_or_404(Consent, pk=consent_id, case__family_id=family_id)

    def form_factory(data, case):
        consent()
        return forms.WithdrawConsentForm(data)

    def action(case, form):
        services.consent_withdraw(by=request.user, consent=consent(), **form.cleaned_data)

    return _case_step(
        request,
        family_id,
        title="Træk samtykke tilbage",
        intro="Når samtykket trækkes tilbage, udskrives familien samme dag.",
        form_factory=form_factory,
        action=action,
        done="Samtykket er trukket tilbage.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_enrol(request, family_id: int):
    return _case_step(
        request,
        family_id,
        title="Indskriv familien",
        form_factory=lambda data, case: forms.EnrolForm(data, coordinators=_coordinators(case)),
        action=lambda case, form: services.case_enrol(
            by=request.user, case=case, **form.cleaned_data
        ),
        done="Familien er indskrevet.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_discharge(request, family_id: int):
    return _case_step(
        request,
        family_id,
        title="Udskriv familien",
        form_factory=lambda data, case: forms.DischargeForm(data),
        action=lambda case, form: services.case_discharge(
            by=request.user,
            case=case,
            discharged_on=form.cleaned_data["discharged_on"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        ),
        done="Familien er udskrevet.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_reopen(request, family_id: int):
    family = family_for(request.user, family_id)
    _require(request.user, "families.manage_case", family)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_open(by=request.user, family=family, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, "Der er oprettet en ny henvisning. Den tidligere sag er bevaret."
            )
            return redirect("family_detail", family_id=family.pk)
    return render(
        request,
        "families/form.html",
        {"form": form, "family": family, "title": "Ny henvisning (genindskrivning)"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def coordinator_assign(request, family_id: int):
    return _case_step(
        request,
        family_id,
        title="Tildel familiekoordinator",
        form_factory=lambda data, case: forms.AssignCoordinatorForm(
            data, coordinators=_coordinators(case)
        ),
        action=lambda case, form: services.coordinator_assign(
            by=request.user,
            case=case,
            coordinator=form.cleaned_data["coordinator"],
            started_on=_today(),
        ),
        done="Koordinatoren er tildelt.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_start(request, family_id: int):
    return _case_step(
        request,
        family_id,
        perm="families.handover",
        title="Overlevering til ny koordinator",
        intro="Skriv det, den nye koordinator skal vide, så familien ikke skal fortælle det hele igen. "
        "Familien får besked om, hvem deres nye koordinator er.",
        form_factory=lambda data, case: forms.HandoverForm(
            data,
            coordinators=_coordinators(case).exclude(
                pk__in=case.coordinator_assignments.filter(ended_on__isnull=True).values(
                    "coordinator_id"
                )
            ),
            sections=handover_sections(case=case),
        ),
        action=lambda case, form: services.handover_start(
            by=request.user,
            case=case,
            to_coordinator=form.cleaned_data["to_coordinator"],
            note=form.note(),
            sections=form.edited_sections(),
        ),
        done="Overleveringen er sendt til den nye koordinator.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def cover_start(request, family_id: int):
    return _case_step(
        request,
        family_id,
        perm="families.handover",
        title="Dækning under fravær",
        intro="En anden koordinator dækker familien i en periode, fx ved sygdom eller ferie. "
        "Hun eller han ser familien og det, der forfalder, i perioden. Familien får besked om, "
        "hvem der dækker. Dækningen slutter af sig selv.",
        form_factory=lambda data, case: forms.CoverForm(
            data,
            coordinators=_coordinators(case).exclude(
                pk__in=case.coordinator_assignments.filter(ended_on__isnull=True).values(
                    "coordinator_id"
                )
            ),
        ),
        action=lambda case, form: services.cover_start(
            by=request.user, case=case, **form.cleaned_data
        ),
        done="Dækningen er registreret, og familien har fået besked.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_detail(request, family_id: int, handover_id: int):
    family = family_for(request.user, family_id)
    handover = get_object_or_404(
        Handover.objects.select_related("from_coordinator", "to_coordinator", "case"),
        pk=handover_id,
        case__family=family,
    )
    if request.method == "GET":
        _audit_view(
            request,
            "handover",
            handover.pk,
            family_id=family.pk,
            case_id=handover.case_id,
            summary="Overleveringsnotat",
        )
    error = None
    if request.method == "POST":
        try:
            services.handover_confirm(by=request.user, handover=handover)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, "Du har bekræftet, at du har læst overleveringen.")
            return redirect("family_detail", family_id=family.pk)
    return render(
        request,
        "families/handover_detail.html",
        {
            "family": family,
            "handover": handover,
            "situation": text_blocks(handover.situation_and_wishes),
            "sections": handover_reading(handover),
            "error": error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_link(request, family_id: int):
    return _case_step(
        request,
        family_id,
        title="Tilknyt samarbejdspartner",
        intro="En samarbejdspartner ser kun familien, så længe de er tilknyttet.",
        form_factory=lambda data, case: forms.PartnerLinkForm(
            data, candidates=selectors.partners_for_linking(centre_id=case.centre_id)
        ),
        action=lambda case, form: services.partner_link(
            by=request.user, case=case, **form.cleaned_data
        ),
        done="Samarbejdspartneren er tilknyttet.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_unlink(request, family_id: int, link_id: int):
    def link():
        # GET too: another family's link under this family's URL is missing here.
        return get_object_or_404(PartnerLink, pk=link_id, case__family_id=family_id)

    def form_factory(data, case):
        link()
        return forms.UnlinkForm(data)

    def action(case, form):
        services.partner_unlink(
            by=request.user, link=link(), unlinked_on=form.cleaned_data["unlinked_on"]
        )

    return _case_step(
        request,
        family_id,
        title="Afmeld samarbejdspartner",
        form_factory=form_factory,
        action=action,
        done="Samarbejdspartneren er afmeldt.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def external_case_add(request, family_id: int):
    def action(case, form):
        data = dict(form.cleaned_data)
        services.external_case_add(by=request.user, person=data.pop("person"), data=data)

    return _case_step(
        request,
        family_id,
        title="Sag i en anden afdeling",
        intro="Fx en forælders sag i jobcentret eller på voksenområdet i en af kommunerne.",
        form_factory=lambda data, case: forms.ExternalCaseForm(data, family=case.family),
        action=action,
        done="Sagen er registreret.",
    )


def _today():
    return timezone.localdate()


@login_required
def home(request):
    """The front page: what this person should look at first."""
    user = request.user
    context = {"my_families": [], "handovers_to_confirm": [], "pending_referrals": []}
    if user.has_perm("families.browse"):
        context["my_families"] = list(selectors.family_list_for(user=user, mine=True)[:50])
        context["handovers_to_confirm"] = selectors.handovers_to_confirm(user=user)
    if user.has_perm("families.manage_case"):
        context["pending_referrals"] = selectors.pending_referrals(user=user)
    today = _today()
    # What this person must act on today: the apps above families add their panels.
    context["panels"] = [
        panel
        for panel in (import_string(path)(user=user, today=today) for path in settings.HOME_PANELS)
        if panel
    ]
    context["referrals_waiting"] = selectors.referrals_waiting(user=user, today=today)
    context["referral_wait_days"] = selectors.referral_wait_days()
    context["age_limits"] = selectors.age_limits_ahead(user=user, today=today)
    note_shown(context)
    return render(request, "families/home.html", context)


# --- Value jumps ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def value_jump(request, family_id: int):
    """Ask for the reason before opening a family of one's centre that is not one's case."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("family_detail", kwargs={"family_id": family_id})
    if families_visible_to(request.user).filter(pk=family_id).exists():
        return redirect(back)
    if not may_value_jump(request.user, family_id):
        family_for(request.user, family_id)  # logs the refusal and answers 404
    family = Family.objects.get(pk=family_id)
    form = forms.ValueJumpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            value_jumps.value_jump_record(by=request.user, family=family, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect(back)
    return render(request, "families/value_jump.html", {"form": form, "next": back})
