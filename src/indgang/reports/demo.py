"""The KOS cohort: 21 synthetic children built to match the KOS status report of June 2021.

DOMAIN.md section 3: 21 children enrolled (5 aged 0-1, 15 aged 2-6, one aged 7 at
enrolment); prior case length 7 under 1 year (3 of them with no prior case), 10 for 1-2
years, 4 for 3-5 years; among the 18 with a prior case §41 16/16, §42 13/15 (2 reduced,
3 increased hours), §44 5/8, investigation 4/4, §52 2/2, §32 6/5 (2 to special school,
1 to ordinary day care, 2 new); attachment 12 at start, 14 now of 19 of day-care age (74 %),
none lost, 5 changed; complaints about decisions Ishøj 19/22/6 and Vallensbæk 16/12/5 in
2019/2020/to mid-June 2021. Every name and CPR number is made up.

The report is made for ``KOS_DATE``. ``load_kos_cohort`` adds the cohort to a centre serving
Ishøj and Vallensbæk; the demo (``load``) adds it to the demo's CBF with every case discharged
and every grant ended at the end of 2022, so today's lists and expenditure stay as they were
while the status report on 15 June 2021 shows the report's figures.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from indgang.families.models import Case, Family, Person
from indgang.interventions.models import (
    Application,
    Complaint,
    Decision,
    InterventionType,
    LegalBasis,
    Unit,
)
from indgang.organisation.models import Centre, Municipality
from indgang.reports.models import DaycareAttachment

KOS_DATE = date(2021, 6, 15)
DEMO_DISCHARGE = date(2022, 12, 31)
HOURS_PER_MONTH = Decimal(52) / Decimal(12)  # a week's hours × 52 / 12

# Complaints about decisions per municipality and year (2021: to mid-June).
COMPLAINTS = {"Ishøj": {2019: 19, 2020: 22, 2021: 6}, "Vallensbæk": {2019: 16, 2020: 12, 2021: 5}}

FIRST = [
    "Asta",
    "Bertram",
    "Cille",
    "Dagmar",
    "Elvin",
    "Frida",
    "Gorm",
    "Hilma",
    "Ivar",
    "Johanne",
    "Kaj",
    "Liva",
    "Melvin",
    "Nanna",
    "Otto",
    "Pil",
    "Rune",
    "Sigrid",
    "Tage",
    "Vilma",
    "Yrsa",
]
LAST = [
    "Kohortsen",
    "Brandholm",
    "Dyssegård",
    "Egeskov",
    "Fyrrebo",
    "Grønnehave",
    "Hedelund",
    "Ibsgaard",
    "Kildebæk",
    "Lyngdal",
    "Mosegaard",
    "Nørrevang",
    "Overby",
    "Pilegaard",
    "Rosenvænge",
    "Skovbrynet",
    "Tjørnegård",
    "Ulvedal",
    "Vestervig",
    "Æblehave",
    "Østerlund",
]
PARENT = ["Mette", "Søren", "Line", "Kasper", "Trine", "Jakob", "Pernille"]


@dataclass
class Child:
    """One child of the cohort: its age and prior case at enrolment, grants, places."""

    age: int  # at enrolment
    prior_months: int
    enrolled: date
    vallensbaek: bool = False
    born: date | None = None
    extra_costs: bool = False  # §41 throughout
    lost_earnings: tuple = ()  # (hours at enrolment or 0, hours now or 0)
    respite: tuple = (False, False)
    investigation: bool = False
    measures: bool = False
    special_daycare: tuple = (False, False)
    places: list = field(default_factory=list)  # (kind, from, to)
    therapy: bool = False  # a grant outside the report's rows


E = date(2020, 3, 2)  # the first enrolments (the project started in spring 2020)
K = DaycareAttachment.Kind


def cohort() -> list[Child]:
    """The 21 children; see the module docstring for what they add up to."""
    before = E - timedelta(days=400)
    children = [
        # Three enrolled as soon as a case was opened: §42 full time after enrolment, at home.
        Child(0, 0, date(2021, 3, 1), born=date(2021, 1, 10), lost_earnings=(0, 37)),
        Child(0, 0, date(2021, 4, 12), born=date(2021, 2, 20), lost_earnings=(0, 37)),
        Child(1, 0, date(2020, 11, 2), vallensbaek=True, lost_earnings=(0, 37)),
        # With a prior case under a year.
        Child(1, 6, E, extra_costs=True, lost_earnings=(37, 37), respite=(True, True)),
        Child(1, 8, E, True, extra_costs=True, lost_earnings=(37, 37), respite=(True, True)),
        Child(
            3,
            4,
            E,
            extra_costs=True,
            lost_earnings=(37, 20),
            respite=(True, True),
            places=[(K.DAYCARE, before, None)],
        ),
        Child(
            2,
            10,
            E,
            True,
            extra_costs=True,
            lost_earnings=(37, 20),
            respite=(True, True),
            places=[(K.DAYCARE, date(2020, 10, 1), None)],
        ),
        # Prior case 1-2 years.
        Child(
            4,
            12,
            E,
            extra_costs=True,
            lost_earnings=(15, 25),
            respite=(True, True),
            places=[(K.DAYCARE, date(2021, 3, 1), None)],
        ),
        Child(3, 14, E, extra_costs=True, lost_earnings=(15, 25), respite=(False, True)),
        Child(2, 18, E, True, extra_costs=True, lost_earnings=(15, 25), respite=(False, True)),
        Child(
            5,
            20,
            E,
            extra_costs=True,
            lost_earnings=(37, 37),
            respite=(False, True),
            special_daycare=(True, True),
            places=[(K.SPECIAL_DAYCARE, before, None)],
        ),
        Child(
            4,
            24,
            E,
            extra_costs=True,
            lost_earnings=(37, 37),
            investigation=True,
            special_daycare=(True, True),
            places=[(K.SPECIAL_DAYCARE, before, None)],
        ),
        Child(
            3,
            26,
            E,
            True,
            extra_costs=True,
            lost_earnings=(37, 37),
            investigation=True,
            special_daycare=(True, True),
            places=[(K.SPECIAL_DAYCARE, before, None)],
        ),
        Child(
            6,
            30,
            E,
            extra_costs=True,
            lost_earnings=(37, 37),
            investigation=True,
            special_daycare=(True, False),
            places=[
                (K.SPECIAL_DAYCARE, before, date(2020, 8, 9)),
                (K.SPECIAL_SCHOOL, date(2020, 8, 10), None),
            ],
        ),
        Child(
            5,
            33,
            E,
            extra_costs=True,
            lost_earnings=(37, 37),
            investigation=True,
            special_daycare=(True, False),
            places=[
                (K.SPECIAL_DAYCARE, before, date(2021, 1, 3)),
                (K.SPECIAL_SCHOOL, date(2021, 1, 4), None),
            ],
        ),
        Child(
            4,
            35,
            E,
            True,
            extra_costs=True,
            lost_earnings=(37, 37),
            measures=True,
            special_daycare=(True, False),
            places=[
                (K.SPECIAL_DAYCARE, before, date(2020, 8, 9)),
                (K.DAYCARE, date(2020, 8, 10), None),
            ],
        ),
        Child(
            4,
            15,
            E,
            extra_costs=True,
            lost_earnings=(0, 37),
            measures=True,
            special_daycare=(False, True),
            places=[
                (K.DAYCARE, before, date(2020, 8, 31)),
                (K.SPECIAL_DAYCARE, date(2020, 9, 1), None),
            ],
        ),
        # Prior case 3-5 years.
        Child(
            5,
            36,
            E,
            extra_costs=True,
            lost_earnings=(0, 37),
            special_daycare=(False, True),
            places=[
                (K.DAYCARE, before, date(2021, 1, 31)),
                (K.SPECIAL_DAYCARE, date(2021, 2, 1), None),
            ],
        ),
        Child(
            5,
            40,
            E,
            True,
            extra_costs=True,
            places=[(K.DAYCARE, before, None)],
        ),
        Child(6, 48, E, True, therapy=True, places=[(K.DAYCARE, before, None)]),
        Child(7, 60, E, therapy=True, places=[(K.SCHOOL, before, None)]),
    ]
    for i, child in enumerate(children):
        if child.born is None:
            # Born some weeks before a birthday, so the age at enrolment is ``age``.
            enrolled = child.enrolled
            child.born = date(enrolled.year - child.age, enrolled.month, 1) - timedelta(
                days=40 + 3 * i
            )
    return children


def _spans(pair: tuple[bool, bool], early: date, later: date) -> list[tuple]:
    """The grant periods for (at enrolment, at the report date)."""
    at_start, now = pair
    if at_start and now:
        return [(early, None)]
    if at_start:
        return [(early, later - timedelta(days=1))]
    if now:
        return [(later, None)]
    return []


def _cpr(born: date, first: int, serial: int, taken: set[str]) -> str:
    while True:
        cpr = f"{born:%d%m%y}{first}{serial % 1000:03d}"
        if cpr not in taken:
            taken.add(cpr)
            return cpr
        serial += 7


def _municipality(centre: Centre, name: str) -> Municipality:
    found = centre.municipalities.filter(name=name).first()
    if found is None:
        raise ValueError(f"Centret {centre} betjener ikke {name}.")
    return found


@transaction.atomic
def load_kos_cohort(*, centre: Centre, by, discharge_on: date | None = None) -> list[Family]:
    """Add the 21 children, their families, cases, grants, day-care places and the
    complaints to ``centre`` (which must serve Ishøj and Vallensbæk). With ``discharge_on``
    every case is discharged and every grant and place ends on that day."""
    ishoj = _municipality(centre, "Ishøj")
    vallensbaek = _municipality(centre, "Vallensbæk")
    types = {t.code: t for t in InterventionType.objects.all()}
    sel = {b.paragraph: b for b in LegalBasis.objects.filter(act=LegalBasis.Act.SERVICELOVEN)}
    bases = {
        "extra_costs": sel["§ 41"],
        "lost_earnings": sel["§ 42"],
        "respite": sel["§ 44, jf. § 84, stk. 1"],
        "child_investigation": sel["§ 50"],
        "family_treatment": sel["§ 52, stk. 3"],
        "special_daycare": sel["§ 32"],
        "therapy": sel["§ 44, jf. § 86, stk. 2"],
    }
    taken = set(Person.objects.filter(cpr__isnull=False).values_list("cpr", flat=True))
    families, first_decision = [], {}
    for i, child in enumerate(cohort()):
        municipality = vallensbaek if child.vallensbaek else ishoj
        family = Family.objects.create(
            name=f"Familien {LAST[i]}", centre=centre, municipality=municipality
        )
        person = Person.objects.create(
            family=family,
            first_name=FIRST[i],
            last_name=LAST[i],
            cpr=_cpr(child.born, 4, 700 + 11 * i, taken),
            birth_date=child.born,
            relation=Person.Relation.CHILD,
        )
        parent_born = date(1984 + i % 8, 1 + i % 12, 3 + i)
        Person.objects.create(
            family=family,
            first_name=PARENT[i % len(PARENT)],
            last_name=LAST[i],
            cpr=_cpr(parent_born, 2, 300 + 13 * i, taken),
            birth_date=parent_born,
            relation=Person.Relation.PARENT,
            has_custody=True,
        )
        case_start = child.enrolled - timedelta(days=round(child.prior_months * 30.44))
        case = Case.objects.create(
            family=family,
            centre=centre,
            status=Case.Status.DISCHARGED if discharge_on else Case.Status.ENROLLED,
            referred_on=child.enrolled - timedelta(days=21),
            referral_source="KOS-kohorten (syntetiske data)",
            enrolled_on=child.enrolled,
            age_at_enrolment=child.age,
            prior_case_months=child.prior_months,
            discharged_on=discharge_on,
            discharge_reason=Case.DischargeReason.CASE_CLOSED if discharge_on else "",
        )
        # Grants at enrolment start at the prior case's start (or just before enrolment);
        # new ones in the autumn after enrolment; a change of hours ends the old grant.
        early = min(case_start, child.enrolled - timedelta(days=30))
        later = max(child.enrolled + timedelta(days=10), date(2020, 10, 1))
        later = min(later, KOS_DATE - timedelta(days=14))
        grants = []

        if child.extra_costs:
            grants.append(("extra_costs", None, early, None, None, Decimal("1500")))
        if child.lost_earnings:
            start_h, now_h = child.lost_earnings
            if start_h and now_h and start_h != now_h:
                grants.append(
                    ("lost_earnings", None, early, later - timedelta(days=1), start_h, None)
                )
                grants.append(("lost_earnings", None, later, None, now_h, None))
            else:
                for period in _spans((bool(start_h), bool(now_h)), early, later):
                    grants.append(("lost_earnings", None, *period, now_h or start_h, None))
        for period in _spans(child.respite, early, later):
            grants.append(("respite", person, *period, None, None))
        if child.investigation:
            grants.append(("child_investigation", person, early, None, None, None))
        if child.measures:
            grants.append(("family_treatment", person, early, None, None, None))
        special_start = next((s for kind, s, _ in child.places if kind == K.SPECIAL_DAYCARE), None)
        special_end = next((e for kind, _, e in child.places if kind == K.SPECIAL_DAYCARE), None)
        if any(child.special_daycare):
            grants.append(
                ("special_daycare", person, max(special_start, early), special_end, None, None)
            )
        if child.therapy:
            grants.append(("therapy", person, early, None, None, None))
        for code, whom, start, end, hours, amount in grants:
            if discharge_on:
                end = min(end or discharge_on, discharge_on)
            application = Application.objects.create(
                case=case,
                family=family,
                municipality=municipality,
                intervention_type=types[code],
                person=whom,
                received_on=start - timedelta(days=20),
                deadline=start + timedelta(days=36),
                started_by=Application.StartedBy.FAMILY,
                status=Application.Status.DECIDED,
                created_by=by,
            )
            decision = Decision.objects.create(
                application=application,
                family=family,
                municipality=municipality,
                intervention_type=types[code],
                outcome=Decision.Outcome.GRANTED,
                justification="KOS-kohorten (syntetiske data).",
                legal_basis=bases[code],
                decided_on=start - timedelta(days=5),
                period_from=start,
                period_to=end,
                units_per_month=(
                    (Decimal(hours) * HOURS_PER_MONTH).quantize(Decimal("0.01")) if hours else None
                ),
                unit=Unit.HOUR if hours else "",
                amount_per_month=amount,
                complaint_guidance="Klagevejledning.",
                processing_days=15,
                within_deadline=True,
                decided_by=by,
            )
            if (
                family.pk not in first_decision
                or decision.decided_on < first_decision[family.pk][1]
            ):
                first_decision[family.pk] = (decision, decision.decided_on, case)
        for kind, start, end in child.places:
            if discharge_on:
                end = min(end or discharge_on, discharge_on)
            DaycareAttachment.objects.create(
                person=person, kind=kind, started_on=start, ended_on=end
            )
        families.append(family)
    _complaints(families, first_decision, by)
    return families


def _complaints(families, first_decision, by) -> None:
    """The complaints about decisions, spread over each year, each on the earliest decision
    of a family in the municipality that had one by then."""
    for name, per_year in COMPLAINTS.items():
        own = sorted(
            (first_decision[f.pk] for f in families if f.municipality.name == name),
            key=lambda item: item[1],
        )
        for year, count in per_year.items():
            days = (KOS_DATE - date(year, 1, 5)).days if year == KOS_DATE.year else 350
            for n in range(count):
                received = date(year, 1, 5) + timedelta(days=n * days // count)
                eligible = [item for item in own if item[1] <= received]
                decision, _, case = eligible[n % len(eligible)]
                Complaint.objects.create(
                    case=case,
                    family=decision.family,
                    municipality=decision.municipality,
                    kind=Complaint.Kind.DECISION,
                    decision=decision,
                    received_on=received,
                    reconsideration_deadline=received + timedelta(weeks=4),
                    outcome=Complaint.Outcome.UPHELD,
                    reconsidered_on=received + timedelta(days=20),
                    hours_counsellor=Decimal("10"),
                    hours_lawyer=Decimal("15"),
                    hours_leader=Decimal("5"),
                    created_by=by,
                )


def load(*, rng=None, users=None) -> None:
    """The demo: the cohort in the demo's CBF, discharged at the end of 2022."""
    leader = users["leder"]
    if Family.objects.filter(centre=leader.centre, name=f"Familien {LAST[0]}").exists():
        return
    load_kos_cohort(centre=leader.centre, by=leader, discharge_on=DEMO_DISCHARGE)
