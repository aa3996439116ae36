"""Decision letters as PDF in plain Danish, from the editable templates (WeasyPrint)."""

from pathlib import Path

from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import formats

from indgang.interventions.models import Decision, InterventionSetting
from indgang.interventions.selectors import letter_template_for

STYLESHEET = Path(__file__).parent / "templates" / "interventions" / "letter.css"


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"The decision letter loads no external resources: {url}")


def _recipient(family) -> str:
    parents = [m for m in family.members.all() if m.relation in ("parent", "guardian")]
    return " og ".join(p.full_name for p in parents) or family.name


def letter_text(decision: Decision, *, coordinator=None) -> str:
    """The letter's text: the template rendered with this decision (plain text, not HTML)."""
    template = letter_template_for(decision)
    if template is None:
        raise LookupError("Der er ingen aktiv brevskabelon til denne afgørelse.")
    application = decision.application
    setting = InterventionSetting.objects.filter(
        municipality_id=decision.municipality_id, intervention_type_id=decision.intervention_type_id
    ).first()
    context = {
        "recipient": _recipient(decision.family),
        "family": decision.family,
        "person": application.person,
        "application": application,
        "decision": decision,
        "intervention": decision.intervention_type,
        "legal_basis": decision.legal_basis,
        "municipality": decision.municipality.name,
        "decided_by": decision.decided_by.get_full_name() or decision.decided_by.username,
        "coordinator": coordinator,
        "amount": formats.number_format(
            decision.amount_per_month or 0, 2, use_l10n=True, force_grouping=True
        ),
        "units": formats.number_format(decision.units_per_month or 0, use_l10n=True),
        "unit": setting.get_unit_display() if setting else decision.get_unit_display(),
    }
    return Template(template.body).render(Context(context, autoescape=False)).strip()


def decision_letter_pdf(decision: Decision, *, coordinator=None) -> bytes:
    from weasyprint import CSS, HTML  # imported on use: it is slow to load

    html = render_to_string(
        "interventions/letter.html",
        {"decision": decision, "text": letter_text(decision, coordinator=coordinator)},
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))]
    )
