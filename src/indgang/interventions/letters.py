"""Decision letters as PDF in plain Danish, from the municipality's editable templates.

A template is plain text with named placeholders such as ``{modtager}``. The letter is made by
replacing each known placeholder with a plain string that `letter_values` prepares from the
decision. Nothing a user types reaches Django's template engine or ``str.format`` (both can
walk attributes from one object to the next, and so from a decision to every family's CPR
numbers): there is no attribute access, no tags and no filters, and ``{{ … }}`` or ``{% … %}``
is refused when saved and left as literal text if it is ever met in a stored body.
"""

import re
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import formats

from indgang.interventions.models import Decision, InterventionSetting
from indgang.interventions.selectors import letter_template_for

STYLESHEET = Path(__file__).parent / "templates" / "interventions" / "letter.css"

# name: what it is replaced with (shown to the editor next to the text field)
PLACEHOLDERS: dict[str, str] = {
    "modtager": "Forældrenes navne (ellers familiens navn)",
    "barn": "Barnets fornavn (tom, hvis ansøgningen ikke gælder et barn)",
    "ansoegning": "»jeres ansøgning om …« eller »sagen om …« med indsats og barn",
    "indsats": "Indsatsens navn, f.eks. merudgifter",
    "modtaget": "Datoen ansøgningen blev modtaget, f.eks. 2. marts 2026",
    "afgoerelse": "Afgørelsen: bevilget, delvist bevilget eller afslag",
    "dato": "Afgørelsens dato",
    "periode_fra": "Bevilget fra (dato)",
    "periode_til": "Bevilget til og med (dato, tom hvis ikke tidsbegrænset)",
    "periode": "»fra den … til og med den …« (eller kun »fra den …«)",
    "beloeb": "Beløb pr. måned, f.eks. 2.000,00 (tom hvis intet beløb)",
    "enheder": "Antal enheder pr. måned (tom hvis ingen)",
    "enhed": "Enheden, f.eks. time eller døgn",
    "omfang": "Sætningen om beløb eller enheder pr. måned (tom hvis ingen)",
    "genvurdering": "Sætningen om at bevillingen ses på igen før den udløber (tom hvis ikke)",
    "begrundelse": "Begrundelsen for afgørelsen",
    "lovgrundlag": "Hjemmel, f.eks. Barnets lov § 86",
    "klagevejledning": "Klagevejledningen",
    "koordinator": "Familiekoordinatorens navn (tom hvis ingen)",
    "kontakt": "»jeres familiekoordinator … på telefon …« (ellers »os«)",
    "afgjort_af": "Navnet på den, der traf afgørelsen",
    "kommune": "Kommunens navn",
}

# A placeholder as the renderer replaces it; only names in PLACEHOLDERS are replaced.
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
# Anything in single braces, for naming unknown placeholders when a template is saved.
BRACED_RE = re.compile(r"\{([^{}\n]{0,60})\}")
ENGINE_SYNTAX_RE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")

LETTER_HEAD = """Kære {modtager}

Vi har behandlet {ansoegning}, som vi modtog den {modtaget}.
"""

LETTER_FOOT = """
Vi har truffet afgørelsen efter {lovgrundlag}.

Sådan klager I
{klagevejledning}

Har I spørgsmål, er I velkomne til at kontakte {kontakt}.

Med venlig hilsen
{afgjort_af}
{kommune} Kommune"""

# (name, outcome, body): the letters a municipality starts with.
DEFAULT_LETTERS = [
    (
        "Bevilling",
        "granted",
        LETTER_HEAD
        + """
Afgørelse: I får det, I har søgt om.
Vi bevilger {indsats} {periode}. {omfang} {genvurdering}

Derfor
{begrundelse}
"""
        + LETTER_FOOT,
    ),
    (
        "Delvis bevilling",
        "partly",
        LETTER_HEAD
        + """
Afgørelse: I får en del af det, I har søgt om.
Vi bevilger {indsats} {periode}. {omfang}

Derfor får I ikke det hele
{begrundelse}
"""
        + LETTER_FOOT,
    ),
    (
        "Afslag",
        "refused",
        LETTER_HEAD
        + """
Afgørelse: I får desværre ikke det, I har søgt om.

Derfor
{begrundelse}
"""
        + LETTER_FOOT,
    ),
]


def placeholder_help() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def letter_body_errors(body: str) -> list[str]:
    """What is wrong with a template text, in Danish; empty when it may be saved."""
    errors = []
    if ENGINE_SYNTAX_RE.search(body):
        errors.append(
            "Brevteksten må ikke indeholde skabelonkode som {{ … }} eller {% … %}. "
            "Brug de navngivne felter i enkelte krøllede parenteser, f.eks. {modtager}."
        )
    unknown = []
    for match in BRACED_RE.finditer(ENGINE_SYNTAX_RE.sub("", body)):
        name = match[1]
        if name not in PLACEHOLDERS and f"{{{name}}}" not in unknown:
            unknown.append(f"{{{name}}}")
    if unknown:
        errors.append(
            f"Ukendt felt: {', '.join(unknown)}. "
            f"Brevteksten kan kun bruge disse felter: {placeholder_help()}."
        )
    return errors


def fill_placeholders(body: str, values: dict[str, str]) -> str:
    """Replace each known ``{name}`` with its plain value, once; everything else stays literal."""

    def replace(match: re.Match) -> str:
        name = match[1]
        if name in PLACEHOLDERS and name in values:
            return str(values[name])
        return match[0]

    text = PLACEHOLDER_RE.sub(replace, body)
    # Empty optional sentences leave trailing spaces and blank runs behind.
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _date(day) -> str:
    return formats.date_format(day, "j. F Y") if day else ""


def _number(value, decimals=None) -> str:
    if value is None:
        return ""
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def _mid_sentence(name: str) -> str:
    """'Merudgifter' -> 'merudgifter', but 'PPR-forløb' stays (an abbreviation)."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _recipient(family) -> str:
    parents = [m for m in family.members.all() if m.relation in ("parent", "guardian")]
    return " og ".join(p.full_name for p in parents) or family.name


def _staff_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def letter_values(decision: Decision, *, coordinator=None) -> dict[str, str]:
    """The plain strings a letter may contain; the only data a template can reach."""
    application = decision.application
    person = application.person
    intervention = _mid_sentence(decision.intervention_type.name)
    child = person.first_name if person else ""
    subject = (
        "jeres ansøgning" if application.started_by == "family" else "sagen"
    ) + f" om {intervention}"
    if child:
        subject += f" til {child}"
    setting = InterventionSetting.objects.filter(
        municipality_id=decision.municipality_id, intervention_type_id=decision.intervention_type_id
    ).first()
    unit = setting.get_unit_display() if setting else decision.get_unit_display()
    amount = _number(decision.amount_per_month, 2)
    units = _number(decision.units_per_month)
    scope = []
    if decision.amount_per_month:
        scope.append(f"Beløbet er {amount} kr. om måneden.")
    if decision.units_per_month:
        scope.append(f"I får {units} {unit} om måneden.")
    period = ""
    if decision.period_from:
        period = f"fra den {_date(decision.period_from)}"
        if decision.period_to:
            period += f" til og med den {_date(decision.period_to)}"
    review = ""
    if decision.is_grant and decision.period_to and decision.intervention_type.time_limited:
        review = (
            "Inden bevillingen slutter, ser vi på den igen sammen med jer. I skal ikke søge forfra."
        )
    coordinator_name = _staff_name(coordinator)
    contact = "os"
    if coordinator is not None:
        contact = f"jeres familiekoordinator {coordinator_name}"
        if getattr(coordinator, "phone", ""):
            contact += f" på telefon {coordinator.phone}"
    values = {
        "modtager": _recipient(decision.family),
        "barn": child,
        "ansoegning": subject,
        "indsats": intervention,
        "modtaget": _date(application.received_on),
        "afgoerelse": str(decision.get_outcome_display()).lower(),
        "dato": _date(decision.decided_on),
        "periode_fra": _date(decision.period_from),
        "periode_til": _date(decision.period_to),
        "periode": period,
        "beloeb": amount,
        "enheder": units,
        "enhed": str(unit),
        "omfang": " ".join(scope),
        "genvurdering": review,
        "begrundelse": decision.justification,
        "lovgrundlag": str(decision.legal_basis),
        "klagevejledning": decision.complaint_guidance,
        "koordinator": coordinator_name,
        "kontakt": contact,
        "afgjort_af": _staff_name(decision.decided_by),
        "kommune": decision.municipality.name,
    }
    return {name: str(value) for name, value in values.items()}


def letter_text(decision: Decision, *, coordinator=None) -> str:
    """The letter's text: the municipality's template filled with plain values."""
    template = letter_template_for(decision)
    if template is None:
        raise LookupError(
            f"{decision.municipality.name} Kommune har ingen aktiv brevskabelon til denne "
            "afgørelse. En leder kan oprette den under Brevskabeloner."
        )
    return fill_placeholders(template.body, letter_values(decision, coordinator=coordinator))


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"The decision letter loads no external resources: {url}")


def decision_letter_pdf(
    decision: Decision, *, coordinator=None, pdf_variant: str | None = None
) -> bytes:
    """The letter as PDF; ``pdf_variant="pdf/a-2b"`` makes it PDF/A for Digital Post and the
    journal (fonts embedded, XMP metadata, an sRGB output intent)."""
    from weasyprint import CSS, HTML  # imported on use: it is slow to load

    text = letter_text(decision, coordinator=coordinator)
    html = render_to_string(
        "interventions/letter.html",
        {
            "text": text,  # escaped and split into paragraphs by the (fixed) file template
            "municipality": decision.municipality.name,
            "decided_on": _date(decision.decided_on),
            "family_name": decision.family.name,
            "intervention": _mid_sentence(decision.intervention_type.name),
            "outcome": str(decision.get_outcome_display()).lower(),
        },
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))],
        pdf_variant=pdf_variant,
    )
