"""Expenditure development, the Randers method (DOMAIN.md section 6).

Quarterly expenditure per category for the enrolled group (the centre's cases) against the
average of a baseline year's quarters, in DKK and %, and per child (the quarter's expenditure
divided by the children with a grant in that quarter). The figures per category and quarter
come from the interventions app's expenditure report (``interventions.selectors.expenditure``:
each grant's monthly cost spread over the days of the quarter it covers); this module only
adds the baseline, the extra salary cost of the reduced caseload and the totals.

Payments are not recorded in Indgang, so the figures are from grants only.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from indgang.interventions.models import Decision, InterventionType
from indgang.interventions.selectors import expenditure, quarter_bounds

C = InterventionType.Category
CATEGORIES = [
    (C.PREVENTIVE, "Forebyggende indsatser (§ 11 / § 84)"),
    (C.PLACEMENT, "Foranstaltninger og anbringelser"),
    (C.EXTRA_COSTS, "Merudgifter (§ 41)"),
    (C.LOST_EARNINGS, "Tabt arbejdsfortjeneste (§ 42)"),
]
SALARY = "Øget lønomkostning (reduceret sagsstamme)"
SALARY_PER_CASEWORKER = Decimal("325000")  # DKK a year (Randers)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class DevelopmentRow:
    label: str
    baseline: Decimal  # the baseline year's quarterly average
    now: Decimal  # the chosen quarter

    @property
    def change(self) -> Decimal:
        return self.now - self.baseline

    @property
    def percent(self) -> Decimal | None:
        if not self.baseline:
            return None
        return (self.change / self.baseline * 100).quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass
class Development:
    baseline_year: int
    year: int
    quarter: int
    rows: list[DevelopmentRow]  # the categories, the salary and the total (last)
    quarters: list[tuple[str, list[Decimal], Decimal, int]]  # "2020 K1", per row, total, children
    baseline_per_child: Decimal
    now_per_child: Decimal

    @property
    def total(self) -> DevelopmentRow:
        return self.rows[-1]


def children_per_quarter(
    user, quarters: list[tuple[int, int]], categories: list[str] | None = None
) -> dict[tuple[int, int], int]:
    """Children (or families, for a family-wide grant) with a grant in one of the categories
    (default: the Randers categories; an empty list: every category)."""
    if categories is None:
        categories = [c for c, _ in CATEGORIES]
    start = quarter_bounds(*quarters[0])[0]
    end = quarter_bounds(*quarters[-1])[1]
    grants = (
        Decision.objects.filter(
            application__case__centre_id=user.centre_id,
            outcome__in=[Decision.Outcome.GRANTED, Decision.Outcome.PARTLY],
            period_from__lte=end,
        )
        .exclude(period_to__lt=start)
        .values_list("family_id", "application__person_id", "period_from", "period_to")
    )
    if categories:
        grants = grants.filter(intervention_type__category__in=categories)
    who: dict[tuple[int, int], set] = {q: set() for q in quarters}
    for family_id, person_id, period_from, period_to in grants:
        for q in quarters:
            q_start, q_end = quarter_bounds(*q)
            if period_from <= q_end and (period_to is None or period_to >= q_start):
                who[q].add(person_id or f"f{family_id}")
    return {q: len(s) for q, s in who.items()}


def expenditure_development(
    *,
    user,
    baseline_year: int,
    year: int,
    quarter: int,
    caseworkers: Decimal = Decimal("1"),
    salary: Decimal = SALARY_PER_CASEWORKER,
) -> Development:
    """The chosen quarter against the baseline year's quarterly average. The extra salary
    (``caseworkers`` × ``salary`` a year, a quarter of it each quarter) counts from the first
    quarter after the baseline year."""
    if not (1 <= quarter <= 4) or year < baseline_year or (year == baseline_year):
        raise ValueError("Kvartalet skal ligge efter basisåret.")
    labels = dict(C.choices)
    per: dict[tuple[int, int], dict[str, Decimal]] = {}
    for y in range(baseline_year, year + 1):
        for row in expenditure(user=user, year=y):
            per.setdefault((y, row.quarter), {})[row.category] = row.expenditure
    quarters = [(y, q) for y in range(baseline_year, year + 1) for q in range(1, 5)]
    quarters = [q for q in quarters if q <= (year, quarter)]
    children = children_per_quarter(user, quarters)
    quarterly_salary = _round(caseworkers * salary / 4)

    def values(q) -> list[Decimal]:
        cells = per.get(q, {})
        figures = [cells.get(labels[c], Decimal("0")) for c, _ in CATEGORIES]
        figures.append(quarterly_salary if q[0] > baseline_year else Decimal("0"))
        return figures

    series = []
    for q in quarters:
        figures = values(q)
        series.append((f"{q[0]} K{q[1]}", figures, sum(figures, Decimal("0")), children[q]))
    base = [s for s, q in zip(series, quarters, strict=True) if q[0] == baseline_year]
    now = series[-1]
    names = [label for _, label in CATEGORIES] + [SALARY]
    rows = [
        DevelopmentRow(name, _round(sum((b[1][i] for b in base), Decimal("0")) / 4), now[1][i])
        for i, name in enumerate(names)
    ]
    rows.append(
        DevelopmentRow("I alt", _round(sum((b[2] for b in base), Decimal("0")) / 4), now[2])
    )
    per_child = [b[2] / b[3] for b in base if b[3]]
    baseline_per_child = (
        _round(sum(per_child, Decimal("0")) / len(per_child)) if per_child else Decimal("0")
    )
    now_per_child = _round(now[2] / now[3]) if now[3] else Decimal("0")
    return Development(
        baseline_year, year, quarter, rows, series, baseline_per_child, now_per_child
    )


def default_quarter(today: date) -> tuple[int, int]:
    """The last complete quarter."""
    q = (today.month - 1) // 3  # the current quarter minus one
    return (today.year, q) if q else (today.year - 1, 4)
