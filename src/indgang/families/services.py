"""Every write to families and cases: validation, one transaction, audit, side effects."""

import logging
import smtplib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indgang.audit.services import Action, audit_changes, audit_object
from indgang.core.cpr import age_on, mask_cpr, parse_cpr
from indgang.core.services import save_validated
from indgang.core.templatetags.indgang_format import family_label
from indgang.families.access import families_visible_to, may_search_centre
from indgang.families.custody import custodians_of_family, custody_defaults, has_custody_in
from indgang.families.models import (
    Case,
    CaseStatusChange,
    Consent,
    CoordinatorAssignment,
    Cover,
    EligibilityAssessment,
    ExternalCase,
    Family,
    Handover,
    PartnerLink,
    Person,
)
from indgang.families.selectors import partners_for_linking
from indgang.organisation.models import Role

logger = logging.getLogger(__name__)

FAMILY_FIELDS = (
    "name",
    "municipality_id",
    "address",
    "postcode",
    "city",
    "language",
    "interpreter_needed",
    "preferred_contact",
)
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "cpr",
    "birth_date",
    "relation",
    "has_custody",
    "phone",
    "email",
)


def _snapshot(instance: Model, fields) -> dict:
    values = {field: getattr(instance, field) for field in fields}
    if "cpr" in values:  # the log keeps the change, never the number
        values["cpr"] = mask_cpr(values["cpr"] or "")
    return values


def _audit(by, action, obj, *, case=None, family_id=None, person_ids=(), summary="", changes=None):
    if family_id is None:
        family_id = obj.pk if isinstance(obj, Family) else getattr(obj, "family_id", None)
    audit_object(
        by,
        action,
        obj,
        case=case,
        family_id=family_id,
        person_ids=person_ids,
        summary=summary,
        changes=changes,
    )


_save = save_validated


def _set_status(case: Case, to: str, *, by, on: date, note: str = "") -> None:
    CaseStatusChange.objects.create(
        case=case, from_status=case.status, to_status=to, on=on, by=by, note=note
    )
    case.status = to


def _require_status(case: Case, *allowed: str, message: str) -> None:
    if case.status not in allowed:
        raise ValidationError(message)


# --- Persons ------------------------------------------------------------------

CPR_UNAVAILABLE = gettext_lazy(
    "CPR-nummeret kan ikke registreres her. Kontakt centrets leder, hvis personen skal oprettes."
)
# The code of a clash with a family the user may see: the page links to that family
# (families/views.py, _cpr_clash_linked); ``params`` carry its id and label, never the number.
# The message itself stays the plain one, which is what the import report shows.
CPR_HELD_VISIBLE = "cpr_held_visible"


def _cpr_clash(by, person: Person, family_id: int, centre_id: int, holder_id: int):
    """The refusal for a number another person holds, saying only what ``by`` may know.

    DOMAIN.md section 7 and families/access.py: anyone without access to a family must see
    nothing of it, not even that it exists. So the family is named (and linked) only for a
    user who may see it; staff of its centre who could open it with a reason are told to
    find the person by the CPR search (which asks for the reason and is logged); anyone else,
    another centre's staff above all, gets the same neutral refusal whatever the reason.
    """
    params = {"relation": person.relation}
    if family_id == person.family_id:
        return ValidationError(_("Personen er allerede registreret i familien."), params=params)
    same_centre = centre_id == person.family.centre_id
    if same_centre and (by is None or may_search_centre(by)):
        message = _(
            "Personen er allerede registreret i en anden familie i centret. "
            "Find personen med søgning på CPR-nummer."
        )
    else:
        message = CPR_UNAVAILABLE
    if by is None or not families_visible_to(by).filter(pk=family_id).exists():
        return ValidationError(message, params=params)
    name = Family.objects.values_list("name", flat=True).get(pk=family_id)
    params |= {
        "family": family_label(name),
        "family_id": family_id,
        "person_id": holder_id,
        "same_centre": same_centre,
    }
    return ValidationError(message, code=CPR_HELD_VISIBLE, params=params)


def _apply_cpr(person: Person, cpr: str | None, *, by=None) -> None:
    if not cpr:
        person.cpr = None
        return
    digits, born = parse_cpr(cpr)
    # One person, one record in the country (the unique constraint), so a number held
    # elsewhere cannot be registered here; _cpr_clash says what the user may learn of it.
    clash = (
        Person.objects.filter(cpr=digits)
        .exclude(pk=person.pk)
        .values_list("family_id", "family__centre_id", "pk")
        .first()
    )
    if clash is not None:
        family_id, centre_id, holder_id = clash
        raise ValidationError({"cpr": _cpr_clash(by, person, family_id, centre_id, holder_id)})
    person.cpr = digits
    person.birth_date = born


def person_create(*, by, family: Family, data: dict) -> Person:
    """A new member; ``has_custody`` means custody of the household's children (custody.py)."""
    custody = data.get("has_custody")
    person = Person(
        family=family, **{k: v for k, v in data.items() if k not in ("cpr", "has_custody")}
    )
    with transaction.atomic():
        _apply_cpr(person, data.get("cpr"), by=by)
        _save(person)
        custody_defaults(person, custody=custody)
        person.refresh_from_db(fields=["has_custody"])
        _audit(
            by,
            Action.CREATE,
            person,
            person_ids=[person.pk],
            changes=audit_changes({}, _snapshot(person, PERSON_FIELDS)),
        )
    return person


def person_update(*, by, person: Person, data: dict) -> Person:
    before = _snapshot(person, PERSON_FIELDS)
    old_cpr = person.cpr
    for field, value in data.items():
        if field not in ("cpr", "has_custody"):
            setattr(person, field, value)
    with transaction.atomic():
        if "cpr" in data:
            _apply_cpr(person, data["cpr"], by=by)
        _save(person)
        if "has_custody" in data:  # the API's flag: custody of all or none of the children
            custody_defaults(person, custody=data["has_custody"])
            person.refresh_from_db(fields=["has_custody"])
        after = _snapshot(person, PERSON_FIELDS)
        changes = audit_changes(before, after)
        if person.cpr != old_cpr:  # the masks may agree; the change is logged, the number not
            changes["cpr"] = [before["cpr"], after["cpr"]]
        if changes:
            _audit(by, Action.CHANGE, person, person_ids=[person.pk], changes=changes)
    return person


# --- Families and referral ------------------------------------------------------


def family_create(
    *, by, centre, family_data: dict, members: list[dict], referred_on: date, referral_source=""
) -> Family:
    """Register a referred family with its members and open its case."""
    if not any(m.get("relation") == Person.Relation.CHILD for m in members):
        raise ValidationError(_("Familien skal have mindst ét barn i målgruppen."))
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": _("Henvisningsdatoen kan ikke ligge i fremtiden.")})
    with transaction.atomic():
        family = _save(Family(centre=centre, **family_data))
        _audit(
            by, Action.CREATE, family, changes=audit_changes({}, _snapshot(family, FAMILY_FIELDS))
        )
        for member in members:
            person_create(by=by, family=family, data=member)
        case_open(by=by, family=family, referred_on=referred_on, referral_source=referral_source)
    return family


def family_update(*, by, family: Family, data: dict) -> Family:
    before = _snapshot(family, FAMILY_FIELDS)
    for field, value in data.items():
        setattr(family, field, value)
    with transaction.atomic():
        _save(family)
        changes = audit_changes(before, _snapshot(family, FAMILY_FIELDS))
        if changes:
            _audit(by, Action.CHANGE, family, changes=changes)
    return family


def case_open(*, by, family: Family, referred_on: date, referral_source: str = "") -> Case:
    """A new case: the first referral, or re-enrolment after a discharge (history is kept)."""
    if family.cases.open().exists():
        raise ValidationError(_("Familien har allerede en åben sag."))
    with transaction.atomic():
        case = Case(
            family=family,
            centre=family.centre,
            referred_on=referred_on,
            referral_source=referral_source,
        )
        _save(case)
        CaseStatusChange.objects.create(
            case=case, to_status=Case.Status.REFERRED, on=referred_on, by=by
        )
        _audit(by, Action.CREATE, case, case=case, summary="Henvisning registreret")
    return case


# --- Eligibility, consent, enrolment, discharge ---------------------------------


def eligibility_assess(
    *,
    by,
    case: Case,
    child: Person,
    assessed_on: date,
    judged_by: str,
    several_interventions_expected: bool | None = None,
    significant_daily_life_effect: bool | None = None,
    note: str = "",
) -> EligibilityAssessment:
    """Judge whether the child is in the target group, by the municipality's age rules."""
    _require_status(
        case,
        Case.Status.REFERRED,
        Case.Status.ELIGIBILITY_ASSESSED,
        message=_("Målgruppen kan kun vurderes, før familien er indskrevet."),
    )
    if child.family_id != case.family_id or child.relation != Person.Relation.CHILD:
        raise ValidationError({"child": _("Vælg et barn i målgruppen fra denne familie.")})
    if child.birth_date is None:
        raise ValidationError({"child": _("Barnets fødselsdato mangler.")})
    if assessed_on < child.birth_date:
        raise ValidationError({"assessed_on": _("Vurderingen kan ikke ligge før barnets fødsel.")})
    if assessed_on < case.referred_on:
        raise ValidationError({"assessed_on": _("Vurderingen kan ikke ligge før henvisningen.")})
    municipality = case.family.municipality
    age = age_on(child.birth_date, assessed_on)
    automatic = age <= municipality.auto_enrol_max_age
    if automatic:
        eligible = True
    elif age <= municipality.criteria_max_age:
        if several_interventions_expected is None or significant_daily_life_effect is None:
            raise ValidationError(
                _("For børn på %(age)s år skal begge kriterier vurderes.") % {"age": age}
            )
        eligible = several_interventions_expected and significant_daily_life_effect
    else:
        eligible = False
    assessment = EligibilityAssessment(
        case=case,
        child=child,
        assessed_on=assessed_on,
        age_at_assessment=age,
        automatic=automatic,
        several_interventions_expected=None if automatic else several_interventions_expected,
        significant_daily_life_effect=None if automatic else significant_daily_life_effect,
        eligible=eligible,
        judged_by=judged_by,
        recorded_by=by,
        note=note,
    )
    with transaction.atomic():
        _save(assessment)
        if eligible and case.status == Case.Status.REFERRED:
            _set_status(case, Case.Status.ELIGIBILITY_ASSESSED, by=by, on=assessed_on)
            _save(case)
        _audit(
            by,
            Action.CREATE,
            assessment,
            case=case,
            person_ids=[child.pk],
            summary="Målgruppevurdering: "
            + ("i målgruppen" if eligible else "uden for målgruppen"),
        )
    return assessment


def consent_record(
    *,
    by,
    case: Case,
    given_by: Person,
    given_on: date,
    covers: str,
    shares_with_partners: bool = False,
) -> Consent:
    """The parents' consent; ``shares_with_partners`` lets linked partners see the whole case."""
    _require_status(
        case,
        Case.Status.ELIGIBILITY_ASSESSED,
        Case.Status.CONSENT_GIVEN,
        Case.Status.ENROLLED,
        message=_("Samtykke kan først registreres, når barnet er vurderet i målgruppen."),
    )
    in_household = (
        given_by.family_id == case.family_id
        or given_by.other_households.filter(family_id=case.family_id).exists()
    )
    if not in_household or given_by.relation not in (
        Person.Relation.PARENT,
        Person.Relation.GUARDIAN,
    ):
        raise ValidationError({"given_by": _("Samtykket skal gives af en forælder eller værge.")})
    if not has_custody_in(given_by, case.family_id):
        raise ValidationError({"given_by": _("Personen har ikke forældremyndighed.")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Datoen kan ikke ligge i fremtiden.")})
    consent = Consent(
        case=case,
        given_by=given_by,
        given_on=given_on,
        covers=covers,
        shares_with_partners=shares_with_partners,
        recorded_by=by,
    )
    with transaction.atomic():
        _save(consent)
        if case.status == Case.Status.ELIGIBILITY_ASSESSED:
            _set_status(case, Case.Status.CONSENT_GIVEN, by=by, on=given_on)
            _save(case)
        _audit(by, Action.CREATE, consent, case=case, person_ids=[given_by.pk], summary="Samtykke")
    return consent


def consent_withdraw(*, by, consent: Consent, withdrawn_on: date) -> Consent:
    """Withdrawal ends the participation: an enrolled case is discharged the same day."""
    if consent.withdrawn_on:
        raise ValidationError(_("Samtykket er allerede trukket tilbage."))
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("Datoen ligger før samtykket blev givet.")})
    case = consent.case
    with transaction.atomic():
        consent.withdrawn_on = withdrawn_on
        _save(consent)
        _audit(
            by,
            Action.CHANGE,
            consent,
            case=case,
            person_ids=[consent.given_by_id],
            summary="Samtykke trukket tilbage",
        )
        if not case.consents.filter(withdrawn_on__isnull=True).exists() and case.is_open:
            case_discharge(
                by=by,
                case=case,
                discharged_on=withdrawn_on,
                reason=Case.DischargeReason.CONSENT_WITHDRAWN,
            )
    return consent


def case_enrol(
    *, by, case: Case, enrolled_on: date, coordinator, prior_case_months: int | None = None
) -> Case:
    """Enrol the family; needs an eligible child and consent that is not withdrawn."""
    if case.status == Case.Status.ENROLLED:
        raise ValidationError(_("Familien er allerede indskrevet."))
    if not case.consents.filter(withdrawn_on__isnull=True).exists():
        raise ValidationError(_("Familien kan ikke indskrives uden et gyldigt samtykke."))
    _require_status(
        case, Case.Status.CONSENT_GIVEN, message=_("Familien kan ikke indskrives fra denne status.")
    )
    eligible = case.eligibility.filter(eligible=True).select_related("child")
    if not eligible:
        raise ValidationError(_("Intet barn i familien er vurderet i målgruppen."))
    if enrolled_on < case.referred_on:
        raise ValidationError({"enrolled_on": _("Indskrivningen kan ikke ligge før henvisningen.")})
    if enrolled_on > timezone.localdate():
        raise ValidationError({"enrolled_on": _("Datoen kan ikke ligge i fremtiden.")})
    _check_coordinator(coordinator)
    with transaction.atomic():
        case.enrolled_on = enrolled_on
        case.prior_case_months = prior_case_months
        case.age_at_enrolment = min(age_on(e.child.birth_date, enrolled_on) for e in eligible)
        _set_status(case, Case.Status.ENROLLED, by=by, on=enrolled_on)
        _save(case)
        _audit(
            by,
            Action.CHANGE,
            case,
            case=case,
            summary="Indskrevet",
            changes={"status": [Case.Status.CONSENT_GIVEN, Case.Status.ENROLLED]},
        )
        if not case.coordinator_assignments.filter(ended_on__isnull=True).exists():
            coordinator_assign(by=by, case=case, coordinator=coordinator, started_on=enrolled_on)
    return case


def case_discharge(*, by, case: Case, discharged_on: date, reason: str, note: str = "") -> Case:
    """Discharge with a reason; a referral that never got enrolled can be closed too."""
    if case.status == Case.Status.DISCHARGED:
        raise ValidationError(_("Sagen er allerede afsluttet."))
    pre_enrolment_reasons = {
        Case.DischargeReason.NOT_ELIGIBLE,
        Case.DischargeReason.CONSENT_WITHDRAWN,
        Case.DischargeReason.MOVED_AWAY,
        Case.DischargeReason.OTHER,
    }
    if case.status != Case.Status.ENROLLED and reason not in pre_enrolment_reasons:
        raise ValidationError(
            {"reason": _("Familien er ikke indskrevet; vælg en årsag til at lukke henvisningen.")}
        )
    start = case.enrolled_on or case.referred_on
    if discharged_on < start:
        raise ValidationError(
            {
                "discharged_on": _("Udskrivningen kan ikke ligge før %(d)s.")
                % {"d": f"{start:%d.%m.%Y}"}
            }
        )
    with transaction.atomic():
        case.discharged_on = discharged_on
        case.discharge_reason = reason
        case.discharge_note = note
        _set_status(case, Case.Status.DISCHARGED, by=by, on=discharged_on)
        _save(case)
        case.coordinator_assignments.filter(ended_on__isnull=True).update(ended_on=discharged_on)
        case.partner_links.filter(unlinked_on__isnull=True).update(unlinked_on=discharged_on)
        case.handovers.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        _audit(
            by,
            Action.CHANGE,
            case,
            case=case,
            summary="Udskrevet",
            changes={"status": [None, "discharged"]},
        )
    return case


# --- Coordinators and handover ---------------------------------------------------


def _check_coordinator(coordinator) -> None:
    if coordinator is None or coordinator.role != Role.COORDINATOR or not coordinator.is_active:
        raise ValidationError({"coordinator": _("Vælg en aktiv familiekoordinator.")})


def coordinator_assign(*, by, case: Case, coordinator, started_on: date) -> CoordinatorAssignment:
    """The first coordinator; a change of coordinator goes through handover_start."""
    _check_coordinator(coordinator)
    if case.coordinator_assignments.filter(ended_on__isnull=True).exists():
        raise ValidationError(_("Familien har allerede en koordinator. Brug overlevering."))
    if not case.is_open:
        raise ValidationError(_("Sagen er afsluttet."))
    assignment = CoordinatorAssignment(
        case=case, coordinator=coordinator, started_on=started_on, assigned_by=by
    )
    with transaction.atomic():
        _save(assignment)
        _audit(by, Action.CREATE, assignment, case=case, summary=f"Koordinator: {coordinator}")
    return assignment


def _clean_sections(sections) -> list[dict]:
    cleaned = []
    for item in sections or []:
        if not isinstance(item, dict) or not str(item.get("title", "")).strip():
            raise ValidationError(_("Overleveringens afsnit mangler en overskrift."))
        text = str(item.get("text", "")).strip()
        if len(text) > 20000:
            raise ValidationError(_("Et afsnit i overleveringen er for langt."))
        cleaned.append(
            {"key": str(item.get("key", ""))[:40], "title": str(item["title"])[:200], "text": text}
        )
    return cleaned


def handover_start(
    *, by, case: Case, to_coordinator, note: dict, sections: list[dict] | None = None
) -> Handover:
    """Hand the family to a new coordinator with a written note; the family is told.

    ``sections`` is the structured note: the case's snapshot (families/handover.py) as the
    leaving coordinator edited it. Both coordinators see the family until the new one
    confirms having read the note.
    """
    _check_coordinator(to_coordinator)
    note = {**note, "sections": _clean_sections(sections)}
    current = (
        case.coordinator_assignments.filter(ended_on__isnull=True)
        .select_related("coordinator")
        .first()
    )
    if current is None:
        raise ValidationError(_("Familien har ingen koordinator at overlevere fra."))
    if current.coordinator_id == to_coordinator.pk:
        raise ValidationError({"to_coordinator": _("Vælg en anden koordinator end den nuværende.")})
    if case.handovers.filter(confirmed_at__isnull=True).exists():
        raise ValidationError(_("Der er allerede en overlevering, som ikke er bekræftet."))
    today = timezone.localdate()
    handover = Handover(
        case=case, from_coordinator=current.coordinator, to_coordinator=to_coordinator, **note
    )
    with transaction.atomic():
        _save(handover)
        current.ended_on = today
        _save(current)
        _save(
            CoordinatorAssignment(
                case=case, coordinator=to_coordinator, started_on=today, assigned_by=by
            )
        )
        _audit(by, Action.CREATE, handover, case=case, summary=f"Overlevering til {to_coordinator}")
        transaction.on_commit(lambda: _notify_family_of_new_coordinator(handover))
    return handover


def _notify_family_of_new_coordinator(handover: Handover) -> None:
    """Tell the parents who their new coordinator is and how to reach them (no case content)."""
    recipients = list(
        custodians_of_family(handover.case.family).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return
    body = render_to_string(
        "families/email/new_coordinator.txt", {"coordinator": handover.to_coordinator}
    )
    try:
        send_mail("Din nye familiekoordinator", body, None, recipients)
    except (OSError, smtplib.SMTPException):
        # The handover stands; the missing notified date shows that the family must be told.
        logger.warning("Handover %s: the e-mail to the family could not be sent", handover.pk)
        return
    Handover.objects.filter(pk=handover.pk).update(family_notified_at=timezone.now())


def handover_confirm(*, by, handover: Handover) -> Handover:
    if handover.to_coordinator_id != by.pk:
        raise ValidationError(_("Kun den nye koordinator kan bekræfte overleveringen."))
    if handover.confirmed_at:
        raise ValidationError(_("Overleveringen er allerede bekræftet."))
    handover.confirmed_at = timezone.now()
    with transaction.atomic():
        _save(handover)
        _audit(by, Action.CHANGE, handover, case=handover.case, summary="Overlevering læst")
    return handover


# --- Cover during absence -------------------------------------------------------

COVER_MAX_DAYS = 366


def cover_start(*, by, case: Case, deputy, reason: str, starts_on: date, ends_on: date) -> Cover:
    """A deputy coordinator covers the family for a period (illness, holiday).

    The deputy sees the family and its due items from ``starts_on`` to ``ends_on``
    (families/access.py, the coordinator's week); the cover ends by itself. The parents are
    told who covers and how to reach them (no case content).
    """
    if not case.is_open:
        raise ValidationError(_("Sagen er afsluttet."))
    current = (
        case.coordinator_assignments.filter(ended_on__isnull=True)
        .select_related("coordinator")
        .first()
    )
    if current is None:
        raise ValidationError(_("Familien har ingen koordinator, der kan dækkes for."))
    if deputy is None or deputy.role != Role.COORDINATOR or not deputy.is_active:
        raise ValidationError({"deputy": _("Vælg en aktiv familiekoordinator.")})
    if deputy.centre_id != case.centre_id:
        raise ValidationError({"deputy": _("Vælg en koordinator fra familiens center.")})
    if deputy.pk == current.coordinator_id:
        raise ValidationError({"deputy": _("Vælg en anden end familiens egen koordinator.")})
    today = timezone.localdate()
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Slutdatoen skal ligge på eller efter startdatoen.")})
    if ends_on and ends_on < today:
        raise ValidationError({"ends_on": _("Dækningen skal slutte i dag eller senere.")})
    if starts_on and ends_on and (ends_on - starts_on).days > COVER_MAX_DAYS:
        raise ValidationError(
            {"ends_on": _("En dækning kan højst vare et år. Er fraværet længere, så overlevér.")}
        )
    overlapping = case.covers.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if starts_on and ends_on and overlapping.exists():
        raise ValidationError(_("Der er allerede en dækning i den periode."))
    cover = Cover(
        case=case,
        coordinator=current.coordinator,
        deputy=deputy,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    with transaction.atomic():
        _save(cover)
        _audit(
            by,
            Action.CREATE,
            cover,
            case=case,
            family_id=case.family_id,
            summary=f"Dækning: {deputy} for {current.coordinator}",
            changes=audit_changes(
                {}, {"deputy": str(deputy), "starts_on": starts_on, "ends_on": ends_on}
            ),
        )
        transaction.on_commit(lambda: _notify_family_of_cover(cover))
    return cover


def _notify_family_of_cover(cover: Cover) -> None:
    """Tell the parents who covers, when, and how to reach them (no case content)."""
    recipients = list(
        custodians_of_family(cover.case.family).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return
    body = render_to_string("families/email/cover.txt", {"cover": cover})
    try:
        send_mail("Hvem I kan kontakte, mens jeres koordinator er væk", body, None, recipients)
    except (OSError, smtplib.SMTPException):
        logger.warning("Cover %s: the e-mail to the family could not be sent", cover.pk)


# --- Partners and other cases ----------------------------------------------------


def partner_link(*, by, case: Case, user, role_in_case: str, linked_on: date) -> PartnerLink:
    if not case.is_open:
        raise ValidationError(_("Sagen er afsluttet."))
    if user.role not in (Role.PARTNER, Role.CORE_TEAM):
        raise ValidationError({"user": _("Vælg en samarbejdspartner eller et kerneteammedlem.")})
    if not partners_for_linking(centre_id=case.centre_id).filter(pk=user.pk).exists():
        raise ValidationError(
            {"user": _("Vælg en samarbejdspartner i en af centrets kommuner eller kerneteamet.")}
        )
    if case.partner_links.filter(user=user, unlinked_on__isnull=True).exists():
        raise ValidationError({"user": _("%(u)s er allerede tilknyttet familien.") % {"u": user}})
    link = PartnerLink(
        case=case, user=user, role_in_case=role_in_case, linked_on=linked_on, linked_by=by
    )
    with transaction.atomic():
        _save(link)
        _audit(by, Action.CREATE, link, case=case, summary=f"Tilknyttet: {user}")
    return link


def partner_unlink(*, by, link: PartnerLink, unlinked_on: date) -> PartnerLink:
    if link.unlinked_on is not None:
        raise ValidationError(_("Tilknytningen er allerede afsluttet."))
    if unlinked_on < link.linked_on:
        raise ValidationError({"unlinked_on": _("Datoen ligger før tilknytningen.")})
    link.unlinked_on = unlinked_on
    with transaction.atomic():
        _save(link)
        _audit(by, Action.CHANGE, link, case=link.case, summary=f"Afmeldt: {link.user}")
    return link


def external_case_add(*, by, person: Person, data: dict) -> ExternalCase:
    external = ExternalCase(person=person, **data)
    with transaction.atomic():
        _save(external)
        _audit(
            by,
            Action.CREATE,
            external,
            family_id=person.family_id,  # an external case hangs on the person, not a case
            person_ids=[person.pk],
            summary="Sag i anden afdeling",
        )
    return external
