"""Reads of the reports, given the acting user: figures over the centre's families in the
municipalities the user's centre serves (``Centre.municipalities``), never names."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.db import connection
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from indgang.core.cpr import age_on
from indgang.families.access import centre_families_overseen_by
from indgang.families.models import Case, Person
from indgang.interventions.models import Application, Complaint, Decision, LegalBasis
from indgang.interventions.selectors import ComplaintTable, ComplaintYear
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


GRANTED = ["granted", "partly"]  # Decision.Outcome values that are grants


def _intervention_counts(*, current: QuerySet, on: date, groups: dict[int, str]) -> dict:
    """Row key → [prior_start, prior_now, new_start, new_now]: children with a grant under the
    row's legal bases on their enrolment day and on ``on``, split by a prior case. Counted in
    the database in one query (each child's grants joined and reduced to yes/no per row, then
    summed), so no grant row leaves it. Plain SQL that SQLite and PostgreSQL both run."""
    keys = [g.key for g in BASIS_GROUPS if any(k == g.key for k in groups.values())]
    if not keys:
        return {}
    cases_sql, cases_params = current.order_by().values("pk").query.sql_with_params()
    flags, outer, params = [], [], []
    for i, key in enumerate(keys):
        bases = [pk for pk, k in groups.items() if k == key]
        marks = ", ".join(["%s"] * len(bases))
        flags.append(
            f"MAX(CASE WHEN d.legal_basis_id IN ({marks}) AND d.period_from <= c.enrolled_on "
            "AND (d.period_to IS NULL OR d.period_to >= c.enrolled_on) THEN 1 ELSE 0 END) "
            f"AS s{i}, "
            f"MAX(CASE WHEN d.legal_basis_id IN ({marks}) "
            f"AND (d.period_to IS NULL OR d.period_to >= %s) THEN 1 ELSE 0 END) AS n{i}"
        )
        params += [*bases, *bases, on]
        outer.append(f"SUM(t.s{i}), SUM(t.n{i})")
    all_bases = list(groups)
    # t: per child, whether a grant of each row (to the child or the whole family) covered the
    # enrolment day and the report date; then the sums with and without a prior case.
    sql = (
        f"SELECT t.has_prior, {', '.join(outer)} FROM ("  # nosec B608  # tables from models
        "SELECT p.id, CASE WHEN COALESCE(c.prior_case_months, 0) > 0 THEN 1 ELSE 0 END "
        f"AS has_prior, {', '.join(flags)} "
        f"FROM {Person._meta.db_table} p "
        f"JOIN {Case._meta.db_table} c ON c.family_id = p.family_id "
        f"JOIN {Decision._meta.db_table} d ON d.family_id = p.family_id "
        f"LEFT JOIN {Application._meta.db_table} a ON a.id = d.application_id "
        f"WHERE c.id IN ({cases_sql}) AND p.relation = %s "
        f"AND d.outcome IN (%s, %s) AND d.legal_basis_id IN ({', '.join(['%s'] * len(all_bases))}) "
        "AND d.period_from <= %s AND (a.person_id IS NULL OR a.person_id = p.id) "
        "GROUP BY p.id, c.prior_case_months"
        ") t GROUP BY t.has_prior"
    )  # values as parameters
    params += [*cases_params, Person.Relation.CHILD.value, *GRANTED, *all_bases, on]
    counts = {key: [0, 0, 0, 0] for key in keys}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for has_prior, *sums in cursor.fetchall():
            for i, key in enumerate(keys):
                start, now = int(sums[2 * i] or 0), int(sums[2 * i + 1] or 0)
                if has_prior:
                    counts[key][0] += start
                    counts[key][1] += now
                else:
                    counts[key][2] += start
                    counts[key][3] += now
    return counts


def _complaints_per_year(
    *, complaints: QuerySet, years: list[int], names: dict[int, str]
) -> ComplaintTable:
    """Complaints per municipality and year, counted in the database (the status report shows
    the counts only, so no cost is computed: ``cost`` stays 0)."""
    in_years = Q()
    for year in years:  # date ranges, so an index on the received date can be used
        in_years |= Q(received_on__gte=date(year, 1, 1), received_on__lte=date(year, 12, 31))
    rows = (
        complaints.filter(in_years)
        .annotate(year=ExtractYear("received_on"))
        .values("municipality_id", "year")
        .annotate(
            decisions=Count("pk", filter=Q(kind=Complaint.Kind.DECISION)),
            handling=Count("pk", filter=~Q(kind=Complaint.Kind.DECISION)),
            sent_on=Count("pk", filter=Q(outcome=Complaint.Outcome.SENT_ON)),
        )
        .order_by()
    )
    rows = sorted(rows, key=lambda r: (names[r["municipality_id"]], r["year"]))
    return ComplaintTable(
        sorted(set(years)),
        [
            ComplaintYear(
                names[r["municipality_id"]],
                r["year"],
                r["decisions"],
                r["handling"],
                Decimal("0"),
                r["sent_on"],
            )
            for r in rows
        ],
    )


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
    return kos_status_over(on=on, families=families, municipalities=municipalities)


def kos_status_over(*, on: date, families: QuerySet, municipalities: list) -> KosStatus:
    """The report over a queryset of families, without regard to who asks (``kos_status``
    applies the tenancy; the national benchmark passes every family). A fixed number of
    queries, never one per child: the intervention rows and the complaints are counted in the
    database; the children, their places and the § 42 grants come back as plain rows and are
    counted in one pass."""
    cases_in_scope = Case.objects.filter(family__in=families, enrolled_on__isnull=False)
    first = cases_in_scope.aggregate(first=Min("enrolled_on"))["first"]
    if first is None:
        raise StatusReportError(
            "Der er ingen indskrevne børn i de valgte kommuner, så der er intet at gøre status over."
        )
    if on < first:
        raise StatusReportError(
            f"Der er ingen data før den {first:%d.%m.%Y}, hvor det første barn blev indskrevet. "
            "Vælg en statusdato på eller efter den dag."
        )
    current = cases_in_scope.filter(enrolled_on__lte=on).exclude(discharged_on__lt=on)
    case_by_family = {
        c["family_id"]: c
        for c in current.order_by("enrolled_on").values(
            "family_id", "enrolled_on", "age_at_enrolment", "prior_case_months"
        )
    }
    in_report = current.order_by().values("family_id")
    children = list(
        Person.objects.filter(family_id__in=in_report, relation=Person.Relation.CHILD)
        .order_by()
        .values_list("id", "family_id", "birth_date")
    )
    groups = basis_groups()
    counts = _intervention_counts(current=current, on=on, groups=groups)
    # § 42 hours a week need each grant's hours (rounded per grant, as the report does): only
    # the lost-earnings grants come back as rows.
    lost_bases = [pk for pk, key in groups.items() if key == "lost_earnings"]
    earliest = min((c["enrolled_on"] for c in case_by_family.values()), default=on)
    hours_by_family: dict[int, list[tuple]] = {}
    for family_id, person_id, g_from, g_to, units in (
        Decision.objects.filter(
            family_id__in=in_report,
            outcome__in=GRANTED,
            legal_basis_id__in=lost_bases,
            period_from__lte=on,
            unit="hour",
            units_per_month__isnull=False,
        )
        .filter(Q(period_to__isnull=True) | Q(period_to__gte=earliest))
        .order_by()
        .values_list(
            "family_id", "application__person_id", "period_from", "period_to", "units_per_month"
        )
    ):
        hours = (units / WEEKS_PER_MONTH).quantize(Decimal("0.1"), ROUND_HALF_UP)
        hours_by_family.setdefault(family_id, []).append((person_id, g_from, g_to, hours))
    kind_label = {k: str(label) for k, label in DaycareAttachment.Kind.choices}
    attachments: dict[int, list[tuple]] = {}
    for person_id, kind, start, end in (
        DaycareAttachment.objects.filter(person__family_id__in=in_report, person__relation="child")
        .order_by("person_id", "started_on")
        .values_list("person_id", "kind", "started_on", "ended_on")
    ):
        attachments.setdefault(person_id, []).append((kind, start, end))

    def active(start, end, day) -> bool:
        return start <= day and (end is None or day <= end)

    ages = Counter()
    prior = Counter()
    rows = {
        g.key: InterventionRow(g.key, g.label, *counts.get(g.key, (0, 0, 0, 0)))
        for g in BASIS_GROUPS
    }
    hours_start, hours_now = Counter(), Counter()
    reduced = increased = unchanged = 0
    at_start = now = of_age = now_of_age = lost = changed = 0
    change_kinds = Counter()
    with_prior = 0
    for child_id, family_id, birth_date in children:
        case = case_by_family[family_id]
        start = case["enrolled_on"]
        age = age_on(birth_date, start) if birth_date else case["age_at_enrolment"]
        for label, low, high in AGE_GROUPS:
            if age is not None and low <= age <= high:
                ages[label] += 1
        months = case["prior_case_months"] or 0
        for label, low, high in PRIOR_BUCKETS:
            if low <= months <= high:
                prior[label] += 1
        has_prior = months > 0
        with_prior += has_prior
        h_start = h_now = Decimal(0)
        if has_prior:
            for person_id, g_from, g_to, hours in hours_by_family.get(family_id, ()):
                if person_id is not None and person_id != child_id:
                    continue
                if active(g_from, g_to, start):
                    h_start += hours
                if active(g_from, g_to, on):
                    h_now += hours
        if has_prior:
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
        places = attachments.get(child_id, ())
        attached_start = any(active(a_from, a_to, start) for _k, a_from, a_to in places)
        attached_now = any(active(a_from, a_to, on) for _k, a_from, a_to in places)
        at_start += attached_start
        now += attached_now
        lost += attached_start and not attached_now
        if birth_date and (on - birth_date).days >= DAYCARE_AGE_DAYS:
            of_age += 1
            now_of_age += attached_now
        moved = False
        for (kind_before, _f, ended), (kind_after, started, _t) in pairwise(places):
            follows = ended is not None and ended >= started - timedelta(days=1)
            if follows and start < started <= on:
                moved = True
                change_kinds[(kind_label[kind_before], kind_label[kind_after])] += 1
        changed += moved

    table = _complaints_per_year(
        complaints=Complaint.objects.filter(
            family__in=families, municipality__in=municipalities, received_on__lte=on
        ),
        years=[on.year - 2, on.year - 1, on.year],
        names={m.pk: m.name for m in municipalities},
    )
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


def family_panel(*, user, family) -> dict | None:
    """The family overview's panel "Dagtilbud og skole": each child's current place (one
    query), and for those who act on the case the way to the page that records places."""
    # family.members.all(): prefetched on the overview; the places name those children.
    children = {m.pk: m for m in family.members.all() if m.relation == Person.Relation.CHILD}
    places = list(
        DaycareAttachment.objects.filter(person_id__in=children)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()))
        .order_by("-started_on")
    )
    for place in places:
        place.person = children[place.person_id]
    places.sort(key=lambda p: (p.person.birth_date or date.max, p.person_id))
    return {
        "template": "reports/partials/family_panel.html",
        "family": family,
        "places": places,
        "can_manage": user.has_perm("families.manage_case", family),
    }
