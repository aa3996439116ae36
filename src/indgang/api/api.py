"""/api/v1/: the JSON API for other systems, over the same selectors and services as the pages.

A client authenticates with its bearer token and acts as its system user: the access policy
(families/access.py) decides which families it sees, and every call is in the audit log with
that user as the actor. Errors are problem bodies (RFC 7807) in Danish, never a 500.
"""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status
from ninja.security import HttpBearer

from indgang.api import schemas as s
from indgang.api import selectors as api_selectors
from indgang.api.models import ApiClient, Scope
from indgang.api.services import client_for_token
from indgang.audit.services import Action, audit_record
from indgang.families import selectors as family_selectors
from indgang.families import services as family_services
from indgang.families.access import ValueJumpRequired, family_for
from indgang.families.models import Family, Person
from indgang.interventions import selectors as intervention_selectors
from indgang.interventions import services as intervention_services
from indgang.interventions.models import Application, InterventionType, LegalBasis
from indgang.meetings import selectors as meeting_selectors
from indgang.plans import selectors as plan_selectors

PROBLEM_TYPE = "https://indgang.dk/problemer/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
MAX_ID = api_selectors.MAX_ID
READ_PROBLEMS = {400: s.Problem, 401: s.Problem, 403: s.Problem, 404: s.Problem, 422: s.Problem}


# --- Authentication ----------------------------------------------------------------------


class ClientToken(HttpBearer):
    """``Authorization: Bearer igk_<id>_<secret>``; the request then acts as the system user."""

    def authenticate(self, request, token):
        client = client_for_token(token)
        if client is None:
            return None
        request.user = client.user
        request.api_client = client
        return client


class IndgangAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Error answers are problem bodies: ``application/problem+json`` in the document."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = IndgangAPI(
    title="Indgang API",
    version="1",
    description=(
        "JSON-API for kommunens andre systemer (journal, økonomi, henvisning). "
        "Se docs/api.md: registrering af et system, rettigheder, sideinddeling med cursor, "
        "synkronisering med changed_since og fejlsvar (problem+json)."
    ),
    urls_namespace="api",
    docs_url=None,
    auth=ClientToken(),
)


# --- Problems ----------------------------------------------------------------------------


def problem(
    status: int, slug: str, title: str, detail: str, errors: dict | None = None
) -> JsonResponse:
    body = {"type": PROBLEM_TYPE + slug, "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="indgang"'
    response["Cache-Control"] = "no-store, private"
    return response


def _operation(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.url_name if match else "") or "api"


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    audit_record(
        user=None,
        action=Action.LOGIN_FAILED,
        object_type="api",
        summary=f"API: ugyldig eller manglende nøgle ({_operation(request)})",
        username="api",
    )
    return problem(
        401,
        "uautoriseret",
        "Ikke logget ind",
        "Kaldet kræver en gyldig nøgle i headeren Authorization: Bearer <nøgle>. "
        "Nøglen kan være udløbet eller tilbagekaldt.",
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    audit_record(
        user=getattr(request, "user", None),
        action=Action.DENIED,
        object_type="api",
        summary=f"API: {_operation(request)} uden rettighed",
    )
    return problem(
        403,
        "ingen-rettighed",
        "Ingen rettighed",
        str(exc) or "Klienten har ikke rettighed til dette kald.",
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    if isinstance(exc, ValueJumpRequired):
        # Under need to know a system cannot give a reason for a value jump: it is refused.
        audit_record(
            user=getattr(request, "user", None),
            action=Action.DENIED,
            object_type="family",
            object_id=exc.family_id,
            summary="API: familie uden for systembrugerens sager",
        )
    return problem(
        404,
        "findes-ikke",
        "Findes ikke",
        "Det efterspurgte findes ikke, eller klienten har ikke adgang til det.",
    )


def _messages(error: ValidationError) -> tuple[str, dict[str, list[str]] | None]:
    if hasattr(error, "error_dict"):
        errors = {
            field: [str(m) for e in items for m in e.messages]
            for field, items in error.error_dict.items()
        }
        flat = [m for items in errors.values() for m in items]
        return " ".join(flat), errors
    return " ".join(str(m) for m in error.messages), None


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail, errors = _messages(exc)
    return problem(422, "ugyldige-data", "Ugyldige data", detail or "Ugyldige data.", errors)


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload")]
        errors.setdefault(".".join(loc) or "request", []).append(str(item.get("msg", "")))
    return problem(
        422,
        "ugyldig-forespoergsel",
        "Ugyldig forespørgsel",
        "Forespørgslen kunne ikke læses: se errors for felterne.",
        errors,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:
        return problem(
            400,
            "ugyldig-json",
            "Ugyldig forespørgsel",
            "Forespørgslens indhold kunne ikke læses som JSON (UTF-8).",
        )
    return problem(exc.status_code, "fejl", "Fejl", "Forespørgslen kunne ikke behandles.")


# --- Helpers -----------------------------------------------------------------------------


def _client(request) -> ApiClient:
    return request.auth


def _require_scope(request, scope: str) -> None:
    if not _client(request).has_scope(scope):
        raise PermissionDenied(f"Klienten mangler rettigheden {scope}.")


def _require_perm(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied("Systembrugerens rolle giver ikke adgang til dette kald.")


def _audit_read(request, what: str, *, family: Family | None = None, person_ids=(), **kw):
    full = _client(request).has_scope(Scope.CPR_FULL) and bool(person_ids)
    audit_record(
        user=request.user,
        action=Action.VIEW,
        object_type=f"api_{what}",
        object_id=family.pk if family else None,
        family_id=family.pk if family else None,
        person_ids=person_ids,
        summary=f"API: {what}" + (" (fulde CPR-numre)" if full else ""),
        **kw,
    )


def _household(family: Family) -> list[int]:
    return list(family.members.values_list("pk", flat=True))


def _cpr(request, person: Person) -> str | None:
    if not person.cpr:
        return None
    return person.cpr if _client(request).has_scope(Scope.CPR_FULL) else person.masked_cpr


def _person(request, person: Person) -> dict:
    return {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "cpr": _cpr(request, person),
        "birth_date": person.birth_date,
        "relation": person.relation,
        "has_custody": person.has_custody,
        "phone": person.phone,
        "email": person.email,
    }


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _money(value) -> str | None:
    return None if value is None else str(value)


def _aware(value: datetime) -> datetime:
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValidationError(
            {"changed_since": "Tidspunktet ligger uden for det gyldige."}
        ) from None
    return value


FamilyId = Path(..., ge=1, le=MAX_ID, description="Familiens id")

# --- Families ----------------------------------------------------------------------------

families = Router(tags=["Familier"])


@families.get("/", response={200: s.FamilyPage, **READ_PROBLEMS}, url_name="families")
def family_list(
    request: HttpRequest,
    cursor: Annotated[
        str | None, Query(max_length=40, description="Fra forrige sides next_cursor")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Højst så mange pr. side")] = 50,
    changed_since: Annotated[
        s.IsoDateTime | None,
        Query(description="Kun familier oprettet eller ændret siden (ISO 8601)"),
    ] = None,
):
    """The families the system user may see, in id order, one page at a time."""
    _require_scope(request, Scope.READ)
    after = None
    if cursor:
        try:
            after = api_selectors.cursor_decode(cursor)
        except api_selectors.BadCursor:
            raise ValidationError(
                {"cursor": "Ugyldig cursor: brug next_cursor fra et svar."}
            ) from None
    since = _aware(changed_since) if changed_since else None
    rows, last = api_selectors.families_page(
        user=request.user, after_id=after, limit=limit, changed_since=since
    )
    _audit_read(request, "familieliste", family_ids=[f.pk for f in rows])
    return {
        "items": [
            {
                "id": f.pk,
                "name": f.name,
                "centre_id": f.centre_id,
                "municipality_code": f.municipality.code,
                "case_status": f.case_status,
                "coordinator": f.coordinator_name,
                "created_at": f.created_at,
            }
            for f in rows
        ],
        "next_cursor": api_selectors.cursor_encode(last) if last else None,
    }


def _case(case) -> dict:
    coordinator = next(
        (a.coordinator for a in case.coordinator_assignments.all() if a.ended_on is None), None
    )
    return {
        "id": case.pk,
        "status": case.status,
        "referred_on": case.referred_on,
        "referral_source": case.referral_source,
        "enrolled_on": case.enrolled_on,
        "discharged_on": case.discharged_on,
        "discharge_reason": case.discharge_reason,
        "coordinator": coordinator.get_full_name() if coordinator else None,
    }


@families.get("/{family_id}", response={200: s.FamilyDetail, **READ_PROBLEMS}, url_name="family")
def family_detail(request: HttpRequest, family_id: int = FamilyId):
    """The family with its persons (CPR masked unless cpr:full) and its cases."""
    _require_scope(request, Scope.READ)
    overview = family_selectors.family_overview(user=request.user, family_id=family_id)
    family = overview.family
    _audit_read(
        request,
        "familie",
        family=family,
        person_ids=overview.person_ids,
        case_id=overview.case.pk if overview.case else None,
    )
    return {
        "id": family.pk,
        "name": family.name,
        "centre_id": family.centre_id,
        "municipality_code": family.municipality.code,
        "address": family.address,
        "postcode": family.postcode,
        "city": family.city,
        "language": family.language,
        "interpreter_needed": family.interpreter_needed,
        "preferred_contact": family.preferred_contact,
        "created_at": family.created_at,
        "persons": [_person(request, p) for p in overview.members],
        "cases": [_case(c) for c in overview.cases],
    }


@families.get(
    "/{family_id}/cases", response={200: list[s.CaseOut], **READ_PROBLEMS}, url_name="cases"
)
def case_list(request: HttpRequest, family_id: int = FamilyId):
    """Every case the family has had, newest first."""
    _require_scope(request, Scope.READ)
    overview = family_selectors.family_overview(user=request.user, family_id=family_id)
    _audit_read(request, "sager", family=overview.family, person_ids=overview.person_ids)
    return [_case(c) for c in overview.cases]


@families.get(
    "/{family_id}/meetings",
    response={200: list[s.MeetingOut], **READ_PROBLEMS},
    url_name="meetings",
)
def meeting_list(request: HttpRequest, family_id: int = FamilyId):
    """The family's meetings with their participants."""
    _require_scope(request, Scope.READ)
    family = family_for(request.user, family_id)
    meetings = list(meeting_selectors.meetings_for_family(user=request.user, family=family))
    _audit_read(request, "møder", family=family, person_ids=_household(family))
    return [
        {
            "id": m.pk,
            "case_id": m.case_id,
            "type": m.type,
            "status": m.status,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "place": m.place,
            "home_visit": m.home_visit,
            "reason": m.reason,
            "minutes": m.minutes,
            "decisions": m.decisions,
            "participants": [
                {
                    "kind": p.kind,
                    "person_id": p.person_id,
                    "name": (
                        p.person.full_name
                        if p.person
                        else (p.user.get_full_name() if p.user else p.name)
                    ),
                    "invitation": p.invitation,
                    "attended": p.attended,
                }
                for p in m.participants.all()
            ],
        }
        for m in meetings
    ]


@families.get("/{family_id}/plan", response={200: s.PlanOut, **READ_PROBLEMS}, url_name="plan")
def plan_detail(request: HttpRequest, family_id: int = FamilyId):
    """The joint plan of the family's newest case: goals in priority order, agreed versions."""
    _require_scope(request, Scope.READ)
    page = plan_selectors.plan_page(user=request.user, family_id=family_id)
    _audit_read(request, "plan", family=page.family, person_ids=page.person_ids)
    return {
        "plan_id": page.plan.pk if page.plan else None,
        "case_id": page.case.pk if page.case else None,
        "goals": [
            {
                "id": g.pk,
                "position": g.position,
                "wording": g.wording,
                "family_words": g.family_words,
                "success_criteria": g.success_criteria,
                "target_date": g.target_date,
            }
            for g in page.goals
        ],
        "versions": [{"number": v.number, "agreed_on": v.agreed_on} for v in page.versions],
    }


@families.get(
    "/{family_id}/agreements",
    response={200: list[s.AgreementOut], **READ_PROBLEMS},
    url_name="agreements",
)
def agreement_list(request: HttpRequest, family_id: int = FamilyId):
    """The agreements (tasks) made in the family's meetings."""
    _require_scope(request, Scope.READ)
    family = family_for(request.user, family_id)
    agreements = list(meeting_selectors.agreements_for_family(user=request.user, family=family))
    _audit_read(request, "aftaler", family=family, person_ids=_household(family))
    return [
        {
            "id": a.pk,
            "case_id": a.case_id,
            "meeting_id": a.meeting_id,
            "goal_id": a.goal_id,
            "task": a.task,
            "owner": (
                a.owner_user.get_full_name()
                if a.owner_user
                else (a.owner_department.name if a.owner_department else "")
            ),
            "due_on": a.due_on,
            "status": a.status,
            "closed_on": a.closed_on,
        }
        for a in agreements
    ]


def _interventions(request, family_id: int, what: str):
    _require_scope(request, Scope.READ)
    family = family_for(request.user, family_id)
    data = intervention_selectors.family_interventions(user=request.user, family=family)
    _audit_read(request, what, family=family, person_ids=_household(family))
    return data


@families.get(
    "/{family_id}/applications",
    response={200: list[s.ApplicationOut], **READ_PROBLEMS},
    url_name="applications",
)
def application_list(request: HttpRequest, family_id: int = FamilyId):
    """Open applications first (by deadline), then decided and withdrawn ones."""
    data = _interventions(request, family_id, "ansøgninger")
    return [
        {
            "id": a.pk,
            "case_id": a.case_id,
            "intervention_type": a.intervention_type.code,
            "person_id": a.person_id,
            "received_on": a.received_on,
            "deadline": a.deadline,
            "status": a.status,
            "started_by": a.started_by,
        }
        for a in [*data.open_applications, *data.closed_applications]
    ]


def _decision(d) -> dict:
    return {
        "id": d.pk,
        "application_id": d.application_id,
        "intervention_type": d.intervention_type.code,
        "outcome": d.outcome,
        "legal_basis_id": d.legal_basis_id,
        "decided_on": d.decided_on,
        "period_from": d.period_from,
        "period_to": d.period_to,
        "units_per_month": _money(d.units_per_month),
        "amount_per_month": _money(d.amount_per_month),
        "unit": d.unit,
        "made_by": d.made_by,
        "processing_days": d.processing_days,
        "within_deadline": d.within_deadline,
    }


@families.get(
    "/{family_id}/decisions",
    response={200: list[s.DecisionOut], **READ_PROBLEMS},
    url_name="decisions",
)
def decision_list(request: HttpRequest, family_id: int = FamilyId):
    """Every decision: current grants, past grants, then refusals."""
    data = _interventions(request, family_id, "afgørelser")
    return [_decision(d) for d in data.decisions]


@families.get(
    "/{family_id}/grants", response={200: list[s.GrantOut], **READ_PROBLEMS}, url_name="grants"
)
def grant_list(request: HttpRequest, family_id: int = FamilyId):
    """Grants, current first, with their monthly cost and granting and paying departments."""
    data = _interventions(request, family_id, "bevillinger")
    rows = [(g, True) for g in data.current] + [(g, False) for g in data.past]
    return [
        {
            "decision_id": g.decision.pk,
            "intervention_type": g.decision.intervention_type.code,
            "person_id": g.person.pk if g.person else None,
            "period_from": g.decision.period_from,
            "period_to": g.decision.period_to,
            "current": current,
            "monthly_cost": str(g.monthly_cost),
            "granting_department": g.granting,
            "paying_department": g.paying,
        }
        for g, current in rows
    ]


@families.get(
    "/{family_id}/cost-shares",
    response={200: list[s.CostSplitOut], **READ_PROBLEMS},
    url_name="cost_shares",
)
def cost_share_list(request: HttpRequest, family_id: int = FamilyId):
    """The joint-financing split of each current grant (the version in force)."""
    data = _interventions(request, family_id, "udgiftsfordeling")
    return [
        {
            "decision_id": g.decision.pk,
            "version": g.split.version,
            "valid_from": g.split.valid_from,
            "note": g.split.note,
            "shares": [
                {
                    "department_id": share.department_id,
                    "department": share.department.name,
                    "percent": str(share.percent),
                }
                for share in g.split.share_list
            ],
        }
        for g in data.current
        if g.split is not None
    ]


@families.post(
    "/{family_id}/decisions",
    response={201: s.DecisionOut, **READ_PROBLEMS},
    url_name="decision_register",
)
def decision_register(request: HttpRequest, payload: s.DecisionIn, family_id: int = FamilyId):
    """A decision made in another system: its application and the decision, in one step."""
    _require_scope(request, Scope.WRITE_DECISION)
    family = family_for(request.user, family_id)
    _require_perm(request, "families.manage_case", family)
    case = family.cases.open().select_related("family__municipality").first()
    if case is None:
        raise ValidationError("Familien har ingen åben sag.")
    intervention_type = InterventionType.objects.filter(code=payload.intervention_type).first()
    if intervention_type is None:
        raise ValidationError({"intervention_type": "Indsatstypen findes ikke i kataloget."})
    legal_basis = LegalBasis.objects.filter(pk=payload.legal_basis_id).first()
    if legal_basis is None:
        raise ValidationError({"legal_basis_id": "Hjemlen findes ikke i kataloget."})
    person = None
    if payload.person_id is not None:
        person = family.members.filter(pk=payload.person_id).first()
        if person is None:
            raise ValidationError({"person_id": "Personen hører ikke til familien."})
    with transaction.atomic():
        application = intervention_services.application_create(
            by=request.user,
            case=case,
            intervention_type=intervention_type,
            received_on=payload.received_on,
            started_by=Application.StartedBy.FAMILY,
            person=person,
            description=payload.description,
        )
        decision = intervention_services.decision_make(
            by=request.user,
            application=application,
            outcome=payload.outcome,
            justification=payload.justification,
            legal_basis=legal_basis,
            decided_on=payload.decided_on,
            period_from=payload.period_from,
            period_to=payload.period_to,
            units_per_month=_decimal(payload.units_per_month),
            amount_per_month=_decimal(payload.amount_per_month),
            made_by=payload.made_by,
        )
    return Status(201, _decision(decision))


# --- Referrals ---------------------------------------------------------------------------

referrals = Router(tags=["Henvisninger"])


@referrals.post("/", response={201: s.ReferralOut, **READ_PROBLEMS}, url_name="referral_create")
def referral_create(request: HttpRequest, payload: s.ReferralIn):
    """A family referred from another system: family, child(ren) and parent(s), case opened."""
    _require_scope(request, Scope.WRITE_REFERRAL)
    _require_perm(request, "families.add_family")
    centre = _client(request).centre
    municipality = centre.municipalities.filter(code=payload.municipality_code).first()
    if municipality is None:
        raise ValidationError({"municipality_code": "Centret betjener ikke den kommune."})
    family = family_services.family_create(
        by=request.user,
        centre=centre,
        family_data={
            "name": payload.name,
            "municipality": municipality,
            "address": payload.address,
            "postcode": payload.postcode,
            "city": payload.city,
            "language": payload.language,
            "interpreter_needed": payload.interpreter_needed,
            "preferred_contact": payload.preferred_contact,
        },
        members=[m.dict() for m in payload.members],
        referred_on=payload.referred_on,
        referral_source=payload.referral_source,
    )
    persons = list(family.members.all())
    case = family.cases.order_by("-id").first()
    return Status(
        201,
        {
            "family_id": family.pk,
            "case_id": case.pk,
            "persons": [_person(request, p) for p in persons],
        },
    )


# --- The catalogue (national, no personal data) ------------------------------------------

catalogue = Router(tags=["Katalog"])


@catalogue.get(
    "/", response={200: list[s.InterventionTypeOut], **READ_PROBLEMS}, url_name="catalogue"
)
def intervention_types(request: HttpRequest):
    """The intervention types and their legal bases, for registering decisions."""
    _require_scope(request, Scope.READ)
    types = InterventionType.objects.prefetch_related("legal_bases").order_by("code")
    _audit_read(request, "indsatskatalog")
    return [
        {
            "code": t.code,
            "name": t.name,
            "category": t.category,
            "legal_bases": [
                {
                    "id": b.pk,
                    "act": b.act,
                    "paragraph": b.paragraph,
                    "title": b.title,
                    "valid_from": b.valid_from,
                    "valid_to": b.valid_to,
                }
                for b in t.legal_bases.all()
            ],
        }
        for t in types
    ]


api.add_router("/families", families)
api.add_router("/referrals", referrals)
api.add_router("/intervention-types", catalogue)
