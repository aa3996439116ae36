"""Reads of the reports, given the acting user: figures over the centre's families in the
municipalities the user's centre serves (``Centre.municipalities``), never names."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.db.models import QuerySet
from django.utils import timezone

from indgang.core.cpr import age_on
from indgang.families.access import centre_families_overseen_by
from indgang.families.models import Case, Person
from indgang.interventions.models import Complaint, Decision, LegalBasis
from indgang.interventions.selectors import ComplaintTable, complaints_per_year
from indgang.organisation.models import Municipality
from indgang.reports.models import DaycareAttachment

AGE_GROUPS = [("0-1 år", 0, 1), ("2-6 år", 2, 6), ("7 år og derover", 7, 200)]
PRIOR_BUCKETS = [
    ("Under 1 år", 0, 11),
    ("1-2 år", 12, 35),
    ("3-5 år", 36, 71),
    ("Over 5 år", 72, 10_000),
]
# The day-care guarantee starts at 26 weeks; a child that young or older (school age too)
# counts as of day-care age.
DAYCARE_AGE_DAYS = 26 * 7
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


@dataclass(frozen=True)
class BasisGroup:
    """The KOS report's intervention rows, keyed by the Serviceloven paragraph; the Barnets lov
    basis that replaced it (``LegalBasis.replaced_by``) counts in the same row."""

    key: str
    label: str
    paragraphs: tuple[str, ...]  # Serviceloven paragraphs, exactly as in the catalogue
    prefix: str = ""  # or any Serviceloven paragraph starting with this ("§ 52, stk. …")

    def matches(self, basis: LegalBasis) -> bool:
        if basis.act != LegalBasis.Act.SERVICELOVEN:
            return False
        p = basis.paragraph
        return p in self.paragraphs or bool(
            self.prefix and (p == self.prefix or p.startswith(f"{self.prefix},"))
        )


BASIS_GROUPS = [
    BasisGroup("extra_costs", "§ 41 Merudgifter", ("§ 41",)),
    BasisGroup("lost_earnings", "§ 42 Tabt arbejdsfortjeneste", ("§ 42",)),
    BasisGroup("respite", "§ 44 Aflastning", ("§ 44, jf. § 84, stk. 1",)),
    BasisGroup("investigation", "§ 50 Børnefaglig undersøgelse", ("§ 50",)),
    BasisGroup("measures", "§ 52 Foranstaltninger", (), prefix="§ 52"),
    BasisGroup("special_daycare", "§ 32 Specialiseret dagtilbud", ("§ 32",)),
]


class StatusReportError(ValueError):
    """The report cannot be made for these choices; the message is Danish, for the user."""


def municipalities_for(user) -> QuerySet[Municipality]:
    """The municipalities the user's centre serves: the report's tenancy."""
    if not user.is_authenticated or not user.centre_id:
        return Municipality.objects.none()
    return Municipality.objects.filter(centres=user.centre_id).order_by("name")


def basis_groups() -> dict[int, str]:
    """Legal basis id → the KOS row it counts in (old bases and their successors)."""
    bases = list(LegalBasis.objects.all())
    groups: dict[int, str] = {}
    for basis in bases:
        for group in BASIS_GROUPS:
            if group.matches(basis):
                groups[basis.pk] = group.key
                if basis.replaced_by_id:
                    groups[basis.replaced_by_id] = group.key
    return groups


@dataclass
class InterventionRow:
    key: str
    label: str
    prior_start: int = 0  # children with a prior case, at enrolment
    prior_now: int = 0  # … on the report date
    new_start: int = 0  # children enrolled with no prior case
    new_now: int = 0


@dataclass
class LostEarnings:
    hours_start: list[tuple[Decimal, int]]  # hours a week → children (with a prior case)
    hours_now: list[tuple[Decimal, int]]
    reduced: int
    increased: int
    unchanged: int

    @property
    def table(self) -> list[tuple[str, int, int]]:
        """Hours a week (Danish, "37" or "24,5") → children at enrolment and now."""
        start, now = dict(self.hours_start), dict(self.hours_now)
        return [
            (f"{hours.normalize():f}".replace(".", ","), start.get(hours, 0), now.get(hours, 0))
            for hours in sorted(set(start) | set(now))
        ]


@dataclass
class Attachment:
    at_start: int  # children with a place on their enrolment day
    now: int  # … on the report date
    of_age: int  # children of day-care age on the report date
    now_of_age: int
    lost: int  # a place at enrolment, none now
    changed: int  # children who changed day care or school since enrolment
    changes: list[tuple[str, str, int]]  # from kind, to kind, how many changes

    @property
    def share(self) -> Decimal:
        if not self.of_age:
            return Decimal("0")
        return Decimal(self.now_of_age) / Decimal(self.of_age)

    @property
    def share_percent(self) -> int:
        return int((self.share * 100).quantize(Decimal("1"), ROUND_HALF_UP))


@dataclass
class KosStatus:
    on: date
    municipalities: list[str]
    children: int
    age_groups: list[tuple[str, int]]
    prior: list[tuple[str, int]]
    with_prior: int
    without_prior: int
    interventions: list[InterventionRow]
    lost_earnings: LostEarnings
    attachment: Attachment
    complaints: ComplaintTable
    first_enrolment: date | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def complaint_years(self) -> list[int]:
        return self.complaints.years


def _hours_per_week(decision: dict) -> Decimal | None:
    if decision["unit"] != "hour" or decision["units_per_month"] is None:
        return None
    return (decision["units_per_month"] / WEEKS_PER_MONTH).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _active(grant: dict, on: date) -> bool:
    return grant["period_from"] <= on and (grant["period_to"] is None or on <= grant["period_to"])


def kos_status(*, user, on: date, municipality_ids: list[int] | None = None) -> KosStatus:
    """The KOS status report on ``on`` for the chosen municipalities (default: all the
    user's centre serves). Raises StatusReportError with a Danish message for a date in the
    future or before the first enrolment."""
    if on > timezone.localdate():
        raise StatusReportError("Statusdatoen kan ikke ligge i fremtiden.")
    allowed = municipalities_for(user)
    if municipality_ids:
        allowed = allowed.filter(pk__in=municipality_ids)
    municipalities = list(allowed)
    families = centre_families_overseen_by(user).filter(municipality__in=municipalities)
    cases_in_scope = Case.objects.filter(family__in=families, enrolled_on__isnull=False)
    first = min((c for c in cases_in_scope.values_list("enrolled_on", flat=True)), default=None)
    if first is None:
        raise StatusReportError(
            "Der er ingen indskrevne børn i de valgte kommuner, så der er intet at gøre status over."
        )
    if on < first:
        raise StatusReportError(
            f"Der er ingen data før den {first:%d.%m.%Y}, hvor det første barn blev indskrevet. "
            "Vælg en statusdato på eller efter den dag."
        )
    cases = list(
        cases_in_scope.filter(enrolled_on__lte=on)
        .exclude(discharged_on__lt=on)
        .values("id", "family_id", "enrolled_on", "age_at_enrolment", "prior_case_months")
    )
    case_by_family = {c["family_id"]: c for c in cases}
    children = list(
        Person.objects.filter(family_id__in=case_by_family, relation=Person.Relation.CHILD).values(
            "id", "family_id", "birth_date"
        )
    )
    groups = basis_groups()
    grants = list(
        Decision.objects.filter(
            family_id__in=case_by_family,
            outcome__in=[Decision.Outcome.GRANTED, Decision.Outcome.PARTLY],
            legal_basis_id__in=groups,
            period_from__lte=on,
        )
        .order_by()
        .values(
            "family_id",
            "application__person_id",
            "legal_basis_id",
            "period_from",
            "period_to",
            "units_per_month",
            "unit",
        )
    )
    grants_by_family: dict[int, list[dict]] = {}
    for grant in grants:
        grants_by_family.setdefault(grant["family_id"], []).append(grant)
    attachments: dict[int, list[DaycareAttachment]] = {}
    for a in DaycareAttachment.objects.filter(person_id__in=[c["id"] for c in children]).order_by(
        "started_on"
    ):
        attachments.setdefault(a.person_id, []).append(a)

    ages = Counter()
    prior = Counter()
    rows = {g.key: InterventionRow(g.key, g.label) for g in BASIS_GROUPS}
    hours_start, hours_now = Counter(), Counter()
    reduced = increased = unchanged = 0
    at_start = now = of_age = now_of_age = lost = changed = 0
    change_kinds = Counter()
    with_prior = 0
    for child in children:
        case = case_by_family[child["family_id"]]
        start = case["enrolled_on"]
        age = (
            age_on(child["birth_date"], start) if child["birth_date"] else case["age_at_enrolment"]
        )
        for label, low, high in AGE_GROUPS:
            if age is not None and low <= age <= high:
                ages[label] += 1
        months = case["prior_case_months"] or 0
        for label, low, high in PRIOR_BUCKETS:
            if low <= months <= high:
                prior[label] += 1
        has_prior = months > 0
        with_prior += has_prior
        mine = [
            g
            for g in grants_by_family.get(child["family_id"], ())
            if g["application__person_id"] in (None, child["id"])
        ]
        for key, row in rows.items():
            of_key = [g for g in mine if groups[g["legal_basis_id"]] == key]
            at_enrolment = any(_active(g, start) for g in of_key)
            at_status = any(_active(g, on) for g in of_key)
            if has_prior:
                row.prior_start += at_enrolment
                row.prior_now += at_status
            else:
                row.new_start += at_enrolment
                row.new_now += at_status
        if has_prior:
            lost_grants = [g for g in mine if groups[g["legal_basis_id"]] == "lost_earnings"]
            h_start = sum(
                (_hours_per_week(g) or 0 for g in lost_grants if _active(g, start)), Decimal(0)
            )
            h_now = sum(
                (_hours_per_week(g) or 0 for g in lost_grants if _active(g, on)), Decimal(0)
            )
            if h_start:
                hours_start[h_start] += 1
            if h_now:
                hours_now[h_now] += 1
            if h_start and h_now:
                if h_now < h_start:
                    reduced += 1
                elif h_now > h_start:
                    increased += 1
                else:
                    unchanged += 1
        places = attachments.get(child["id"], [])
        attached_start = any(a.is_active(start) for a in places)
        attached_now = any(a.is_active(on) for a in places)
        at_start += attached_start
        now += attached_now
        lost += attached_start and not attached_now
        if child["birth_date"] and (on - child["birth_date"]).days >= DAYCARE_AGE_DAYS:
            of_age += 1
            now_of_age += attached_now
        moved = False
        for before, after in pairwise(places):
            follows = (
                before.ended_on is not None
                and before.ended_on >= after.started_on - timedelta(days=1)
            )
            if follows and start < after.started_on <= on:
                moved = True
                change_kinds[(before.get_kind_display(), after.get_kind_display())] += 1
        changed += moved

    complaints = Complaint.objects.filter(
        family__in=families, municipality__in=municipalities, received_on__lte=on
    )
    table = complaints_per_year(complaints=complaints, years=[on.year - 2, on.year - 1, on.year])
    # Every chosen municipality gets its row, with zeros if it had no complaints.
    return KosStatus(
        on=on,
        municipalities=[m.name for m in municipalities],
        children=len(children),
        age_groups=[(label, ages[label]) for label, *_ in AGE_GROUPS],
        prior=[(label, prior[label]) for label, *_ in PRIOR_BUCKETS],
        with_prior=with_prior,
        without_prior=len(children) - with_prior,
        interventions=list(rows.values()),
        lost_earnings=LostEarnings(
            sorted(hours_start.items()), sorted(hours_now.items()), reduced, increased, unchanged
        ),
        attachment=Attachment(
            at_start,
            now,
            of_age,
            now_of_age,
            lost,
            changed,
            [(a, b, n) for (a, b), n in sorted(change_kinds.items())],
        ),
        complaints=table,
        first_enrolment=first,
    )


def complaint_rows(status: KosStatus) -> list[tuple[str, list[int]]]:
    """Complaints about decisions: every chosen municipality down (zeros too), years across,
    and the total."""
    cell = {(r.municipality, r.year): r.decisions for r in status.complaints.rows}
    years = status.complaints.years
    body = [(name, [cell.get((name, y), 0) for y in years]) for name in status.municipalities]
    total = [sum(values[i] for _, values in body) for i in range(len(years))]
    return [*body, ("I alt", total)]
