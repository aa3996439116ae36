"""Every read of interventions, given the acting user; pages cost a constant number of queries."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import ExtractQuarter
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from indgang.audit.services import Action, audit_record
from indgang.core.templatetags.indgang_format import counted
from indgang.families.access import PartnerView, family_for, partner_view
from indgang.families.models import ExternalCase, Family, Person
from indgang.interventions.access import letter_municipalities_for
from indgang.interventions.models import (
    Application,
    Complaint,
    CoreTeamPosition,
    CoreTeamProposal,
    CostShare,
    CostSplit,
    Decision,
    DecisionLetterTemplate,
    FinancingCriterion,
    InterventionSetting,
    InterventionType,
    LegalBasis,
    MunicipalityPolicy,
    ReviewProposal,
    complaint_cost,
    grant_is_current,
)
from indgang.organisation.models import Department, Municipality

# ExternalCase areas in the sector vocabulary of departments, for the joint-financing criteria.
AREA_SECTOR = {"social": "social", "employment": "employment", "children": "children"}
SECTOR_LABELS = {**dict(Department.Sector.choices), "other": "Andet"}
URL_ID = 987654321  # a stand-in id, replaced in a URL reversed once for many rows


# --- Periods ----------------------------------------------------------------------------------


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def _overlap_days(a_from: date, a_to: date | None, b_from: date, b_to: date) -> int:
    start = max(a_from, b_from)
    end = min(a_to or b_to, b_to)
    return max((end - start).days + 1, 0)


def cost_in_period(monthly: Decimal, grant_from, grant_to, start: date, end: date) -> Decimal:
    """A monthly cost spread over the days of the period the grant covers (3 months a quarter)."""
    if not monthly or grant_from is None:
        return Decimal("0")
    days = _overlap_days(grant_from, grant_to, start, end)
    period_days = (end - start).days + 1
    months = Decimal(round(period_days / 30.4375))  # a quarter is 3 months, a year 12
    return (monthly * months * days / period_days).quantize(Decimal("0.01"), ROUND_HALF_UP)


# --- The family's interventions ---------------------------------------------------------------


@dataclass
class GrantRow:
    decision: Decision
    monthly_cost: Decimal
    split: CostSplit | None
    history: list[CostSplit]
    granting: str
    paying: str
    person: Person | None = None  # whom the grant concerns (None: the whole family)

    @property
    def shares(self) -> list[CostShare]:
        return self.split.share_list if self.split else []


@dataclass
class PayerRow:
    department: str
    sector: str
    monthly: Decimal
    percent: Decimal = Decimal("0")
    y: int = 0  # the bar's position in the chart


@dataclass
class CriterionResult:
    criterion: FinancingCriterion
    met: bool
    detail: str


@dataclass
class FamilyInterventions:
    family: Family
    today: date
    open_applications: list[Application]
    current: list[GrantRow]
    past: list[GrantRow]
    refusals: list[Decision]
    complaints: list[Complaint]
    reviews: list[ReviewProposal]
    payers: list[PayerRow]
    criteria: list[CriterionResult]
    sectors: list[str]
    complaint_costs: dict = field(default_factory=dict)
    proposals: list[CoreTeamProposal] = field(default_factory=list)
    restricted: bool = False  # a partner sees only their own department's part

    @property
    def closed_applications(self) -> list[Application]:
        """Decided and withdrawn applications (no page lists them: read on demand)."""
        return list(
            Application.objects.filter(family=self.family)
            .exclude(status=Application.Status.PROCESSING)
            .select_related("intervention_type", "person", "decision")
            .order_by("deadline", "pk")
        )

    @property
    def decisions(self) -> list[Decision]:
        """Every decision, current grants first, then past grants, then refusals."""
        return [
            *(g.decision for g in self.current),
            *(g.decision for g in self.past),
            *self.refusals,
        ]

    @property
    def digital_post_unsent(self) -> int:
        """Decision letters not yet sent with Digital Post."""
        return sum(1 for d in self.decisions if d.digital_post_sent_at is None)

    @property
    def digital_post_last_sent(self):
        """When a decision letter was last sent with Digital Post (None if never)."""
        return max(
            (d.digital_post_sent_at for d in self.decisions if d.digital_post_sent_at),
            default=None,
        )

    @property
    def open_proposals(self) -> list[CoreTeamProposal]:
        return [p for p in self.proposals if p.status == CoreTeamProposal.Status.OPEN]

    @property
    def monthly_total(self) -> Decimal:
        return sum((p.monthly for p in self.payers), Decimal("0"))

    @property
    def jointly_financeable(self) -> bool:
        return bool(self.criteria) and all(c.met for c in self.criteria)

    @property
    def chart_height(self) -> int:
        return len(self.payers) * 10

    @property
    def chart_pixels(self) -> int:
        return len(self.payers) * 28

    @property
    def overdue_count(self) -> int:
        return sum(1 for a in self.open_applications if a.is_overdue(self.today))

    # What the overview's panel shows of the whole (InterventionsSummary has the same).
    @property
    def past_count(self) -> int:
        return len(self.past)

    @property
    def refusal_count(self) -> int:
        return len(self.refusals)

    @property
    def decided(self) -> int:
        return len(self.decisions)

    @property
    def more_current(self) -> int:
        return 0  # every current grant is in ``current``


@dataclass
class GrantLine:
    """A current grant as the overview names it: no amounts, no cost split."""

    decision: Decision
    paying: str
    person: Person | None = None


@dataclass
class InterventionsSummary:
    """The family overview's panel: the open applications and current grants, and the rest
    of the family's decisions as counts (a family may have a hundred over the years)."""

    family: Family
    today: date
    open_applications: list[Application]
    current: list[GrantLine]
    complaints: list[Complaint]
    reviews: list[ReviewProposal]
    current_count: int = 0  # all current grants; ``current`` holds the newest of them
    past_count: int = 0
    refusal_count: int = 0
    decided: int = 0
    digital_post_unsent: int = 0
    digital_post_last_sent: datetime | None = None

    @property
    def overdue_count(self) -> int:
        return sum(1 for a in self.open_applications if a.is_overdue(self.today))

    @property
    def more_current(self) -> int:
        return self.current_count - len(self.current)


def _grant_row(
    decision: Decision, settings: dict, *, splits: list | None = None, persons: dict | None = None
) -> GrantRow:
    """``splits``: the grant's cost splits, newest version first, each with ``share_list``."""
    setting = settings.get(decision.intervention_type_id)
    splits = splits or []
    return GrantRow(
        decision=decision,
        monthly_cost=decision.monthly_cost(setting.unit_cost if setting else None),
        split=splits[0] if splits else None,
        history=splits[1:],
        granting=setting.granting_department.name if setting else "",
        paying=setting.paying_department.name if setting else "",
        person=(persons or {}).get(getattr(decision, "applicant_id", None)),
    )


def _dmy(day: date | None) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}" if day else ""


def _url_pattern(name: str, family: Family) -> str:
    """A family-scoped URL with ``{}`` for the row's id: reversed once for a hundred rows."""
    return reverse(name, args=[family.pk, URL_ID]).replace(str(URL_ID), "{}")


def family_interventions(*, user, family: Family, on: date | None = None) -> FamilyInterventions:
    """Everything about the family's interventions, in a constant number of queries.

    The caller has already found the family through ``family_for`` (the access check).
    """
    today = on or timezone.localdate()
    # Only the open applications are shown; decided ones are shown through their decision.
    applications = list(
        Application.objects.filter(family=family, status=Application.Status.PROCESSING).order_by(
            "deadline", "pk"
        )
    )
    # A family may have a hundred decisions or more: the catalogue (a few dozen types and
    # bases) and the family's members are read once and attached, rather than joined per row.
    decisions = list(
        Decision.objects.filter(family=family)
        .annotate(applicant_id=F("application__person_id"))
        .defer("justification", "complaint_guidance")
        .order_by("-decided_on", "-pk")
    )
    types = {t.pk: t for t in InterventionType.objects.all()}
    bases = {b.pk: b for b in LegalBasis.objects.defer("source")}
    persons = {p.pk: p for p in family.members.all()}  # prefetched on the family overview
    # Reversed once; each row's links are the pattern with its id.
    letter_url = _url_pattern("decision_letter", family)
    split_url = _url_pattern("cost_split", family)
    digital_post_url = _url_pattern("decision_digital_post", family)
    decide_url = _url_pattern("decision_create", family)
    propose_url = _url_pattern("core_team_propose", family)
    for application in applications:
        application.intervention_type = types[application.intervention_type_id]
        application.person = persons.get(application.person_id)
        application.decide_url = decide_url.format(application.pk)
        application.propose_url = propose_url.format(application.pk)
    for decision in decisions:
        decision.intervention_type = types[decision.intervention_type_id]
        decision.legal_basis = basis = bases[decision.legal_basis_id]
        if not hasattr(basis, "label"):
            basis.label = str(basis)  # the act's name is a lazy translation: once per basis
        decision.letter_url = letter_url.format(decision.pk)
        decision.split_url = split_url.format(decision.pk)
        decision.digital_post_url = digital_post_url.format(decision.pk)
        # Texts a row shows several times, formatted once (as the "d.m.Y" date filter does).
        decision.decided_text = _dmy(decision.decided_on)
        decision.period_text = (
            f"{_dmy(decision.period_from)} – {_dmy(decision.period_to) or 'løbende'}"
            if decision.period_from
            else "–"
        )
    # The cost splits (and their history) are shown for current grants only: a family with a
    # hundred grants over the years has most of them in the past. Read as two plain queries
    # (each split gets ``share_list``) rather than through prefetch_related, whose per-object
    # managers cost more than the queries for a family with many grants.
    # The municipality's departments, read once for the settings and the cost shares.
    departments = {
        d.pk: d for d in Department.objects.filter(municipality_id=family.municipality_id)
    }
    current_ids = [d.pk for d in decisions if d.is_current(today)]
    splits_of: dict[int, list[CostSplit]] = defaultdict(list)
    if current_ids:
        # Every split has at least one share: the shares bring their split along.
        splits: dict[int, CostSplit] = {}
        for share in (
            CostShare.objects.filter(split__decision_id__in=current_ids)
            .select_related("split")
            .order_by("-split__version", "-percent", "pk")
        ):
            split = share.split
            if split.pk not in splits:
                splits[split.pk] = split
                split.share_list = []
                splits_of[split.decision_id].append(split)
            share.split = splits[split.pk]
            splits[split.pk].share_list.append(share)
        shares = [share for split in splits.values() for share in split.share_list]
        elsewhere = {s.department_id for s in shares} - departments.keys()
        if elsewhere:  # a share paid by another municipality's department
            departments.update(Department.objects.in_bulk(elsewhere))
        for share in shares:
            share.department = departments[share.department_id]
    settings = {}
    for setting in InterventionSetting.objects.filter(municipality_id=family.municipality_id):
        setting.granting_department = departments[setting.granting_department_id]
        setting.paying_department = departments[setting.paying_department_id]
        settings[setting.intervention_type_id] = setting
    # A complaint's decision is one of the family's decisions, already read.
    decision_by_pk = {d.pk: d for d in decisions}
    complaints = list(Complaint.objects.filter(family=family).order_by("-received_on", "-pk"))
    for complaint in complaints:
        if complaint.decision_id in decision_by_pk:
            complaint.decision = decision_by_pk[complaint.decision_id]
    reviews = list(
        ReviewProposal.objects.filter(family=family, application__isnull=True)
        .select_related("decision__intervention_type")
        .order_by("ends_on")
    )
    policy = MunicipalityPolicy.objects.filter(municipality_id=family.municipality_id).first()
    reconsider_url = _url_pattern("complaint_reconsider", family)
    appeal_url = _url_pattern("complaint_appeal", family)
    for complaint in complaints:
        complaint.cost_value = complaint.cost(policy)
        complaint.reconsider_url = reconsider_url.format(complaint.pk)
        complaint.appeal_url = appeal_url.format(complaint.pk)
    proposals = list(
        CoreTeamProposal.objects.filter(family=family)
        .select_related("application__intervention_type", "meeting")
        .order_by("-created_at", "-pk")
    )
    open_by_application = {
        p.application_id: p for p in proposals if p.status == CoreTeamProposal.Status.OPEN
    }
    for application in applications:
        application.open_proposal = open_by_application.get(application.pk)
    current = [
        _grant_row(d, settings, splits=splits_of[d.pk], persons=persons)
        for d in decisions
        if d.is_current(today)
    ]
    past = [
        _grant_row(d, settings, persons=persons)
        for d in decisions
        if d.is_grant and not d.is_current(today)
    ]

    payers: dict[int, PayerRow] = {}
    sectors: set[str] = set()
    for grant in current:
        for share in grant.shares:
            dept = share.department
            if dept.pk not in payers:
                payers[dept.pk] = PayerRow(dept.name, dept.get_sector_display(), Decimal("0"))
            row = payers[dept.pk]
            row.monthly += (grant.monthly_cost * share.percent / 100).quantize(Decimal("0.01"))
            sectors.add(dept.sector)
    total = sum((p.monthly for p in payers.values()), Decimal("0"))
    for row in payers.values():
        row.percent = (row.monthly * 100 / total).quantize(Decimal("0.1")) if total else Decimal(0)
    areas = ExternalCase.objects.filter(person__family=family, active=True).values_list(
        "area", flat=True
    )
    sectors |= {AREA_SECTOR.get(a, a) for a in areas}
    ordered = sorted(payers.values(), key=lambda p: -p.monthly)
    for i, row in enumerate(ordered):
        row.y = i * 10 + 1
    criteria = [
        _check(c, sectors, len(current))
        for c in FinancingCriterion.objects.filter(active=True).filter(municipality__isnull=True)
        | FinancingCriterion.objects.filter(active=True, municipality_id=family.municipality_id)
    ]
    data = FamilyInterventions(
        family=family,
        today=today,
        open_applications=applications,
        current=current,
        past=past,
        refusals=[d for d in decisions if not d.is_grant],
        complaints=complaints,
        reviews=reviews,
        payers=ordered,
        criteria=criteria,
        sectors=sorted(SECTOR_LABELS.get(s, s) for s in sectors),
        complaint_costs={c.pk: c.cost_value for c in complaints},
        proposals=proposals,
    )
    view = partner_view(user, family)
    return _departments_part(data, view, settings) if view else data


def _concerns(view: PartnerView, setting, shares=()) -> bool:
    """A grant concerns a partner's department when it grants, pays or shares the cost."""
    ids = [s.department_id for s in shares]
    if setting is not None:
        ids += [setting.granting_department_id, setting.paying_department_id]
    return view.concerns_department(*ids)


def _departments_part(
    data: FamilyInterventions, view: PartnerView, settings: dict
) -> FamilyInterventions:
    """What a partner with a restricted view sees (DOMAIN.md section 7): the applications and
    grants that concern their department, with only their department's share of the cost;
    no other department's grants, amounts or complaints."""

    def concerns(type_id, shares=()):
        return _concerns(view, settings.get(type_id), shares)

    current = [g for g in data.current if concerns(g.decision.intervention_type_id, g.shares)]
    for grant in current:
        if grant.split:
            grant.split.share_list = [
                s for s in grant.split.share_list if s.department_id == view.department_id
            ]
        grant.history = []
    kept = {g.decision.pk for g in current}
    past = [g for g in data.past if concerns(g.decision.intervention_type_id)]
    kept |= {g.decision.pk for g in past}
    refusals = [d for d in data.refusals if concerns(d.intervention_type_id)]
    kept |= {d.pk for d in refusals}
    applications = [a for a in data.open_applications if concerns(a.intervention_type_id)]
    return FamilyInterventions(
        family=data.family,
        today=data.today,
        open_applications=applications,
        current=current,
        past=past,
        refusals=refusals,
        complaints=[c for c in data.complaints if c.decision_id in kept],
        reviews=[r for r in data.reviews if r.decision_id in kept],
        payers=[],
        criteria=[],
        sectors=[],
        complaint_costs={},
        proposals=[p for p in data.proposals if p.application_id in {a.pk for a in applications}],
        restricted=True,
    )


def _check(criterion: FinancingCriterion, sectors: set[str], grants: int) -> CriterionResult:
    if criterion.kind == FinancingCriterion.Kind.SECTOR_AREAS:
        n = len(sectors)
        return CriterionResult(
            criterion,
            n >= criterion.threshold,
            f"Familien har sager i {counted(n, 'sektorområde', 'sektorområder')}.",
        )
    return CriterionResult(
        criterion, grants >= criterion.threshold, f"Familien har {grants} aktuelle bevillinger."
    )


OVERVIEW_GRANTS = 8  # the newest current grants on the overview; the rest are a link
# What the panel shows of an open application (deadline.html, core_team_state.html).
_PANEL_APPLICATION_FIELDS = (
    "person_id",
    "status",
    "received_on",
    "deadline",
    "referred_on",
    "intervention_type__name",
)
_PANEL_COMPLAINT_FIELDS = (
    "kind",
    "received_on",
    "outcome",
    "reconsideration_deadline",
    "appeal_outcome",
    "decision__intervention_type__name",
)


def family_interventions_summary(*, user, family: Family) -> InterventionsSummary:
    """What the overview's panel shows, in at most six queries whatever the family's history:
    the newest current grants, the rest of the decisions only counted (a family may have
    eighty grants running; the overview must stay short on a phone).

    A partner with a restricted view gets the whole reading instead, whose department rules
    (grants their department shares the cost of) need the cost splits.
    """
    today = timezone.localdate()
    open_proposal = CoreTeamProposal.objects.filter(
        application=OuterRef("pk"), status=CoreTeamProposal.Status.OPEN
    )
    persons = {p.pk: p for p in family.members.all()}  # prefetched on the family overview
    applications = list(
        Application.objects.filter(family=family, status=Application.Status.PROCESSING)
        .select_related("intervention_type")
        .only(*_PANEL_APPLICATION_FIELDS)
        .annotate(open_proposal=Exists(open_proposal))
        .order_by("deadline", "pk")
    )
    for application in applications:
        application.person = persons.get(application.person_id)
    # The decisions' outcomes and dates, counted here: even a hundred short rows cost less
    # than the database's filtered counts take to compile (docs/benchmarks.md).
    decisions = list(
        Decision.objects.filter(family=family).values_list(
            "pk",
            "outcome",
            "period_from",
            "period_to",
            "decided_on",
            "digital_post_sent_at",
            "review__pk",  # a review proposed for the grant: read below only if there is one
            "review__application_id",
            named=True,
        )
    )
    refused = [d for d in decisions if d.outcome == Decision.Outcome.REFUSED]
    running = [
        d for d in decisions if grant_is_current(d.outcome, d.period_from, d.period_to, today)
    ]
    newest = sorted(running, key=lambda d: (d.decided_on, d.pk), reverse=True)[:OVERVIEW_GRANTS]
    sent = [d.digital_post_sent_at for d in decisions if d.digital_post_sent_at]
    # The panel names only the type, the basis, the period and who pays (the family's
    # municipality's setting, as on the interventions page): the rest stays in the database.
    paying = InterventionSetting.objects.filter(
        municipality_id=family.municipality_id,
        intervention_type_id=OuterRef("intervention_type_id"),
    ).values("paying_department__name")[:1]
    current = (
        Decision.objects.filter(pk__in=[d.pk for d in newest])
        .select_related("intervention_type", "legal_basis")
        .only(
            "period_from",
            "period_to",
            "decided_on",
            "intervention_type__name",
            "legal_basis__act",
            "legal_basis__paragraph",
        )
        .annotate(applicant_id=F("application__person_id"), paying=Subquery(paying))
        .order_by("-decided_on", "-pk")
        if newest
        else []
    )
    return InterventionsSummary(
        family=family,
        today=today,
        open_applications=applications,
        current=[GrantLine(d, d.paying or "", persons.get(d.applicant_id)) for d in current],
        complaints=list(
            Complaint.objects.filter(family=family)
            .select_related("decision__intervention_type")
            .only(*_PANEL_COMPLAINT_FIELDS)
            .order_by("-received_on", "-pk")
        ),
        reviews=list(
            ReviewProposal.objects.filter(family=family, application__isnull=True)
            .select_related("decision__intervention_type")
            .only("ends_on", "decision__intervention_type__name")
            .order_by("ends_on")
        )
        if any(d.review__pk and d.review__application_id is None for d in decisions)
        else [],
        current_count=len(running),
        past_count=len(decisions) - len(refused) - len(running),
        refusal_count=len(refused),
        decided=len(decisions),
        digital_post_unsent=len(decisions) - len(sent),
        digital_post_last_sent=max(sent, default=None),
    )


def family_panel(*, user, family: Family) -> dict | None:
    """The family overview's panel: "Indsatser og afgørelser"."""
    if partner_view(user, family) is not None:
        data = family_interventions(user=user, family=family)
    else:
        data = family_interventions_summary(user=user, family=family)
    return {
        "template": "interventions/partials/family_panel.html",
        "data": data,
        "can_manage": user.has_perm("families.manage_case", family),
    }


@dataclass
class ProposalPage:
    proposal: CoreTeamProposal
    positions: list[CoreTeamPosition]
    members: list
    may_decide: bool

    @property
    def tally(self) -> dict[str, int]:
        counts = dict.fromkeys(CoreTeamPosition.Position.values, 0)
        for p in self.positions:
            counts[p.position] += 1
        return counts

    @property
    def unanimous(self) -> bool:
        return bool(self.positions) and all(
            p.position == CoreTeamPosition.Position.AGREE for p in self.positions
        )

    @property
    def without_position(self) -> list:
        taken = {p.member_id for p in self.positions}
        return [m for m in self.members if m.pk not in taken]


def core_team_proposal(*, family: Family, proposal_id: int) -> ProposalPage:
    """One proposal with its positions and the core team who may take one.

    The caller has already found the family through ``family_for`` (the access check).
    """
    from django.http import Http404

    from indgang.interventions.services import core_team_members

    proposal = (
        CoreTeamProposal.objects.select_related(
            "application__intervention_type",
            "application__person",
            "application__case",
            "legal_basis",
            "meeting",
            "decision",
            "created_by",
            "resolved_by",
        )
        .filter(pk=proposal_id, family=family)
        .first()
    )
    if proposal is None:
        raise Http404
    positions = list(
        proposal.positions.select_related("member", "recorded_by").order_by(
            "member__first_name", "member__last_name", "pk"
        )
    )
    policy = MunicipalityPolicy.objects.filter(
        municipality_id=proposal.application.municipality_id
    ).first()
    return ProposalPage(
        proposal=proposal,
        positions=positions,
        members=list(core_team_members(proposal)),
        may_decide=bool(policy and policy.core_team_may_decide),
    )


def application_for(*, user, family_id: int, application_id: int) -> Application:
    family = family_for(user, family_id)
    return Application.objects.select_related(
        "intervention_type", "person", "case", "family__municipality"
    ).get(pk=application_id, family=family)


def decision_for(*, user, family_id: int, decision_id: int) -> Decision:
    family = family_for(user, family_id)
    return Decision.objects.select_related(
        "intervention_type",
        "legal_basis",
        "application__person",
        "application__case",
        "family__municipality",
        "decided_by",
    ).get(pk=decision_id, family=family)


def require_decision_concerns(*, user, decision: Decision) -> None:
    """Another department's decision looks missing to a partner with a restricted view."""
    view = partner_view(user, decision.family)
    if view is None:
        return
    setting = InterventionSetting.objects.filter(
        municipality_id=decision.family.municipality_id,
        intervention_type_id=decision.intervention_type_id,
    ).first()
    shares = list(CostShare.objects.filter(split__decision=decision))
    if not _concerns(view, setting, shares):
        raise Http404


def legal_bases_for(intervention_type: InterventionType | None) -> QuerySet[LegalBasis]:
    if intervention_type is None:
        return LegalBasis.objects.all()
    bases = intervention_type.legal_bases.all()
    return bases if bases.exists() else LegalBasis.objects.all()


def letter_template_for(decision: Decision) -> DecisionLetterTemplate | None:
    """The decision's municipality's most specific active template: this intervention and
    outcome, then outcome, then any. Another municipality's templates are never considered."""
    templates = list(
        DecisionLetterTemplate.objects.filter(
            municipality_id=decision.municipality_id, active=True
        ).filter(
            Q(intervention_type__isnull=True)
            | Q(intervention_type_id=decision.intervention_type_id),
            outcome__in=("", decision.outcome),
        )
    )

    def rank(t):
        return (t.intervention_type_id == decision.intervention_type_id) * 2 + (
            t.outcome == decision.outcome
        )

    return max(templates, key=lambda t: (rank(t), -t.pk)) if templates else None


def letter_templates_for(*, user) -> QuerySet[DecisionLetterTemplate]:
    """The letter templates of the municipalities the user's centre serves (the tenancy)."""
    return DecisionLetterTemplate.objects.filter(
        municipality__in=letter_municipalities_for(user)
    ).select_related("municipality", "intervention_type")


def letter_template_get(*, user, pk: int) -> DecisionLetterTemplate:
    """One template of the user's tenancy; another municipality's is a 404, as if missing."""
    try:
        return letter_templates_for(user=user).get(pk=pk)
    except DecisionLetterTemplate.DoesNotExist:
        audit_record(
            user=user,
            action=Action.DENIED,
            object_type="decisionlettertemplate",
            object_id=pk if 0 < pk < 2**63 else None,
            summary="Brevskabelon uden for brugerens kommuner eller findes ikke",
        )
        raise Http404("Brevskabelonen findes ikke.") from None


def letter_template_versions(*, template: DecisionLetterTemplate):
    return template.versions.select_related("saved_by").order_by("-number")


def letter_municipalities_without_templates(*, user) -> QuerySet[Municipality]:
    """Served municipalities that have no letter templates yet (a leader can create them)."""
    return letter_municipalities_for(user).filter(letter_templates__isnull=True).order_by("name")


# --- Leader reports -----------------------------------------------------------------------------


def _scope(user, model=Decision):
    """The leader's centre: its families' decisions (or complaints)."""
    if model is Complaint:
        return Complaint.objects.filter(case__centre_id=user.centre_id)
    return Decision.objects.filter(application__case__centre_id=user.centre_id)


def percentile(values: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (as numpy's default and Excel's PERCENTILE)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * pct / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


@dataclass
class ProcessingRow:
    municipality: str
    quarter: int
    intervention: str
    decisions: int
    median_days: float
    p90_days: float
    within_deadline: float  # share, 0..1

    @property
    def within_percent(self) -> str:
        return f"{self.within_deadline * 100:.0f} %"


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``: the same
    linear interpolation as ``percentile`` above."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def processing_times(*, user=None, year: int, decisions=None) -> list[ProcessingRow]:
    """Processing time per intervention type, municipality and quarter of the decision.

    ``decisions`` narrows another scope than the user's centre (the benchmark passes every
    decision in the country: no user may see them all). On PostgreSQL the database groups and
    takes the percentiles (``percentile_cont``); elsewhere the grouping is done here."""
    scope = (_scope(user) if decisions is None else decisions).filter(
        decided_on__gte=date(year, 1, 1), decided_on__lte=date(year, 12, 31)
    )
    if connection.vendor == "postgresql":
        groups = (
            scope.annotate(quarter=ExtractQuarter("decided_on"))
            .values("municipality_id", "quarter", "intervention_type_id")
            .annotate(
                n=Count("id"),
                within=Count("id", filter=Q(within_deadline=True)),
                median=PercentileCont("processing_days", 0.5),
                p90=PercentileCont("processing_days", 0.9),
            )
            .order_by()
        )
        groups = list(groups)
        municipalities = dict(
            Municipality.objects.filter(pk__in={g["municipality_id"] for g in groups}).values_list(
                "pk", "name"
            )
        )
        types = dict(InterventionType.objects.values_list("pk", "name"))
        rows = [
            ProcessingRow(
                municipalities[g["municipality_id"]],
                int(g["quarter"]),
                types[g["intervention_type_id"]],
                g["n"],
                float(g["median"]),
                round(g["p90"], 1),
                g["within"] / g["n"],
            )
            for g in groups
        ]
        return sorted(rows, key=lambda r: (r.municipality, r.quarter, r.intervention))
    values = scope.values_list(
        "municipality__name",
        "intervention_type__name",
        "decided_on",
        "processing_days",
        "within_deadline",
    )
    by_group: dict[tuple, list] = defaultdict(list)
    for municipality, intervention, decided_on, days, within in values.iterator():
        by_group[(municipality, quarter_of(decided_on), intervention)].append((days, within))
    rows = []
    for (municipality, quarter, intervention), items in sorted(by_group.items()):
        days = [d for d, _ in items]
        rows.append(
            ProcessingRow(
                municipality,
                quarter,
                intervention,
                len(items),
                float(statistics.median(days)),
                round(percentile(days, 90), 1),
                sum(1 for _, w in items if w) / len(items),
            )
        )
    return rows


@dataclass
class ExpenditureRow:
    category: str
    quarter: int
    grants: int
    children: int
    expenditure: Decimal

    @property
    def per_child(self) -> Decimal:
        if not self.children:
            return Decimal("0")
        return (self.expenditure / self.children).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _grants_in(user, start: date, end: date):
    grants = (
        _scope(user)
        .filter(outcome__in=[Decision.Outcome.GRANTED, Decision.Outcome.PARTLY])
        .filter(period_from__lte=end)
        .exclude(period_to__lt=start)
        .select_related("intervention_type", "application")
        .order_by()
    )
    costs = {
        (s.municipality_id, s.intervention_type_id): s.unit_cost
        for s in InterventionSetting.objects.all()
    }
    return grants, costs


def expenditure(*, user, year: int) -> list[ExpenditureRow]:
    """Grants and expenditure per category per quarter; per child as the Randers method has it."""
    grants, costs = _grants_in(user, date(year, 1, 1), date(year, 12, 31))
    labels = dict(InterventionType.Category.choices)
    table: dict[tuple, dict] = {}
    # A plain query, not .iterator(): on PostgreSQL that is a server-side cursor, planned for
    # the first rows (cursor_tuple_fraction), which took 3 s instead of 0.2 s for a big centre.
    for grant in grants:
        monthly = grant.monthly_cost(costs.get((grant.municipality_id, grant.intervention_type_id)))
        who = grant.application.person_id or f"f{grant.family_id}"
        for quarter in range(1, 5):
            start, end = quarter_bounds(year, quarter)
            if not _overlap_days(grant.period_from, grant.period_to, start, end):
                continue
            cell = table.setdefault(
                (grant.intervention_type.category, quarter),
                {"grants": 0, "children": set(), "cost": Decimal("0")},
            )
            cell["grants"] += 1
            cell["children"].add(who)
            cell["cost"] += cost_in_period(monthly, grant.period_from, grant.period_to, start, end)
    return [
        ExpenditureRow(labels[cat], q, c["grants"], len(c["children"]), c["cost"])
        for (cat, q), c in sorted(table.items())
    ]


@dataclass
class PayerQuarterRow:
    municipality: str
    department: str
    quarter: int
    expenditure: Decimal


def who_pays(*, user, year: int) -> list[PayerQuarterRow]:
    """Expenditure per paying department and municipality per quarter, by the cost splits.

    Read as plain tuples in three queries (grants, their splits, the splits' shares): a big
    centre has tens of thousands of grants a year, and building model instances for each
    grant, split and share took seconds.
    """
    grants, costs = _grants_in(user, date(year, 1, 1), date(year, 12, 31))
    rows = grants.values_list(
        "pk",
        "municipality__name",
        "municipality_id",
        "intervention_type_id",
        "amount_per_month",
        "units_per_month",
        "period_from",
        "period_to",
    )
    ids = grants.values("pk")
    splits: dict[int, list[tuple]] = defaultdict(list)
    for split_id, decision_id, valid_from, version in CostSplit.objects.filter(
        decision__in=ids
    ).values_list("pk", "decision_id", "valid_from", "version"):
        splits[decision_id].append((valid_from, version, split_id))
    shares: dict[int, list[tuple]] = defaultdict(list)
    for split_id, department, percent in CostShare.objects.filter(
        split__decision__in=ids
    ).values_list("split_id", "department__name", "percent"):
        shares[split_id].append((department, percent))
    quarters = [(quarter, *quarter_bounds(year, quarter)) for quarter in range(1, 5)]
    table: dict[tuple, Decimal] = defaultdict(Decimal)
    for pk, municipality, municipality_id, type_id, amount, units, g_from, g_to in rows:
        if amount is not None:
            monthly = amount
        elif units is not None and costs.get((municipality_id, type_id)) is not None:
            monthly = (units * costs[(municipality_id, type_id)]).quantize(Decimal("0.01"))
        else:
            monthly = Decimal("0")
        ordered = sorted(splits.get(pk, ()))
        for i, (valid_from, _version, split_id) in enumerate(ordered):
            seg_from = max(valid_from, g_from)
            seg_to = g_to
            if i + 1 < len(ordered):
                nxt = ordered[i + 1][0] - timedelta(days=1)
                seg_to = min(seg_to, nxt) if seg_to else nxt
            if seg_to and seg_to < seg_from:
                continue
            for quarter, start, end in quarters:
                cost = cost_in_period(monthly, seg_from, seg_to, start, end)
                if not cost:
                    continue
                for department, percent in shares.get(split_id, ()):
                    key = (municipality, department, quarter)
                    table[key] += (cost * percent / 100).quantize(Decimal("0.01"))
    return [PayerQuarterRow(m, d, q, v) for (m, d, q), v in sorted(table.items())]


@dataclass
class ComplaintYear:
    municipality: str
    year: int
    decisions: int
    case_handling: int
    cost: Decimal
    sent_on: int


@dataclass
class ComplaintTable:
    years: list[int]
    rows: list[ComplaintYear]

    @property
    def decisions_table(self):
        return self.pivot("decisions")

    @property
    def case_handling_table(self):
        return self.pivot("case_handling")

    def pivot(self, attr: str = "decisions") -> list[tuple[str, list[int]]]:
        """Municipalities down, years across, plus a total row: the KOS report's table."""
        names = sorted({r.municipality for r in self.rows})
        cell = {(r.municipality, r.year): getattr(r, attr) for r in self.rows}
        body = [(n, [cell.get((n, y), 0) for y in self.years]) for n in names]
        total = [sum(values[i] for _, values in body) for i in range(len(self.years))]
        return [*body, ("Samlet", total)]


def complaints_per_year(
    *, user=None, years: list[int] | None = None, complaints=None
) -> ComplaintTable:
    """Complaints per municipality and year; ``complaints`` as ``decisions`` above.

    Read as plain values (no model per complaint): the country has tens of thousands a year."""
    complaints = _scope(user, Complaint) if complaints is None else complaints
    if years:
        in_years = Q()
        for year in years:  # date ranges, so an index on the received date can be used
            in_years |= Q(received_on__gte=date(year, 1, 1), received_on__lte=date(year, 12, 31))
        complaints = complaints.filter(in_years)
    policies = {p.municipality_id: p for p in MunicipalityPolicy.objects.all()}
    table: dict[tuple, ComplaintYear] = {}
    decision_kind = Complaint.Kind.DECISION.value
    sent_on = Complaint.Outcome.SENT_ON.value
    for (
        municipality_id,
        received_on,
        kind,
        outcome,
        counsellor,
        lawyer,
        leader,
    ) in complaints.values_list(
        "municipality_id",
        "received_on",
        "kind",
        "outcome",
        "hours_counsellor",
        "hours_lawyer",
        "hours_leader",
    ).order_by():
        key = (municipality_id, received_on.year)
        row = table.get(key)
        if row is None:
            row = table[key] = ComplaintYear("", key[1], 0, 0, Decimal("0"), 0)
        if kind == decision_kind:
            row.decisions += 1
        else:
            row.case_handling += 1
        row.sent_on += outcome == sent_on
        row.cost += complaint_cost(counsellor, lawyer, leader, policies.get(municipality_id))
    names = dict(
        Municipality.objects.filter(pk__in={m for m, _ in table}).values_list("pk", "name")
    )
    for (municipality_id, _year), row in table.items():
        row.municipality = names[municipality_id]
    found_years = sorted({y for _, y in table} | set(years or []))
    return ComplaintTable(
        found_years, sorted(table.values(), key=lambda r: (r.municipality, r.year))
    )
