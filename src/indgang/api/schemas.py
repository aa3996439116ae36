"""The API's request and response shapes (pydantic, through django-ninja)."""

import re
from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints

# No control characters (a NUL cannot be stored in PostgreSQL text); tabs and newlines pass.
_PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length, pattern=_PRINTABLE),
    ]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?"
)


def _iso_date(value):
    """Only ``YYYY-MM-DD``: a number is not a date, whatever pydantic would make of it."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)
    raise ValueError("Datoen skal skrives ÅÅÅÅ-MM-DD, f.eks. 2026-11-23.")


def _iso_datetime(value):
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATETIME.fullmatch(value)):
        return value
    raise ValueError("Tidspunktet skal skrives efter ISO 8601, f.eks. 2026-11-23T08:00:00+01:00.")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
Amount = Annotated[str, StringConstraints(pattern=r"^\d{1,10}(\.\d{1,2})?$")]


class Input(Schema):
    """Request bodies are read strictly: a string is not a number, nor a number a date."""

    model_config = ConfigDict(strict=True)


class Problem(Schema):
    """An error as RFC 7807 describes it; ``detail`` is Danish, ``errors`` per field."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = None


class FamilyRow(Schema):
    id: int
    name: str
    centre_id: int
    municipality_code: str
    case_status: str | None
    coordinator: str | None
    created_at: datetime


class FamilyPage(Schema):
    items: list[FamilyRow]
    next_cursor: str | None = Field(
        description="Giv den som ?cursor= for næste side; null når der ikke er flere."
    )


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    cpr: str | None = Field(description="Maskeret (ddmmåå-xxxx) uden rettigheden cpr:full")
    birth_date: date | None
    relation: str
    has_custody: bool
    phone: str
    email: str


class CaseOut(Schema):
    id: int
    status: str
    referred_on: date
    referral_source: str
    enrolled_on: date | None
    discharged_on: date | None
    discharge_reason: str
    coordinator: str | None


class FamilyDetail(Schema):
    id: int
    name: str
    centre_id: int
    municipality_code: str
    address: str
    postcode: str
    city: str
    language: str
    interpreter_needed: bool
    preferred_contact: str
    created_at: datetime
    persons: list[PersonOut]
    cases: list[CaseOut]


class ParticipantOut(Schema):
    kind: str
    person_id: int | None
    name: str
    invitation: str
    attended: bool | None


class MeetingOut(Schema):
    id: int
    case_id: int | None
    type: str
    status: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str
    home_visit: bool
    reason: str
    minutes: str
    decisions: str
    participants: list[ParticipantOut]


class GoalOut(Schema):
    id: int
    position: int
    wording: str
    family_words: str
    success_criteria: str
    target_date: date


class PlanVersionOut(Schema):
    number: int
    agreed_on: date


class PlanOut(Schema):
    plan_id: int | None
    case_id: int | None
    goals: list[GoalOut]
    versions: list[PlanVersionOut]


class AgreementOut(Schema):
    id: int
    case_id: int
    meeting_id: int | None
    goal_id: int | None
    task: str
    owner: str
    due_on: date | None
    status: str
    closed_on: date | None


class ApplicationOut(Schema):
    id: int
    case_id: int
    intervention_type: str
    person_id: int | None
    received_on: date
    deadline: date
    status: str
    started_by: str


class LegalBasisOut(Schema):
    id: int
    act: str
    paragraph: str
    title: str
    valid_from: date | None
    valid_to: date | None


class DecisionOut(Schema):
    id: int
    application_id: int
    intervention_type: str
    outcome: str
    legal_basis_id: int
    decided_on: date
    period_from: date | None
    period_to: date | None
    units_per_month: str | None
    amount_per_month: str | None
    unit: str
    made_by: str
    processing_days: int
    within_deadline: bool


class GrantOut(Schema):
    decision_id: int
    intervention_type: str
    person_id: int | None
    period_from: date | None
    period_to: date | None
    current: bool
    monthly_cost: str
    granting_department: str
    paying_department: str


class ShareOut(Schema):
    department_id: int
    department: str
    percent: str


class CostSplitOut(Schema):
    decision_id: int
    version: int
    valid_from: date
    note: str
    shares: list[ShareOut]


class InterventionTypeOut(Schema):
    code: str
    name: str
    category: str
    legal_bases: list[LegalBasisOut]


Relation = Literal["child", "sibling", "parent", "guardian", "other"]
ContactForm = Literal["phone", "sms", "email", "digital_post", "home_visit"]


class MemberIn(Input):
    first_name: text(100, 1)
    last_name: text(100, 1)
    cpr: text(11) | None = Field(None, description="10 cifre, med eller uden bindestreg")
    birth_date: IsoDate | None = None
    relation: Relation
    has_custody: bool = False
    phone: text(20) = ""
    email: text(254) = ""


class ReferralIn(Input):
    """A family referred from another system: the family, its child(ren) and parent(s)."""

    name: text(200, 1)
    municipality_code: text(3, 1)
    address: text(300) = ""
    postcode: text(4) = ""
    city: text(100) = ""
    language: text(50) = "dansk"
    interpreter_needed: bool = False
    preferred_contact: ContactForm = "phone"
    referred_on: IsoDate
    referral_source: text(200) = ""
    members: list[MemberIn] = Field(min_length=1, max_length=30)


class ReferralOut(Schema):
    family_id: int
    case_id: int
    persons: list[PersonOut]


class DecisionIn(Input):
    """A decision made in another system, registered with its application in one step."""

    intervention_type: text(50, 1) = Field(
        description="Indsatstypens kode (se /intervention-types)"
    )
    legal_basis_id: int = Field(ge=1, le=2**63 - 1)
    person_id: int | None = Field(None, ge=1, le=2**63 - 1)
    received_on: IsoDate
    description: text(2000) = ""
    outcome: Literal["granted", "partly", "refused"]
    justification: text(10000, 1)
    decided_on: IsoDate
    period_from: IsoDate | None = None
    period_to: IsoDate | None = None
    units_per_month: Amount | None = Field(None, description='Decimaltal, f.eks. "12.5"')
    amount_per_month: Amount | None = Field(None, description='Kroner, f.eks. "1500.00"')
    made_by: Literal["caseworker", "core_team", "committee"] = "caseworker"
