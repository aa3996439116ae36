"""Give every municipality its own copy of the national letter templates, in placeholders.

The standard letters of migration 0002 become the new standard letters; any other body has
its ``{{ variable }}`` expressions replaced by the matching placeholder (``{{ recipient }}``
becomes ``{modtager}``). A body that still holds template-engine code afterwards (tags such as
``{% if %}``, or a variable with no placeholder) is kept as text but taken out of use, so a
leader can rewrite it. Each copy keeps two versions: the old body, then the converted one.
With no municipality at all (a new database), the national rows are removed.
"""

import importlib
import re

from django.db import migrations
from django.utils import timezone

OLD = importlib.import_module("indgang.interventions.migrations.0002_seed_catalogue")

# Frozen copy of letters.DEFAULT_LETTERS as of this migration.
HEAD = """Kære {modtager}

Vi har behandlet {ansoegning}, som vi modtog den {modtaget}.
"""

FOOT = """
Vi har truffet afgørelsen efter {lovgrundlag}.

Sådan klager I
{klagevejledning}

Har I spørgsmål, er I velkomne til at kontakte {kontakt}.

Med venlig hilsen
{afgjort_af}
{kommune} Kommune"""

NEW_BODIES = {
    "granted": HEAD
    + """
Afgørelse: I får det, I har søgt om.
Vi bevilger {indsats} {periode}. {omfang} {genvurdering}

Derfor
{begrundelse}
"""
    + FOOT,
    "partly": HEAD
    + """
Afgørelse: I får en del af det, I har søgt om.
Vi bevilger {indsats} {periode}. {omfang}

Derfor får I ikke det hele
{begrundelse}
"""
    + FOOT,
    "refused": HEAD
    + """
Afgørelse: I får desværre ikke det, I har søgt om.

Derfor
{begrundelse}
"""
    + FOOT,
}

STANDARD = {body: outcome for _name, outcome, body in OLD.LETTERS}

VARIABLES = {
    "recipient": "modtager",
    "person.first_name": "barn",
    "intervention": "indsats",
    "intervention.name": "indsats",
    "application.received_on": "modtaget",
    "decision.decided_on": "dato",
    "decision.period_from": "periode_fra",
    "decision.period_to": "periode_til",
    "decision.justification": "begrundelse",
    "decision.get_outcome_display": "afgoerelse",
    "legal_basis": "lovgrundlag",
    "decision.legal_basis": "lovgrundlag",
    "decision.complaint_guidance": "klagevejledning",
    "coordinator": "koordinator",
    "decided_by": "afgjort_af",
    "municipality": "kommune",
    "amount": "beloeb",
    "units": "enheder",
    "unit": "enhed",
}
VARIABLE_RE = re.compile(r"\{\{\s*([\w.]+)\s*(?:\|[^{}]*)?\}\}")
ENGINE_RE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def convert(body: str) -> tuple[str, bool]:
    """The body in placeholders, and whether it is free of template-engine code."""
    normalised = body.replace("\r\n", "\n")
    if normalised in STANDARD:
        return NEW_BODIES[STANDARD[normalised]], True
    text = VARIABLE_RE.sub(
        lambda m: "{" + VARIABLES[m[1]] + "}" if m[1] in VARIABLES else m[0], normalised
    )
    return text, not ENGINE_RE.search(text)


def forwards(apps, schema_editor):
    Letter = apps.get_model("interventions", "DecisionLetterTemplate")
    Version = apps.get_model("interventions", "DecisionLetterTemplateVersion")
    Municipality = apps.get_model("organisation", "Municipality")
    municipalities = list(Municipality.objects.order_by("pk"))
    now = timezone.now()
    for old in Letter.objects.filter(municipality__isnull=True).order_by("pk"):
        if not municipalities:
            old.delete()
            continue
        body, clean = convert(old.body)
        old_body, old_active = old.body, old.active
        for i, municipality in enumerate(municipalities):
            if i == 0:
                letter = old  # the first municipality keeps the row (and its id)
            else:
                letter = Letter(
                    name=old.name,
                    outcome=old.outcome,
                    intervention_type_id=old.intervention_type_id,
                )
            letter.municipality = municipality
            letter.body = body
            letter.active = old_active and clean
            letter.save()
            Version.objects.create(
                template=letter, number=1, body=old_body, active=old_active, saved_at=now
            )
            Version.objects.create(
                template=letter, number=2, body=body, active=letter.active, saved_at=now
            )


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0004_letter_templates_per_municipality"),
        ("organisation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
