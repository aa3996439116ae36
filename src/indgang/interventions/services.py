"""Every write about interventions: validation, one transaction, audit with old and new values."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone

from indgang.audit.services import Action, audit_changes, audit_record
from indgang.families.models import Case
from indgang.interventions.letters import DEFAULT_LETTERS, letter_body_errors
from indgang.interventions.models import (
    Application,
    Complaint,
    CoreTeamPosition,
    CoreTeamProposal,
    CostShare,
    CostSplit,
    Decision,
    DecisionLetterTemplate,
    DecisionLetterTemplateVersion,
    InterventionSetting,
    InterventionType,
    LegalBasis,
    MunicipalityPolicy,
    ReviewProposal,
)
from indgang.meetings.models import Meeting
from indgang.organisation.models import CoreTeamMembership

RECONSIDERATION_WEEKS = 4

COMPLAINT_GUIDANCE = (
    "Du kan klage over afgørelsen. Klagen skal være kommunen i hænde senest 4 uger efter, "
    "at du har modtaget afgørelsen. Du kan klage skriftligt eller mundtligt til din "
    "familiekoordinator. Kommunen ser på sagen igen (genvurdering) inden for 4 uger. "
    "Hvis kommunen fastholder afgørelsen, sender vi din klage videre til Ankestyrelsen, "
    "og du får besked om det."
)


def _d(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _person_ids(obj: Model) -> list[int]:
    """Whom a write concerned: the applicant of an application, a decision or a grant."""
    person_id = getattr(obj, "person_id", None)
    if person_id is None and getattr(obj, "application_id", None):
        person_id = obj.application.person_id
    if person_id is None and getattr(obj, "decision_id", None):
        person_id = obj.decision.application.person_id
    return [person_id] if person_id else []


def _audit(by, action, obj: Model, *, family_id, case_id=None, summary="", changes=None):
    audit_record(
        user=by,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        family_id=family_id,
        case_id=case_id,
        person_ids=_person_ids(obj),
        summary=summary,
        changes=changes,
    )


def _save(instance: Model) -> Model:
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(
            "Ændringen kunne ikke gemmes, fordi den strider mod en regel for data."
        ) from exc
    return instance


def _snapshot(instance: Model, fields) -> dict:
    return {f: getattr(instance, f) for f in fields}


# --- Deadlines -----------------------------------------------------------------------------


def processing_weeks(*, municipality, intervention_type: InterventionType) -> int:
    """The published deadline in weeks: the municipality's, else the catalogue's default."""
    setting = InterventionSetting.objects.filter(
        municipality=municipality, intervention_type=intervention_type
    ).first()
    return setting.processing_weeks if setting else intervention_type.default_processing_weeks


def deadline_for(received_on: date, weeks: int) -> date:
    # Published processing deadlines are counted in whole weeks from the day received.
    return received_on + timedelta(weeks=weeks)


# --- Applications ---------------------------------------------------------------------------

APPLICATION_FIELDS = ("intervention_type_id", "person_id", "received_on", "deadline", "status")


def application_create(
    *,
    by,
    case: Case,
    intervention_type: InterventionType,
    received_on: date,
    started_by: str,
    person=None,
    description: str = "",
    renews: Decision | None = None,
) -> Application:
    """Register an application; its processing deadline follows from the date received."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "Modtagelsesdatoen kan ikke ligge i fremtiden."})
    if person is not None and person.family_id != case.family_id:
        raise ValidationError({"person": "Personen hører ikke til familien."})
    family = case.family
    weeks = processing_weeks(municipality=family.municipality, intervention_type=intervention_type)
    application = Application(
        case=case,
        family=family,
        municipality=family.municipality,
        intervention_type=intervention_type,
        person=person,
        received_on=received_on,
        deadline=deadline_for(received_on, weeks),
        started_by=started_by,
        description=description,
        renews=renews,
        created_by=by,
    )
    with transaction.atomic():
        _save(application)
        _audit(
            by,
            Action.CREATE,
            application,
            family_id=family.pk,
            case_id=case.pk,
            summary=f"Ansøgning om {intervention_type.name}",
            changes=audit_changes({}, _snapshot(application, APPLICATION_FIELDS)),
        )
    return application


def application_withdraw(*, by, application: Application) -> Application:
    if application.status != Application.Status.PROCESSING:
        raise ValidationError("Kun en ansøgning under behandling kan trækkes tilbage.")
    with transaction.atomic():
        application.status = Application.Status.WITHDRAWN
        _save(application)
        _audit(
            by,
            Action.CHANGE,
            application,
            family_id=application.family_id,
            case_id=application.case_id,
            changes={"status": ["processing", "withdrawn"]},
        )
    return application


# --- Decisions ------------------------------------------------------------------------------

DECISION_FIELDS = (
    "outcome",
    "legal_basis_id",
    "decided_on",
    "period_from",
    "period_to",
    "units_per_month",
    "amount_per_month",
    "processing_days",
    "within_deadline",
    "made_by",
)


def decision_make(
    *,
    by,
    application: Application,
    outcome: str,
    justification: str,
    legal_basis: LegalBasis,
    decided_on: date,
    period_from: date | None = None,
    period_to: date | None = None,
    units_per_month: Decimal | None = None,
    amount_per_month: Decimal | None = None,
    complaint_guidance: str = COMPLAINT_GUIDANCE,
    made_by: str | None = None,
) -> Decision:
    """Decide an application: processing time is recorded; a grant gets its paying department.

    An application sent on by the core team is decided by the visitation committee.
    """
    if made_by is None:
        made_by = (
            Decision.MadeBy.COMMITTEE if application.referred_on else Decision.MadeBy.CASEWORKER
        )
    errors: dict[str, list[str]] = {}
    if application.status != Application.Status.PROCESSING:
        raise ValidationError("Ansøgningen er allerede afgjort eller trukket tilbage.")
    if (
        made_by != Decision.MadeBy.CORE_TEAM
        and application.core_team_proposals.filter(status=CoreTeamProposal.Status.OPEN).exists()
    ):
        raise ValidationError(
            "Ansøgningen ligger hos kerneteamet. Behandl forslaget til kerneteamet først."
        )
    if decided_on < application.received_on:
        errors.setdefault("decided_on", []).append(
            "Afgørelsen kan ikke være truffet før ansøgningen blev modtaget "
            f"({_d(application.received_on)})."
        )
    if decided_on > timezone.localdate():
        errors.setdefault("decided_on", []).append("Afgørelsesdatoen kan ikke ligge i fremtiden.")
    if not legal_basis.is_valid_on(decided_on):
        errors.setdefault("legal_basis", []).append(
            f"{legal_basis} gælder ikke på afgørelsesdatoen {_d(decided_on)}"
            + (f"; den er afløst af {legal_basis.replaced_by}." if legal_basis.replaced_by else ".")
        )
    bases = list(application.intervention_type.legal_bases.all())
    if bases and legal_basis not in bases:
        errors.setdefault("legal_basis", []).append(
            f"{legal_basis} er ikke en hjemmel for {application.intervention_type}."
        )
    granted = outcome != Decision.Outcome.REFUSED
    if granted and period_from is None:
        errors.setdefault("period_from", []).append("En bevilling skal have en startdato.")
    if period_from and period_to and period_to < period_from:
        errors.setdefault("period_to", []).append(
            "Bevillingsperioden kan ikke slutte, før den begynder."
        )
    if not granted:
        period_from = period_to = units_per_month = amount_per_month = None
    if errors:
        raise ValidationError(errors)
    setting = InterventionSetting.objects.filter(
        municipality_id=application.municipality_id,
        intervention_type_id=application.intervention_type_id,
    ).first()
    days = (decided_on - application.received_on).days
    decision = Decision(
        application=application,
        family_id=application.family_id,
        municipality_id=application.municipality_id,
        intervention_type_id=application.intervention_type_id,
        outcome=outcome,
        justification=justification,
        legal_basis=legal_basis,
        decided_on=decided_on,
        period_from=period_from,
        period_to=period_to,
        units_per_month=units_per_month,
        amount_per_month=amount_per_month,
        unit=setting.unit if setting else "",
        complaint_guidance=complaint_guidance,
        processing_days=days,
        within_deadline=decided_on <= application.deadline,
        decided_by=by,
        made_by=made_by,
    )
    with transaction.atomic():
        _save(decision)
        application.status = Application.Status.DECIDED
        application.save(update_fields=["status"])
        _audit(
            by,
            Action.CREATE,
            decision,
            family_id=application.family_id,
            case_id=application.case_id,
            summary=f"Afgørelse: {decision.get_outcome_display()}",
            changes=audit_changes({}, _snapshot(decision, DECISION_FIELDS)),
        )
        if granted and setting:
            cost_split_set(
                by=by,
                decision=decision,
                shares=[(setting.paying_department, Decimal("100"))],
                valid_from=period_from,
                note="Betalende afdeling efter kommunens opsætning",
            )
    return decision


# --- Joint financing ------------------------------------------------------------------------


def cost_split_set(
    *, by, decision: Decision, shares: list[tuple], valid_from: date, note: str = ""
) -> CostSplit:
    """A new version of the split of a grant's cost; the shares must sum to exactly 100 %."""
    if not decision.is_grant:
        raise ValidationError("Kun en bevilling kan fordeles mellem afdelinger.")
    shares = [(dept, Decimal(pct)) for dept, pct in shares if dept is not None and pct]
    if not shares:
        raise ValidationError({"shares": "Angiv mindst én afdeling og dens andel."})
    departments = [dept.pk for dept, _ in shares]
    if len(set(departments)) != len(departments):
        raise ValidationError({"shares": "Den samme afdeling er angivet flere gange."})
    if any(pct <= 0 or pct > 100 for _, pct in shares):
        raise ValidationError({"shares": "Hver andel skal være mellem 0 og 100 %."})
    total = sum(pct for _, pct in shares)
    if total != Decimal("100"):
        raise ValidationError(
            {
                "shares": f"Andelene skal give 100 % tilsammen; de giver {total:.2f} %.".replace(
                    ".", ","
                )
            }
        )
    with transaction.atomic():
        previous = (
            CostSplit.objects.select_for_update(of=("self",))
            .filter(decision=decision)
            .aggregate(v=Max("version"))["v"]
            or 0
        )
        old = {}
        if previous:
            old = {
                str(s.department_id): f"{s.percent:.2f}"
                for s in CostShare.objects.filter(split__decision=decision, split__version=previous)
            }
        split = _save(
            CostSplit(
                decision=decision,
                version=previous + 1,
                valid_from=valid_from,
                note=note,
                set_by=by,
            )
        )
        for dept, pct in shares:
            _save(CostShare(split=split, department=dept, percent=pct))
        new = {str(dept.pk): f"{pct:.2f}" for dept, pct in shares}
        _audit(
            by,
            Action.CREATE,
            split,
            family_id=decision.family_id,
            case_id=decision.application.case_id,
            summary=f"Fordeling af udgiften, version {split.version}",
            changes=audit_changes(old, new),
        )
    return split


# --- Review proposals -----------------------------------------------------------------------


def grant_reviews_propose(*, on: date) -> list[ReviewProposal]:
    """Propose a review of every time-limited grant ending soon. Safe to run again."""
    candidates = (
        Decision.objects.filter(
            outcome__in=[Decision.Outcome.GRANTED, Decision.Outcome.PARTLY],
            intervention_type__time_limited=True,
            period_to__isnull=False,
            period_to__gte=on,
            review__isnull=True,
        )
        .select_related("intervention_type")
        .order_by("period_to", "pk")
    )
    created = []
    for decision in candidates:
        if decision.period_to - timedelta(days=decision.intervention_type.review_lead_days) > on:
            continue
        proposal, made = ReviewProposal.objects.get_or_create(
            decision=decision,
            defaults={
                "family_id": decision.family_id,
                "proposed_on": on,
                "ends_on": decision.period_to,
            },
        )
        if made:
            audit_record(
                user=None,
                action=Action.CREATE,
                object_type="reviewproposal",
                object_id=proposal.pk,
                family_id=decision.family_id,
                summary=f"Forslag om revurdering af {decision.intervention_type.name}",
                username="system",
            )
            created.append(proposal)
    return created


def review_start(*, by, proposal: ReviewProposal, received_on: date) -> Application:
    """Turn a review proposal into an application, so the family does not re-apply."""
    with transaction.atomic():
        # read again under a lock: two clicks must not start two reviews
        proposal = ReviewProposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        if proposal.application_id:
            raise ValidationError("Revurderingen er allerede sat i gang.")
        decision = proposal.decision
        application = decision.application
        case = application.case
        if not case.is_open:
            raise ValidationError("Familiens sag er afsluttet; start en ny henvisning først.")
        new = application_create(
            by=by,
            case=case,
            intervention_type=decision.intervention_type,
            received_on=received_on,
            started_by=Application.StartedBy.REVIEW,
            person=application.person,
            description=f"Revurdering af bevillingen fra {_d(decision.decided_on)}.",
            renews=decision,
        )
        proposal.application = new
        proposal.save(update_fields=["application"])
    return new


# --- Complaints -----------------------------------------------------------------------------

COMPLAINT_FIELDS = (
    "kind",
    "decision_id",
    "received_on",
    "outcome",
    "reconsidered_on",
    "appeal_outcome",
    "appeal_decided_on",
    "hours_counsellor",
    "hours_lawyer",
    "hours_leader",
)


@dataclass
class Hours:
    counsellor: Decimal = Decimal("0")
    lawyer: Decimal = Decimal("0")
    leader: Decimal = Decimal("0")


def complaint_create(
    *,
    by,
    case: Case,
    kind: str,
    received_on: date,
    decision_id: int | None = None,
    description: str = "",
) -> Complaint:
    """Register a complaint; the reconsideration deadline is 4 weeks from the date received."""
    decision = None
    if kind == Complaint.Kind.DECISION:
        decision = (
            Decision.objects.filter(pk=decision_id, family_id=case.family_id).first()
            if decision_id
            else None
        )
        if decision is None:
            raise ValidationError(
                {"decision": "Den afgørelse, der klages over, findes ikke i familiens sag."}
            )
        if received_on < decision.decided_on:
            raise ValidationError(
                {
                    "received_on": "En klage over en afgørelse kan ikke være modtaget, før "
                    f"afgørelsen blev truffet ({_d(decision.decided_on)})."
                }
            )
    elif decision_id:
        raise ValidationError(
            {"decision": "En klage over sagsbehandlingen angår ikke en afgørelse."}
        )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "Modtagelsesdatoen kan ikke ligge i fremtiden."})
    complaint = Complaint(
        case=case,
        family_id=case.family_id,
        municipality_id=case.family.municipality_id,
        kind=kind,
        decision=decision,
        received_on=received_on,
        reconsideration_deadline=received_on + timedelta(weeks=RECONSIDERATION_WEEKS),
        description=description,
        created_by=by,
    )
    with transaction.atomic():
        _save(complaint)
        _audit(
            by,
            Action.CREATE,
            complaint,
            family_id=case.family_id,
            case_id=case.pk,
            summary=complaint.get_kind_display(),
            changes=audit_changes({}, _snapshot(complaint, COMPLAINT_FIELDS)),
        )
    return complaint


def complaint_reconsider(
    *,
    by,
    complaint: Complaint,
    reconsidered_on: date,
    outcome: str,
    hours: Hours | None = None,
) -> Complaint:
    """The municipality's reconsideration: upheld, changed, or sent on to Ankestyrelsen."""
    if complaint.outcome != Complaint.Outcome.PENDING:
        raise ValidationError("Klagen er allerede genvurderet.")
    if outcome == Complaint.Outcome.PENDING:
        raise ValidationError({"outcome": "Vælg resultatet af genvurderingen."})
    if outcome == Complaint.Outcome.SENT_ON and complaint.kind != Complaint.Kind.DECISION:
        raise ValidationError(
            {"outcome": "Kun en klage over en afgørelse kan sendes videre til Ankestyrelsen."}
        )
    if reconsidered_on < complaint.received_on:
        raise ValidationError(
            {
                "reconsidered_on": "Genvurderingen kan ikke ligge før klagen blev modtaget "
                f"({_d(complaint.received_on)})."
            }
        )
    if reconsidered_on > timezone.localdate():
        raise ValidationError({"reconsidered_on": "Datoen kan ikke ligge i fremtiden."})
    before = _snapshot(complaint, COMPLAINT_FIELDS)
    complaint.outcome = outcome
    complaint.reconsidered_on = reconsidered_on
    if hours:
        complaint.hours_counsellor = hours.counsellor
        complaint.hours_lawyer = hours.lawyer
        complaint.hours_leader = hours.leader
    with transaction.atomic():
        _save(complaint)
        _audit(
            by,
            Action.CHANGE,
            complaint,
            family_id=complaint.family_id,
            case_id=complaint.case_id,
            summary="Klage genvurderet",
            changes=audit_changes(before, _snapshot(complaint, COMPLAINT_FIELDS)),
        )
    return complaint


def complaint_appeal_decided(
    *, by, complaint: Complaint, appeal_outcome: str, decided_on: date, hours: Hours | None = None
) -> Complaint:
    """Ankestyrelsen's decision on a complaint the municipality sent on."""
    if complaint.outcome != Complaint.Outcome.SENT_ON:
        raise ValidationError("Klagen er ikke sendt videre til Ankestyrelsen.")
    if complaint.appeal_outcome:
        raise ValidationError("Ankestyrelsens afgørelse er allerede registreret.")
    if not appeal_outcome:
        raise ValidationError({"appeal_outcome": "Vælg Ankestyrelsens afgørelse."})
    if decided_on < complaint.reconsidered_on:
        raise ValidationError(
            {"decided_on": "Ankestyrelsen kan ikke have afgjort klagen før genvurderingen."}
        )
    before = _snapshot(complaint, COMPLAINT_FIELDS)
    complaint.appeal_outcome = appeal_outcome
    complaint.appeal_decided_on = decided_on
    if hours:
        complaint.hours_counsellor += hours.counsellor
        complaint.hours_lawyer += hours.lawyer
        complaint.hours_leader += hours.leader
    with transaction.atomic():
        _save(complaint)
        _audit(
            by,
            Action.CHANGE,
            complaint,
            family_id=complaint.family_id,
            case_id=complaint.case_id,
            summary="Ankestyrelsens afgørelse registreret",
            changes=audit_changes(before, _snapshot(complaint, COMPLAINT_FIELDS)),
        )
    return complaint


# --- Letter templates -----------------------------------------------------------------------


LETTER_FIELDS = ("body", "active")


def _letter_version(template: DecisionLetterTemplate, *, by) -> DecisionLetterTemplateVersion:
    """Keep the template's state as its next version (the row is locked by the caller)."""
    last = template.versions.aggregate(n=Max("number"))["n"] or 0
    return DecisionLetterTemplateVersion.objects.create(
        template=template,
        number=last + 1,
        body=template.body,
        active=template.active,
        saved_by=by,
    )


def letter_template_update(
    *, by, template: DecisionLetterTemplate, body: str, active: bool
) -> DecisionLetterTemplate:
    """Save a new text and state: a version row and an audit event with old and new values.

    The text may use only the named placeholders (letters.PLACEHOLDERS); template-engine syntax
    and unknown names are refused with a Danish message that names them."""
    if not by.has_perm("interventions.change_letter_template", template):
        raise PermissionDenied
    body = body.replace("\r\n", "\n")
    errors = letter_body_errors(body)
    if errors:
        raise ValidationError({"body": errors})
    with transaction.atomic():
        template = DecisionLetterTemplate.objects.select_for_update().get(pk=template.pk)
        before = _snapshot(template, LETTER_FIELDS)
        template.body = body
        template.active = active
        _save(template)
        version = _letter_version(template, by=by)
        audit_record(
            user=by,
            action=Action.CHANGE,
            object_type="decisionlettertemplate",
            object_id=template.pk,
            summary=f"Brevskabelon ændret: {template.name} ({template.municipality.name}), "
            f"version {version.number}",
            changes=audit_changes(before, _snapshot(template, LETTER_FIELDS)),
        )
    return template


def letter_templates_create_defaults(*, municipality, by=None) -> list[DecisionLetterTemplate]:
    """Give a municipality the standard letters it lacks (by name and outcome), version 1 each.

    Called when a municipality is set up (``by`` None) or by its leader from the list page."""
    if by is not None and not by.has_perm("interventions.change_letter_template", municipality):
        raise PermissionDenied
    made = []
    with transaction.atomic():
        for name, outcome, body in DEFAULT_LETTERS:
            if DecisionLetterTemplate.objects.filter(
                municipality=municipality, name=name, outcome=outcome
            ).exists():
                continue
            template = _save(
                DecisionLetterTemplate(
                    municipality=municipality, name=name, outcome=outcome, body=body
                )
            )
            _letter_version(template, by=by)
            made.append(template)
        if made and by is not None:
            audit_record(
                user=by,
                action=Action.CREATE,
                object_type="decisionlettertemplate",
                summary=f"Standardbreve oprettet for {municipality.name} Kommune",
                changes={t.name: [None, t.body] for t in made},
            )
    return made


# --- Core-team decisions ---------------------------------------------------------------------

PROPOSAL_FIELDS = (
    "application_id",
    "meeting_id",
    "outcome",
    "legal_basis_id",
    "period_from",
    "period_to",
    "units_per_month",
    "amount_per_month",
    "status",
    "referral",
    "resolved_on",
    "decision_id",
)


def _require_processing(application: Application) -> None:
    if application.status != Application.Status.PROCESSING:
        raise ValidationError("Ansøgningen er ikke længere under behandling.")


def core_team_propose(
    *,
    by,
    application: Application,
    outcome: str,
    justification: str,
    legal_basis: LegalBasis,
    meeting: Meeting | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    units_per_month: Decimal | None = None,
    amount_per_month: Decimal | None = None,
) -> CoreTeamProposal:
    """Put a proposed decision on an application to the core team (at a weekly meeting)."""
    _require_processing(application)
    if application.referred_on:
        raise ValidationError(
            "Ansøgningen er allerede sendt til visitationsudvalget "
            f"({_d(application.referred_on)})."
        )
    if application.core_team_proposals.filter(status=CoreTeamProposal.Status.OPEN).exists():
        raise ValidationError("Der ligger allerede et forslag om ansøgningen hos kerneteamet.")
    errors: dict[str, list[str]] = {}
    if meeting is not None:
        if meeting.type != Meeting.Type.CORE_TEAM_WEEKLY:
            errors.setdefault("meeting", []).append("Vælg et af kerneteamets ugemøder.")
        elif meeting.centre_id != application.case.centre_id:
            errors.setdefault("meeting", []).append(
                "Mødet er et andet centers kerneteammøde end familiens."
            )
        elif meeting.status == Meeting.Status.CANCELLED:
            errors.setdefault("meeting", []).append("Mødet er aflyst.")
    if not justification.strip():
        errors.setdefault("justification", []).append("Skriv begrundelsen for forslaget.")
    bases = list(application.intervention_type.legal_bases.all())
    if bases and legal_basis not in bases:
        errors.setdefault("legal_basis", []).append(
            f"{legal_basis} er ikke en hjemmel for {application.intervention_type}."
        )
    granted = outcome != Decision.Outcome.REFUSED
    if outcome not in Decision.Outcome.values:
        errors.setdefault("outcome", []).append("Vælg den foreslåede afgørelse.")
    if granted and period_from is None:
        errors.setdefault("period_from", []).append("En bevilling skal have en startdato.")
    if period_from and period_to and period_to < period_from:
        errors.setdefault("period_to", []).append(
            "Bevillingsperioden kan ikke slutte, før den begynder."
        )
    if errors:
        raise ValidationError(errors)
    if not granted:
        period_from = period_to = units_per_month = amount_per_month = None
    proposal = CoreTeamProposal(
        application=application,
        family_id=application.family_id,
        meeting=meeting,
        outcome=outcome,
        justification=justification,
        legal_basis=legal_basis,
        period_from=period_from,
        period_to=period_to,
        units_per_month=units_per_month,
        amount_per_month=amount_per_month,
        created_by=by,
    )
    with transaction.atomic():
        _save(proposal)
        _audit(
            by,
            Action.CREATE,
            proposal,
            family_id=application.family_id,
            case_id=application.case_id,
            summary=f"Forslag til kerneteamet om {application.intervention_type.name}",
            changes=audit_changes({}, _snapshot(proposal, PROPOSAL_FIELDS)),
        )
    return proposal


def core_team_members(proposal: CoreTeamProposal):
    """Who may take a position: the members of the core team of the family's centre."""
    from indgang.organisation.models import User

    centre_id = proposal.application.case.centre_id
    return User.objects.filter(core_team_memberships__centre_id=centre_id, is_active=True).order_by(
        "first_name", "last_name", "pk"
    )


def core_team_position_record(
    *, by, proposal: CoreTeamProposal, member, position: str, note: str = ""
) -> CoreTeamPosition:
    """Record (or correct) one present member's position while the proposal is open."""
    # Read again: the proposal may have been resolved since the page was shown.
    proposal = CoreTeamProposal.objects.select_related("application__case", "meeting").get(
        pk=proposal.pk
    )
    if proposal.status != CoreTeamProposal.Status.OPEN:
        raise ValidationError("Forslaget er allerede behandlet; holdninger kan ikke ændres.")
    _require_processing(proposal.application)
    errors: dict[str, list[str]] = {}
    if member is None:
        errors["member"] = ["Vælg kerneteammedlemmet."]
    elif not CoreTeamMembership.objects.filter(
        centre_id=proposal.application.case.centre_id, user=member
    ).exists():
        errors["member"] = [f"{member} er ikke medlem af familiens kerneteam."]
    elif (
        proposal.meeting_id
        and proposal.meeting.participants.filter(user=member, attended=False).exists()
    ):
        errors["member"] = [f"{member} deltog ikke i mødet og kan ikke tage stilling."]
    if position not in CoreTeamPosition.Position.values:
        errors["position"] = ["Vælg enig, uenig eller undlader at stemme."]
    elif position == CoreTeamPosition.Position.DISAGREE and not note.strip():
        errors["note"] = ["Skriv kort, hvorfor medlemmet er uenigt."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the proposal: a position and the resolution must not cross.
        locked = CoreTeamProposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        if locked.status != CoreTeamProposal.Status.OPEN:
            raise ValidationError("Forslaget er allerede behandlet; holdninger kan ikke ændres.")
        existing = (
            CoreTeamPosition.objects.select_for_update(of=("self",))
            .filter(proposal=proposal, member=member)
            .first()
        )
        before = {"position": existing.position, "note": existing.note} if existing else {}
        record = existing or CoreTeamPosition(proposal=proposal, member=member)
        record.position = position
        record.note = note
        record.recorded_by = by
        _save(record)
        _audit(
            by,
            Action.CHANGE if existing else Action.CREATE,
            record,
            family_id=proposal.family_id,
            case_id=proposal.application.case_id,
            summary=f"Holdning i kerneteamet: {member} – {record.get_position_display()}",
            changes=audit_changes(before, {"position": position, "note": note}),
        )
    return record


def core_team_resolve(*, by, proposal: CoreTeamProposal, resolved_on: date) -> CoreTeamProposal:
    """Unanimous agreement among those present, and the municipality allows it: the core team's
    decision is the Decision. Otherwise the application goes to the visitation committee."""
    with transaction.atomic():
        proposal = (
            CoreTeamProposal.objects.select_for_update(of=("self",))
            .select_related(
                "application__case", "application__intervention_type", "legal_basis", "meeting"
            )
            .get(pk=proposal.pk)
        )
        if proposal.status != CoreTeamProposal.Status.OPEN:
            raise ValidationError("Forslaget er allerede behandlet.")
        application = proposal.application
        _require_processing(application)
        positions = list(proposal.positions.all())
        if not positions:
            raise ValidationError(
                "Registrér holdningen fra hvert kerneteammedlem, der var til stede, "
                "før forslaget behandles."
            )
        if resolved_on > timezone.localdate():
            raise ValidationError({"resolved_on": "Datoen kan ikke ligge i fremtiden."})
        if resolved_on < application.received_on:
            raise ValidationError(
                {
                    "resolved_on": "Forslaget kan ikke være behandlet, før ansøgningen blev "
                    f"modtaget ({_d(application.received_on)})."
                }
            )
        meeting = proposal.meeting
        if meeting and meeting.starts_at:
            held = timezone.localtime(meeting.starts_at).date()
            if resolved_on < held:
                raise ValidationError({"resolved_on": f"Mødet bliver først holdt {_d(held)}."})
        unanimous = all(p.position == CoreTeamPosition.Position.AGREE for p in positions)
        policy = MunicipalityPolicy.objects.filter(
            municipality_id=application.municipality_id
        ).first()
        allowed = bool(policy and policy.core_team_may_decide)
        before = _snapshot(proposal, PROPOSAL_FIELDS)
        proposal.resolved_on = resolved_on
        proposal.resolved_by = by
        if unanimous and allowed:
            proposal.decision = decision_make(
                by=by,
                application=application,
                outcome=proposal.outcome,
                justification=proposal.justification,
                legal_basis=proposal.legal_basis,
                decided_on=resolved_on,
                period_from=proposal.period_from,
                period_to=proposal.period_to,
                units_per_month=proposal.units_per_month,
                amount_per_month=proposal.amount_per_month,
                made_by=Decision.MadeBy.CORE_TEAM,
            )
            proposal.status = CoreTeamProposal.Status.DECIDED
            summary = "Kerneteamet traf afgørelsen i enighed"
        else:
            proposal.status = CoreTeamProposal.Status.REFERRED
            proposal.referral = (
                CoreTeamProposal.Referral.NOT_UNANIMOUS
                if not unanimous
                else CoreTeamProposal.Referral.NOT_ALLOWED
            )
            application.referred_on = resolved_on
            _save(application)
            _audit(
                by,
                Action.CHANGE,
                application,
                family_id=application.family_id,
                case_id=application.case_id,
                summary="Ansøgningen er sendt til visitationsudvalget",
                changes={"referred_on": [None, resolved_on.isoformat()]},
            )
            summary = f"Sendt til visitationsudvalget: {proposal.get_referral_display()}"
        _save(proposal)
        _audit(
            by,
            Action.CHANGE,
            proposal,
            family_id=application.family_id,
            case_id=application.case_id,
            summary=summary,
            changes=audit_changes(before, _snapshot(proposal, PROPOSAL_FIELDS)),
        )
    return proposal


# --- Digital Post --------------------------------------------------------------------------


@dataclass
class DigitalPostMessage:
    filename: str
    xml: bytes


def decision_digital_post_send(*, by, decision: Decision, recipient_id: int) -> DigitalPostMessage:
    """Make the decision letter a MeMo message to one parent and record it as sent.

    The caseworker takes the message for the municipality's Digital Post gateway; from then on
    the decision shows when it was sent. Sending again (to the other parent, or a new attempt)
    makes a new message and keeps the newest; each sending is its own audit event.
    """
    from indgang.interventions import digital_post
    from indgang.interventions.letters import decision_letter_pdf

    if not by.has_perm("families.manage_case", decision.family):
        raise PermissionDenied
    recipient = next((p for p in digital_post.recipients(decision) if p.pk == recipient_id), None)
    if recipient is None:
        raise ValidationError(
            {"recipient": "Vælg en forælder i familien med et CPR-nummer som modtager."}
        )
    cvr = digital_post.sender_cvr(decision)
    assignment = (
        decision.application.case.coordinator_assignments.filter(ended_on__isnull=True)
        .select_related("coordinator")
        .first()
    )
    try:
        pdf = decision_letter_pdf(
            decision,
            coordinator=assignment.coordinator if assignment else None,
            pdf_variant=digital_post.PDF_VARIANT,
        )
    except LookupError as error:  # no active letter template
        raise digital_post.DigitalPostError(str(error)) from error
    now = timezone.now()
    message_uuid = uuid.uuid4()
    xml = digital_post.memo_message(
        decision=decision,
        recipient=recipient,
        pdf=pdf,
        cvr=cvr,
        message_uuid=message_uuid,
        created_at=now,
    )
    with transaction.atomic():
        before = {
            "digital_post_sent_at": decision.digital_post_sent_at,
            "digital_post_recipient": decision.digital_post_recipient_id,
        }
        decision.digital_post_sent_at = now
        decision.digital_post_sent_by = by
        decision.digital_post_recipient = recipient
        decision.digital_post_message_uuid = message_uuid
        decision.save(
            update_fields=[
                "digital_post_sent_at",
                "digital_post_sent_by",
                "digital_post_recipient",
                "digital_post_message_uuid",
            ]
        )
        audit_record(
            user=by,
            action=Action.EXPORT,
            object_type="decision",
            object_id=decision.pk,
            family_id=decision.family_id,
            case_id=decision.application.case_id,
            person_ids={recipient.pk, *filter(None, [decision.application.person_id])},
            summary=f"Afgørelsesbrev sendt med Digital Post (MeMo {message_uuid})",
            changes=audit_changes(
                before,
                {"digital_post_sent_at": now, "digital_post_recipient": recipient.pk},
            ),
        )
    return DigitalPostMessage(filename=digital_post.message_filename(decision), xml=xml)
