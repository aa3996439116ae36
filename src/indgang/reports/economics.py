"""The KOS report's two scenario calculators (DOMAIN.md section 6) as pure functions.

Every figure is a parameter with a Danish label, its meaning and the report's default, so a
leader can change any of them and see how each total is made. With the defaults the tables
reproduce the printed figures exactly: the caseload scenario 16,777.65 vs 25,109.25 DKK per
family per year (difference 8,331.60) and the day-care scenario 554,530 vs 647,568 DKK per
year (difference 93,038).

Two figures in the report do not follow from their own lines, so they are parameters whose
defaults are the printed figures, and ``breakdowns`` computes them from hours × rates:
the decision-complaint cost (printed 9,550, the lines add up to 9,250) and the monthly
counsellor cost (1,102.20 for 4 h and 2,004.00 for 7.3 h: 275.55 and 274.52 per hour, not 275).
The case-handling complaint cost (2,125) follows from its lines and is a parameter too.

Rounding: the caseload table in øre, the day-care table in whole kroner per line (half up,
from the unrounded amounts), totals as the sum of the rounded lines — as the report does.
"""

import re
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ORE = Decimal("0.01")
KRONE = Decimal("1")
HUNDRED = Decimal("100")


def _m(label: str, meaning: str, unit: str = "kr.", group: str = "caseload") -> dict:
    return {"label": label, "meaning": meaning, "unit": unit, "group": group}


@dataclass(frozen=True)
class Parameters:
    """The assumptions behind the KOS report's two scenario tables (all editable)."""

    # --- Caseload scenario (per family per year) ---
    counsellor_rate: Decimal = field(
        default=Decimal("275"),
        metadata=_m("Timeløn, rådgiver", "Gennemsnitlig timeløn for en rådgiver", "kr./time"),
    )
    lawyer_rate: Decimal = field(
        default=Decimal("310"),
        metadata=_m("Timeløn, jurist", "Gennemsnitlig timeløn for en jurist", "kr./time"),
    )
    leader_rate: Decimal = field(
        default=Decimal("370"),
        metadata=_m(
            "Timeløn, leder", "Gennemsnitlig timeløn for en socialfaglig leder", "kr./time"
        ),
    )
    months_per_year: Decimal = field(
        default=Decimal("12"), metadata=_m("Måneder pr. år", "Måneder i et år", "måneder")
    )
    hours_normal: Decimal = field(
        default=Decimal("4"),
        metadata=_m(
            "Rådgivers timer pr. familie pr. måned (normal sagsstamme, 40 sager)",
            "Scenarie 1: rådgiverens tidsforbrug pr. familie pr. måned",
            "timer",
        ),
    )
    monthly_cost_normal: Decimal = field(
        default=Decimal("1102.20"),
        metadata=_m(
            "Rådgivers udgift pr. familie pr. måned (normal sagsstamme)",
            "Scenarie 1: månedlig udgift til rådgiveren; rapporten trykker 1.102,20 kr.",
        ),
    )
    hours_reduced: Decimal = field(
        default=Decimal("7.3"),
        metadata=_m(
            "Rådgivers timer pr. familie pr. måned (reduceret sagsstamme, 22 sager)",
            "Scenarie 2: familiekoordinatorens tidsforbrug pr. familie pr. måned",
            "timer",
        ),
    )
    monthly_cost_reduced: Decimal = field(
        default=Decimal("2004.00"),
        metadata=_m(
            "Rådgivers udgift pr. familie pr. måned (reduceret sagsstamme)",
            "Scenarie 2: månedlig udgift til familiekoordinatoren; rapporten trykker 2.004,00 kr.",
        ),
    )
    course_price: Decimal = field(
        default=Decimal("18000"),
        metadata=_m("Pris pr. § 11.3-forløb", "Gennemsnitlig pris for et tilkøbt § 11.3-forløb"),
    )
    course_share_normal: Decimal = field(
        default=Decimal("10"),
        metadata=_m(
            "Andel med § 11.3-forløb (normal sagsstamme)",
            "Scenarie 1: andel af familierne, der får et tilkøbt § 11.3-forløb",
            "%",
        ),
    )
    course_share_reduced: Decimal = field(
        default=Decimal("0"),
        metadata=_m(
            "Andel med tilkøbt § 11.3-forløb (reduceret sagsstamme)",
            "Scenarie 2: koordinatoren varetager selv forløbene, så intet tilkøbes",
            "%",
        ),
    )
    case_complaint_counsellor_hours: Decimal = field(
        default=Decimal("1"),
        metadata=_m(
            "Klage over sagsbehandling: rådgivers timer",
            "Rådgiverens timer pr. klage over sagsbehandlingen",
            "timer",
        ),
    )
    case_complaint_leader_hours: Decimal = field(
        default=Decimal("5"),
        metadata=_m(
            "Klage over sagsbehandling: leders timer",
            "Lederens timer pr. klage over sagsbehandlingen",
            "timer",
        ),
    )
    case_complaint_cost: Decimal = field(
        default=Decimal("2125"),
        metadata=_m(
            "Udgift pr. klage over sagsbehandling",
            "Udgiften pr. klage over sagsbehandlingen, som rapporten regner med (2.125 kr.)",
        ),
    )
    case_complaint_share_normal: Decimal = field(
        default=Decimal("15"),
        metadata=_m(
            "Andel med klage over sagsbehandling (normal sagsstamme)",
            "Scenarie 1: andel af sagerne med en klage over sagsbehandlingen",
            "%",
        ),
    )
    case_complaint_share_reduced: Decimal = field(
        default=Decimal("5"),
        metadata=_m(
            "Andel med klage over sagsbehandling (reduceret sagsstamme)",
            "Scenarie 2: andel af sagerne med en klage over sagsbehandlingen",
            "%",
        ),
    )
    decision_complaint_counsellor_hours: Decimal = field(
        default=Decimal("10"),
        metadata=_m(
            "Klage over afgørelse: rådgivers timer",
            "Rådgiverens timer pr. klage over en afgørelse",
            "timer",
        ),
    )
    decision_complaint_lawyer_hours: Decimal = field(
        default=Decimal("15"),
        metadata=_m(
            "Klage over afgørelse: jurists timer",
            "Juristens timer pr. klage over en afgørelse",
            "timer",
        ),
    )
    decision_complaint_leader_hours: Decimal = field(
        default=Decimal("5"),
        metadata=_m(
            "Klage over afgørelse: leders timer",
            "Lederens timer pr. klage over en afgørelse",
            "timer",
        ),
    )
    decision_complaint_cost: Decimal = field(
        default=Decimal("9550"),
        metadata=_m(
            "Udgift pr. klage over afgørelse",
            "Udgiften pr. klage over en afgørelse, som rapporten regner med (trykt 9.550 kr.)",
        ),
    )
    decision_complaint_share_normal: Decimal = field(
        default=Decimal("15"),
        metadata=_m(
            "Andel med klage over afgørelse (normal sagsstamme)",
            "Scenarie 1: andel af sagerne med en klage over en afgørelse",
            "%",
        ),
    )
    decision_complaint_share_reduced: Decimal = field(
        default=Decimal("10"),
        metadata=_m(
            "Andel med klage over afgørelse (reduceret sagsstamme)",
            "Scenarie 2: andel af sagerne med en klage over en afgørelse",
            "%",
        ),
    )
    # --- Day-care scenario (per year) ---
    full_time_hours: Decimal = field(
        default=Decimal("37"),
        metadata=_m(
            "Fuld tid", "Timer pr. uge, som den fulde erstatning svarer til", "timer/uge", "daycare"
        ),
    )
    full_time_lost_earnings: Decimal = field(
        default=Decimal("360000"),
        metadata=_m(
            "Tabt arbejdsfortjeneste på fuld tid pr. år",
            "Erstatning for tabt arbejdsfortjeneste pr. år ved fuld tid (30.000 kr. pr. måned)",
            "kr.",
            "daycare",
        ),
    )
    refund_percent: Decimal = field(
        default=Decimal("50"),
        metadata=_m(
            "Statsrefusion af tabt arbejdsfortjeneste",
            "Den andel af tabt arbejdsfortjeneste, kommunen får refunderet af staten",
            "%",
            "daycare",
        ),
    )
    home_lost_earnings_hours: Decimal = field(
        default=Decimal("37"),
        metadata=_m(
            "Hjemmepasning: timer med tabt arbejdsfortjeneste",
            "Scenarie 1: mor passer barnet hjemme og får erstatning for så mange timer pr. uge",
            "timer/uge",
            "daycare",
        ),
    )
    respite_days: Decimal = field(
        default=Decimal("91"),
        metadata=_m(
            "Hjemmepasning: ekstra aflastning",
            "Scenarie 1: døgn ekstra aflastning om året, fordi barnet er hjemme hele døgnet",
            "døgn/år",
            "daycare",
        ),
    )
    respite_day_cost: Decimal = field(
        default=Decimal("3430"),
        metadata=_m(
            "Pris pr. aflastningsdøgn",
            "Udgift pr. døgn aflastning (312.130 kr. / 91)",
            "kr.",
            "daycare",
        ),
    )
    therapy_hour_rate: Decimal = field(
        default=Decimal("300"),
        metadata=_m(
            "Timetakst for tale-/høre-, ergo- og fysioterapeut",
            "Timetakst for de tre faggrupper",
            "kr./time",
            "daycare",
        ),
    )
    weeks_per_year: Decimal = field(
        default=Decimal("52"),
        metadata=_m("Uger pr. år", "Uger med ugentlig bistand", "uger", "daycare"),
    )
    speech_hours: Decimal = field(
        default=Decimal("1"),
        metadata=_m("Hjemmepasning: tale-/hørekonsulent", "Timer pr. uge", "timer/uge", "daycare"),
    )
    occupational_hours: Decimal = field(
        default=Decimal("2"),
        metadata=_m("Hjemmepasning: ergoterapeut", "Timer pr. uge", "timer/uge", "daycare"),
    )
    physio_hours: Decimal = field(
        default=Decimal("1"),
        metadata=_m("Hjemmepasning: fysioterapeut", "Timer pr. uge", "timer/uge", "daycare"),
    )
    daycare_place_cost: Decimal = field(
        default=Decimal("650000"),
        metadata=_m(
            "Plads i specialiseret dagtilbud inkl. kørsel pr. år",
            "Scenarie 2: taksten for pladsen; terapi er indeholdt i den",
            "kr.",
            "daycare",
        ),
    )
    daycare_lost_earnings_hours: Decimal = field(
        default=Decimal("12"),
        metadata=_m(
            "Specialiseret dagtilbud: timer med tabt arbejdsfortjeneste",
            "Scenarie 2: timer pr. uge, som mor stadig får erstatning for",
            "timer/uge",
            "daycare",
        ),
    )
    job_hours: Decimal = field(
        default=Decimal("25"),
        metadata=_m(
            "Specialiseret dagtilbud: mors arbejdstimer",
            "Scenarie 2: timer pr. uge, mor arbejder (lønnen som fuld tid forholdsmæssigt)",
            "timer/uge",
            "daycare",
        ),
    )
    tax_percent: Decimal = field(
        default=Decimal("25"),
        metadata=_m(
            "Skatteindtægt af mors arbejde",
            "Den andel af mors løn, som kommunen får i skat",
            "%",
            "daycare",
        ),
    )


PARAMETER_NAMES = tuple(f.name for f in fields(Parameters))
PERCENT = {"%"}
POSITIVE = {"full_time_hours"}  # divided by


@dataclass(frozen=True)
class ParameterInfo:
    name: str
    label: str
    meaning: str
    unit: str
    group: str
    default: Decimal


def parameter_info() -> list[ParameterInfo]:
    return [
        ParameterInfo(
            f.name,
            f.metadata["label"],
            f.metadata["meaning"],
            f.metadata["unit"],
            f.metadata["group"],
            f.default,
        )
        for f in fields(Parameters)
    ]


# --- Input ------------------------------------------------------------------------------------

_DANISH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parse_number(raw: str) -> Decimal:
    """A number as a Dane or a machine writes it: "1.102,20", "1102,20", "1102.20", "7,3".

    A comma is the decimal mark; dots before it group thousands. Without a comma a single dot
    is a decimal point ("7.3"), and several dots group thousands ("1.000.000").
    Raises ValueError with a Danish message.
    """
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        raise ValueError("Skriv et tal.")
    if "," in text:
        if text.count(",") > 1 or ("." in text and not _DANISH_THOUSANDS.match(text)):
            raise ValueError(f"»{raw}« er ikke et tal. Skriv f.eks. 1.102,20 eller 1102.20.")
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1:
        if not _DANISH_THOUSANDS.match(text):
            raise ValueError(f"»{raw}« er ikke et tal. Skriv f.eks. 1.102,20 eller 1102.20.")
        text = text.replace(".", "")
    if not _NUMBER.match(text):
        raise ValueError(f"»{raw}« er ikke et tal. Skriv f.eks. 1.102,20 eller 1102.20.")
    try:
        return Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern above already checks
        raise ValueError(f"»{raw}« er ikke et tal.") from error


def check_value(name: str, value: Decimal) -> None:
    """The range a parameter may take; ValueError with a Danish message."""
    info = {f.name: f for f in fields(Parameters)}[name]
    if value < 0:
        raise ValueError("Værdien må ikke være negativ.")
    if info.metadata["unit"] in PERCENT and value > HUNDRED:
        raise ValueError("En procentsats kan højst være 100.")
    if name in POSITIVE and value == 0:
        raise ValueError("Værdien skal være større end 0.")
    if value > Decimal("1e12"):
        raise ValueError("Værdien er for stor.")


def parameters_from(values: dict[str, str]) -> tuple[Parameters, dict[str, str]]:
    """Parameters from text values (missing or empty: the default) and the errors per name."""
    changes: dict[str, Decimal] = {}
    errors: dict[str, str] = {}
    for name, raw in values.items():
        if name not in PARAMETER_NAMES:
            errors[name] = f"Ukendt parameter: {name}."
            continue
        if raw is None or str(raw).strip() == "":
            continue
        try:
            value = parse_number(str(raw))
            check_value(name, value)
        except ValueError as error:
            errors[name] = str(error)
            continue
        changes[name] = value
    return replace(Parameters(), **changes), errors


# --- The tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    how: str  # how the line is made, in Danish ("15 % × 2.125,00 kr.")
    yearly: Decimal
    monthly: Decimal | None = None


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    lines: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.yearly for line in self.lines), Decimal("0"))


@dataclass(frozen=True)
class Comparison:
    key: str
    title: str
    unit: str
    first: Scenario
    second: Scenario

    @property
    def difference(self) -> Decimal:
        return self.second.total - self.first.total

    @property
    def scenarios(self) -> tuple[Scenario, Scenario]:
        return (self.first, self.second)


def kr(value: Decimal, places: int = 2) -> str:
    """Danish number format: 16.777,65 (places 0: 554.530)."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{abs(rounded):,.{places}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"-{text}" if rounded < 0 else text


def number(value: Decimal) -> str:
    """A parameter as a Dane writes it, without needless decimals: 7,3 · 1.102,2 · 18.000."""
    normal = value.normalize()
    places = max(-normal.as_tuple().exponent, 0)
    return kr(value, places)


def _ore(value: Decimal) -> Decimal:
    return value.quantize(ORE, ROUND_HALF_UP)


def _krone(value: Decimal) -> Decimal:
    return value.quantize(KRONE, ROUND_HALF_UP)


def _share(percent: Decimal) -> Decimal:
    return percent / HUNDRED


def _caseload_scenario(p: Parameters, *, reduced: bool) -> Scenario:
    suffix = "reduced" if reduced else "normal"
    hours = p.hours_reduced if reduced else p.hours_normal
    monthly = getattr(p, f"monthly_cost_{suffix}")
    course_share = getattr(p, f"course_share_{suffix}")
    case_share = getattr(p, f"case_complaint_share_{suffix}")
    decision_share = getattr(p, f"decision_complaint_share_{suffix}")
    lines = (
        Line(
            "counsellor",
            f"Rådgivers timeforbrug, {number(hours)} timer pr. familie pr. måned",
            f"{kr(monthly)} kr. pr. måned × {number(p.months_per_year)} måneder",
            _ore(monthly * p.months_per_year),
            monthly,
        ),
        Line(
            "courses",
            "Udgift til tilkøbte § 11.3-forløb",
            f"{number(course_share)} % × {kr(p.course_price)} kr.",
            _ore(_share(course_share) * p.course_price),
        ),
        Line(
            "case_complaints",
            "Klagesagsbehandling (klager over sagsbehandling) – rådgiver og leder",
            f"{number(case_share)} % × {kr(p.case_complaint_cost)} kr. pr. klage",
            _ore(_share(case_share) * p.case_complaint_cost),
        ),
        Line(
            "decision_complaints",
            "Klagesagsbehandling (klager over afgørelser) – rådgiver, jurist og leder",
            f"{number(decision_share)} % × {kr(p.decision_complaint_cost)} kr. pr. klage",
            _ore(_share(decision_share) * p.decision_complaint_cost),
        ),
    )
    if reduced:
        title = "Scenarie 2: rådgiver har reduceret sagsstamme (22 sager) og varetager selv § 11.3-forløb"
    else:
        title = "Scenarie 1: rådgiver har en normal sagsstamme (40 sager)"
    return Scenario(f"caseload_{suffix}", title, lines)


def caseload_scenarios(p: Parameters | None = None) -> Comparison:
    """Scenario 1 (normal caseload) against scenario 2 (KOS: reduced caseload), per family
    per year."""
    p = p or Parameters()
    return Comparison(
        "caseload",
        "Sagsstamme: udgift pr. familie pr. år",
        "kr. pr. familie pr. år",
        _caseload_scenario(p, reduced=False),
        _caseload_scenario(p, reduced=True),
    )


def daycare_scenarios(p: Parameters | None = None) -> Comparison:
    """Scenario 1 (the child at home) against scenario 2 (a place in specialised day care),
    the municipality's expenditure per year."""
    p = p or Parameters()
    hourly = p.full_time_lost_earnings / p.full_time_hours  # a year's pay for one hour a week
    home_lost = hourly * p.home_lost_earnings_hours
    refund = _share(p.refund_percent)
    therapy = p.therapy_hour_rate * p.weeks_per_year

    def therapy_line(key, label, hours):
        return Line(
            key,
            f"{label} {number(hours)} time{'r' if hours != 1 else ''} ugentligt",
            f"{number(hours)} t × {kr(p.therapy_hour_rate)} kr. × {number(p.weeks_per_year)} uger",
            _krone(hours * therapy),
        )

    lost_how = (
        f"{kr(p.full_time_lost_earnings, 0)} kr. × {{hours}} / {number(p.full_time_hours)} timer"
    )
    home = Scenario(
        "daycare_home",
        "Scenarie 1: barnet passes i hjemmet",
        (
            Line(
                "lost_earnings",
                f"Erstatning for tabt arbejdsfortjeneste {number(p.home_lost_earnings_hours)} timer ugentligt",
                lost_how.format(hours=number(p.home_lost_earnings_hours)),
                _krone(home_lost),
            ),
            Line(
                "refund",
                f"Refusion for tabt arbejdsfortjeneste ({number(p.refund_percent)} %)",
                f"-{number(p.refund_percent)} % × tabt arbejdsfortjeneste",
                -_krone(home_lost * refund),
            ),
            Line(
                "respite",
                f"Ekstra aflastning {number(p.respite_days)} døgn årligt",
                f"{number(p.respite_days)} døgn × {kr(p.respite_day_cost)} kr.",
                _krone(p.respite_days * p.respite_day_cost),
            ),
            therapy_line("speech", "Tale-/hørekonsulentbistand", p.speech_hours),
            therapy_line("occupational", "Ergoterapeutbistand", p.occupational_hours),
            therapy_line("physio", "Fysioterapeutbistand", p.physio_hours),
        ),
    )
    day_lost = hourly * p.daycare_lost_earnings_hours
    wage = hourly * p.job_hours
    daycare = Scenario(
        "daycare_place",
        "Scenarie 2: barnet har plads i et specialiseret dagtilbud",
        (
            Line(
                "place",
                "Plads i specialiseret dagtilbud inkl. kørsel",
                "Taksten pr. år (terapi er indeholdt)",
                _krone(p.daycare_place_cost),
            ),
            Line(
                "lost_earnings",
                f"Erstatning for tabt arbejdsfortjeneste {number(p.daycare_lost_earnings_hours)} timer ugentligt",
                lost_how.format(hours=number(p.daycare_lost_earnings_hours)),
                _krone(day_lost),
            ),
            Line(
                "refund",
                f"Refusion for tabt arbejdsfortjeneste ({number(p.refund_percent)} %)",
                f"-{number(p.refund_percent)} % × tabt arbejdsfortjeneste",
                -_krone(day_lost * refund),
            ),
            Line(
                "tax",
                f"Skatteindtægter af mors arbejde {number(p.job_hours)} timer ugentligt "
                f"({number(p.tax_percent)} %)",
                f"-{number(p.tax_percent)} % × {kr(p.full_time_lost_earnings, 0)} kr. × "
                f"{number(p.job_hours)} / {number(p.full_time_hours)} timer",
                -_krone(wage * _share(p.tax_percent)),
            ),
        ),
    )
    return Comparison(
        "daycare",
        "Specialiseret dagtilbud: kommunens udgift pr. år",
        "kr. pr. år",
        home,
        daycare,
    )


@dataclass(frozen=True)
class Breakdown:
    """A parameter whose printed default can be computed from hours × rates."""

    name: str
    label: str
    printed: Decimal  # the parameter's value in use
    computed: Decimal
    how: str

    @property
    def differs(self) -> bool:
        return self.printed != self.computed


def breakdowns(p: Parameters | None = None) -> dict[str, Breakdown]:
    """The per-complaint costs and the monthly counsellor costs from hours × rates."""
    p = p or Parameters()
    info = {f.name: f.metadata["label"] for f in fields(Parameters)}
    rate = kr(p.counsellor_rate)

    def monthly(name, hours):
        in_use = getattr(p, name)
        per_hour = _ore(in_use / hours) if hours else Decimal("0")
        how = f"{number(hours)} t × {rate} kr. = {kr(_ore(hours * p.counsellor_rate))} kr."
        if hours and per_hour != p.counsellor_rate:
            how += f" (den brugte værdi svarer til {kr(per_hour)} kr. pr. time)"
        return Breakdown(name, info[name], in_use, _ore(hours * p.counsellor_rate), how)

    case_parts = [
        (p.case_complaint_counsellor_hours, p.counsellor_rate, "rådgiver"),
        (p.case_complaint_leader_hours, p.leader_rate, "leder"),
    ]
    decision_parts = [
        (p.decision_complaint_counsellor_hours, p.counsellor_rate, "rådgiver"),
        (p.decision_complaint_lawyer_hours, p.lawyer_rate, "jurist"),
        (p.decision_complaint_leader_hours, p.leader_rate, "leder"),
    ]

    def complaint(name, parts):
        total = _ore(sum((h * r for h, r, _ in parts), Decimal("0")))
        how = " + ".join(
            f"{role} {number(h)} t × {kr(r)} kr. = {kr(_ore(h * r))} kr." for h, r, role in parts
        )
        return Breakdown(name, info[name], getattr(p, name), total, f"{how}; i alt {kr(total)} kr.")

    return {
        b.name: b
        for b in (
            monthly("monthly_cost_normal", p.hours_normal),
            monthly("monthly_cost_reduced", p.hours_reduced),
            complaint("case_complaint_cost", case_parts),
            complaint("decision_complaint_cost", decision_parts),
        )
    }


def as_json(p: Parameters | None = None) -> dict:
    """Both scenarios, every line and total, the parameters used and the breakdowns."""
    p = p or Parameters()

    def scenario(s: Scenario) -> dict:
        return {
            "title": s.title,
            "lines": [
                {
                    "key": line.key,
                    "label": line.label,
                    "how": line.how,
                    **({"monthly": float(line.monthly)} if line.monthly is not None else {}),
                    "yearly": float(line.yearly),
                }
                for line in s.lines
            ],
            "total": float(s.total),
        }

    def comparison(c: Comparison) -> dict:
        return {
            "title": c.title,
            "unit": c.unit,
            "scenario_1": scenario(c.first),
            "scenario_2": scenario(c.second),
            "difference": float(c.difference),
        }

    return {
        "parameters": {name: float(value) for name, value in asdict(p).items()},
        "caseload": comparison(caseload_scenarios(p)),
        "daycare": comparison(daycare_scenarios(p)),
        "computed_alternatives": {
            name: {"in_use": float(b.printed), "computed": float(b.computed), "how": b.how}
            for name, b in breakdowns(p).items()
        },
    }
