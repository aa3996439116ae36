"""Reading one line of the import file into a Row, with every problem in it at once.

Nothing here writes: cell formats, CPR numbers, dates, the municipality (one the centre
serves), the coordinator (an active one of the centre) and what the status demands are
checked before the line's savepoint is opened.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indgang.core.cpr import parse_cpr
from indgang.core.validators import validate_postcode
from indgang.families.models import Case, Family
from indgang.golive import columns as c
from indgang.organisation.models import Role, User


class LineRefused(Exception):
    """The line is refused; ``family_id``: an existing family of the centre the messages name
    (so a report that shows its name logs the look)."""

    def __init__(self, messages, family_id: int | None = None):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]
        self.family_id = family_id


@dataclass
class Parent:
    index: int
    cpr: str | None
    first_name: str
    last_name: str
    email: str
    phone: str
    has_custody: bool | None

    @property
    def label(self) -> str:
        return _("Forælder %(n)s") % {"n": self.index}


@dataclass
class Row:
    key: str
    name: str
    municipality: object
    address: str
    postcode: str
    city: str
    language: str
    interpreter_needed: bool | None
    preferred_contact: str | None
    child_cpr: str
    child_born: date
    child_first: str
    child_last: str
    parents: list[Parent]
    status: str
    referred_on: date
    referral_source: str
    coordinator: User | None
    assessed_on: date | None
    judged_by: str
    several_interventions_expected: bool | None
    significant_daily_life_effect: bool | None
    consent_on: date | None
    enrolled_on: date | None
    prior_case_months: int | None
    discharged_on: date | None
    discharge_reason: str | None


class Context:
    def __init__(self, *, by, centre):
        self.by = by
        self.centre = centre
        self.municipalities = {m.code: m for m in centre.municipalities.all()}
        self.coordinators = list(
            User.objects.filter(centre=centre, role=Role.COORDINATOR, is_active=True)
        )
        self.children_seen: dict[str, int] = {}
        self.keys_seen: dict[str, int] = {}


# --- Reading one line ---------------------------------------------------------------


def _cpr(value, who: str, errors: list) -> tuple[str | None, date | None]:
    raw = c.cpr_text(value)
    if not raw:
        return None, None
    try:
        return parse_cpr(raw)
    except ValidationError as error:
        if error.code == "cpr_date":
            errors.append(
                _("%(who)s: ugyldigt CPR-nummer (de første seks cifre er ikke en dato).")
                % {"who": who}
            )
        else:
            errors.append(
                _("%(who)s: ugyldigt CPR-nummer (skal være 10 cifre, DDMMÅÅ-XXXX).") % {"who": who}
            )
        return None, None


def parse_line(ctx: Context, values: dict, number: int) -> Row:
    errors: list[str] = []

    def cell(name: str, parse=None, **kw):
        value = values.get(name)
        if parse is None:
            return c.text(value)
        try:
            return parse(value, **kw)
        except c.CellError as error:
            errors.append(_("Ugyldig værdi i %(col)s: %(e)s") % {"col": name, "e": error})
            return None

    name = cell("familie")
    if not name:
        errors.append(_("Familiens navn mangler (familie)."))
    code = cell("kommunekode")
    municipality = ctx.municipalities.get(code)
    if municipality is None:
        errors.append(
            _("Ukendt kommunekode «%(code)s»: centret %(centre)s dækker %(codes)s.")
            % {
                "code": c.shown(code, 10),
                "centre": ctx.centre.name,
                "codes": ", ".join(sorted(ctx.municipalities)) or "-",
            }
        )
    centre_name = cell("center")
    if centre_name and centre_name.casefold() != ctx.centre.name.casefold():
        errors.append(
            _("Linjen hører til et andet center («%(other)s»); importen gælder %(centre)s.")
            % {"other": c.shown(centre_name, 60), "centre": ctx.centre.name}
        )
    postcode = cell("postnummer")
    if postcode:
        try:
            validate_postcode(postcode)
        except ValidationError as error:
            errors.extend(error.messages)

    child_cpr, child_born = _cpr(values.get("barn_cpr"), _("Barnet"), errors)
    if not c.cpr_text(values.get("barn_cpr")):
        errors.append(_("Barnets CPR-nummer mangler (barn_cpr); familien genkendes på det."))
    child_first, child_last = cell("barn_fornavn"), cell("barn_efternavn")
    if not child_first or not child_last:
        errors.append(_("Barnets fornavn og efternavn skal udfyldes."))

    parents = []
    for n in (1, 2):
        prefix = f"forælder{n}_"
        if not any(c.text(values.get(prefix + f)) for f in c.PARENT_FIELDS):
            continue
        label = _("Forælder %(n)s") % {"n": n}
        cpr, _born = _cpr(values.get(prefix + "cpr"), label, errors)
        first, last = cell(prefix + "fornavn"), cell(prefix + "efternavn")
        if not first or not last:
            errors.append(_("%(who)s: fornavn og efternavn skal udfyldes.") % {"who": label})
        parents.append(
            Parent(
                index=n,
                cpr=cpr,
                first_name=first,
                last_name=last,
                email=cell(prefix + "email"),
                phone=cell(prefix + "telefon"),
                has_custody=cell(prefix + "forældremyndighed", c.parse_bool, default=None),
            )
        )
    if child_cpr and any(p.cpr == child_cpr for p in parents):
        errors.append(_("Barnet og en forælder har samme CPR-nummer."))
    if len(parents) == 2 and parents[0].cpr and parents[0].cpr == parents[1].cpr:
        errors.append(_("De to forældre har samme CPR-nummer."))

    status = cell(
        "status",
        c.choice,
        choices=Case.Status.choices,
        extra={"vurderet": Case.Status.ELIGIBILITY_ASSESSED, "samtykke": Case.Status.CONSENT_GIVEN},
    )
    if status is None and not any("status" in e for e in errors):
        errors.append(_("Status mangler (status)."))
    dates = {
        col: cell(col, c.parse_date)
        for col in (
            "henvist_dato",
            "vurderet_dato",
            "samtykke_dato",
            "indskrevet_dato",
            "udskrevet_dato",
        )
    }
    if dates["henvist_dato"] is None and not values.get("henvist_dato"):
        errors.append(_("Henvisningsdatoen mangler (henvist_dato)."))
    coordinator = None
    wanted = cell("koordinator")
    if wanted:
        coordinator = _coordinator(ctx, wanted, errors)
    reason = cell("udskrivningsårsag", c.choice, choices=Case.DischargeReason.choices)
    if status == Case.Status.ENROLLED or (
        status == Case.Status.DISCHARGED and dates["indskrevet_dato"]
    ):
        if not dates["indskrevet_dato"] and not values.get("indskrevet_dato"):
            errors.append(_("Indskrivningsdatoen mangler (kræves ved status Indskrevet)."))
        if not wanted:
            errors.append(_("Koordinatoren mangler (kræves ved status Indskrevet)."))
    not_enrolled = status and status not in (Case.Status.ENROLLED, Case.Status.DISCHARGED)
    if not_enrolled and dates["indskrevet_dato"]:
        errors.append(_("Indskrivningsdatoen er udfyldt, men status er ikke Indskrevet."))
    if status == Case.Status.DISCHARGED:
        if not dates["udskrevet_dato"] and not values.get("udskrevet_dato"):
            errors.append(_("Udskrivningsdatoen mangler (kræves ved status Udskrevet)."))
        if not reason and not c.text(values.get("udskrivningsårsag")):
            errors.append(_("Udskrivningsårsagen mangler (kræves ved status Udskrevet)."))
    elif status and (dates["udskrevet_dato"] or reason):
        errors.append(_("Udskrivningen er udfyldt, men status er ikke Udskrevet."))

    if child_cpr:
        if child_cpr in ctx.children_seen:
            errors.append(
                _("Dublet: barnet står også på linje %(n)s.") % {"n": ctx.children_seen[child_cpr]}
            )
        else:
            ctx.children_seen[child_cpr] = number
    key = cell("ekstern_nøgle")[:100]
    if key:
        if key in ctx.keys_seen:
            errors.append(
                _("Dublet: den eksterne nøgle står også på linje %(n)s.")
                % {"n": ctx.keys_seen[key]}
            )
        else:
            ctx.keys_seen[key] = number

    row = Row(
        key=key,
        name=name[:200],
        municipality=municipality,
        address=cell("adresse"),
        postcode=postcode,
        city=cell("by"),
        language=cell("sprog"),
        interpreter_needed=cell("tolk", c.parse_bool, default=None),
        preferred_contact=cell("kontaktform", c.choice, choices=Family.ContactForm.choices),
        child_cpr=child_cpr or "",
        child_born=child_born,
        child_first=child_first,
        child_last=child_last,
        parents=parents,
        status=status,
        referred_on=dates["henvist_dato"],
        referral_source=cell("henvist_af"),
        coordinator=coordinator,
        assessed_on=dates["vurderet_dato"],
        judged_by=cell("vurderet_af"),
        several_interventions_expected=cell("flere_indsatser", c.parse_bool, default=None),
        significant_daily_life_effect=cell("betydelig_påvirkning", c.parse_bool, default=None),
        consent_on=dates["samtykke_dato"],
        enrolled_on=dates["indskrevet_dato"],
        prior_case_months=cell("forudgående_sagslængde", c.parse_int),
        discharged_on=dates["udskrevet_dato"],
        discharge_reason=reason,
    )
    if errors:
        raise LineRefused(errors)
    return row


def _coordinator(ctx: Context, wanted: str, errors: list) -> User | None:
    folded = wanted.casefold()
    found = [u for u in ctx.coordinators if u.username.casefold() == folded]
    if not found:
        found = [u for u in ctx.coordinators if u.email and u.email.casefold() == folded]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        errors.append(
            _("Flere koordinatorer har e-mailen «%(w)s»; brug brugernavnet.")
            % {"w": c.shown(wanted, 60)}
        )
    else:
        # Another centre's coordinator answers like an unknown one.
        errors.append(
            _(
                "Ukendt koordinator «%(w)s»: ingen aktiv familiekoordinator i %(centre)s "
                "har det brugernavn eller den e-mail."
            )
            % {"w": c.shown(wanted, 60), "centre": ctx.centre.name}
        )
    return None
