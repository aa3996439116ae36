"""Seed the catalogue: legal bases (checked; see docs/legal-bases.md), intervention types,
and the joint-financing criterion (the old national decision letters: see ``seed``)."""

from datetime import date

from django.db import migrations

SEL_END = date(2023, 12, 31)
BL_START = date(2024, 1, 1)

LOVGUIDEN = "lovguiden.dk, Bekendtgørelse af barnets lov (LBK nr. 282 af 17/03/2025)"

# key: (act, paragraph, title, valid_from, valid_to, replaced_by key, source, verified)
BASES = {
    "bl30": (
        "barnets_lov",
        "§ 30",
        "Tidligt forebyggende indsatser",
        BL_START,
        None,
        None,
        f"{LOVGUIDEN} § 30 med forarbejder (henviser til servicelovens § 11, stk. 3)",
        True,
    ),
    "bl83": (
        "barnets_lov",
        "§ 83",
        "Særlige dagtilbud",
        BL_START,
        None,
        None,
        "danskelove.dk, barnets lov § 83 (ordlyd som servicelovens § 32, stk. 3)",
        True,
    ),
    "bl86": (
        "barnets_lov",
        "§ 86",
        "Dækning af nødvendige merudgifter",
        BL_START,
        None,
        None,
        f"{LOVGUIDEN} § 86 med forarbejder (tidligere servicelovens § 41)",
        True,
    ),
    "bl87": (
        "barnets_lov",
        "§ 87",
        "Hjælp til dækning af tabt arbejdsfortjeneste",
        BL_START,
        None,
        None,
        "elov.dk, barnets lov § 87 (lov nr. 721 af 13/06/2023); issue 5",
        True,
    ),
    "bl90_84": (
        "barnets_lov",
        "§ 90, jf. servicelovens § 84, stk. 1",
        "Afløsning og aflastning",
        BL_START,
        None,
        None,
        f"{LOVGUIDEN} § 90 med forarbejder (tidligere servicelovens § 44)",
        True,
    ),
    "bl90_86": (
        "barnets_lov",
        "§ 90, jf. servicelovens § 86, stk. 2",
        "Vedligeholdelsestræning",
        BL_START,
        None,
        None,
        f"{LOVGUIDEN} § 90 med forarbejder",
        True,
    ),
    "bl90_112": (
        "barnets_lov",
        "§ 90, jf. servicelovens § 112",
        "Hjælpemidler",
        BL_START,
        None,
        None,
        f"{LOVGUIDEN} § 90 med forarbejder",
        True,
    ),
    "bl90_116": (
        "barnets_lov",
        "§ 90, jf. servicelovens § 116",
        "Boligindretning",
        BL_START,
        None,
        None,
        f"{LOVGUIDEN} § 90 med forarbejder",
        True,
    ),
    "bl20": (
        "barnets_lov",
        "§ 20",
        "Børnefaglig undersøgelse",
        BL_START,
        None,
        None,
        f"{LOVGUIDEN} § 20 med forarbejder (tidligere servicelovens § 50)",
        True,
    ),
    "bl32": (
        "barnets_lov",
        "§ 32",
        "Støttende indsatser (bl.a. familiebehandling, stk. 1, nr. 5)",
        BL_START,
        None,
        None,
        f"{LOVGUIDEN} § 32 (opremsningen svarer til servicelovens § 52, stk. 3)",
        True,
    ),
    "sel11_3": (
        "serviceloven",
        "§ 11, stk. 3",
        "Forebyggende indsats (fx § 11.3-forløb)",
        None,
        SEL_END,
        "bl30",
        "Seeds (KOS-rapporten); afløsning jf. barnets lov § 30",
        True,
    ),
    "sel32": (
        "serviceloven",
        "§ 32",
        "Særlige dagtilbud",
        None,
        SEL_END,
        "bl83",
        "danskelove.dk, serviceloven § 32; L 45 2022-23 (§ 32 udgår for børn)",
        True,
    ),
    "sel41": (
        "serviceloven",
        "§ 41",
        "Merudgifter",
        None,
        SEL_END,
        "bl86",
        "Seeds; lovguiden.dk forarbejder til barnets lov § 86",
        True,
    ),
    "sel42": (
        "serviceloven",
        "§ 42",
        "Tabt arbejdsfortjeneste",
        None,
        SEL_END,
        "bl87",
        "Seeds; issue 5; elov.dk barnets lov § 87",
        True,
    ),
    "sel44_84": (
        "serviceloven",
        "§ 44, jf. § 84, stk. 1",
        "Aflastning",
        None,
        SEL_END,
        "bl90_84",
        "Seeds; lovguiden.dk forarbejder til barnets lov § 90",
        True,
    ),
    "sel44_86": (
        "serviceloven",
        "§ 44, jf. § 86, stk. 2",
        "Vedligeholdelsestræning",
        None,
        SEL_END,
        "bl90_86",
        "lovguiden.dk forarbejder til barnets lov § 90",
        True,
    ),
    "sel112": (
        "serviceloven",
        "§ 112",
        "Hjælpemidler (børn, før 2024)",
        None,
        SEL_END,
        "bl90_112",
        "Slutdato udledt af L 45 2022-23 (serviceloven gælder fra 18 år)",
        False,
    ),
    "sel116": (
        "serviceloven",
        "§ 116",
        "Boligindretning (børn, før 2024)",
        None,
        SEL_END,
        "bl90_116",
        "Slutdato udledt af L 45 2022-23 (serviceloven gælder fra 18 år)",
        False,
    ),
    "sel50": (
        "serviceloven",
        "§ 50",
        "Børnefaglig undersøgelse",
        None,
        SEL_END,
        "bl20",
        "Seeds; lovguiden.dk forarbejder til barnets lov § 20",
        True,
    ),
    "sel52_3": (
        "serviceloven",
        "§ 52, stk. 3",
        "Foranstaltninger",
        None,
        SEL_END,
        "bl32",
        "Seeds; sammenholdt med barnets lov § 32",
        True,
    ),
    "fsl4": (
        "folkeskoleloven",
        "§ 4",
        "Specialpædagogisk bistand før skolestart",
        None,
        None,
        None,
        "elov.dk, folkeskoleloven § 4 (LBK nr. 1100 af 05/09/2025)",
        True,
    ),
    "fsl3_2": (
        "folkeskoleloven",
        "§ 3, stk. 2",
        "Specialundervisning og specialpædagogisk bistand",
        None,
        None,
        None,
        "ft.dk, L 103 2011-12 (ordlyden af § 3, stk. 2)",
        True,
    ),
}

# code: (name, category, [bases], time_limited, default weeks)
TYPES = {
    "therapy": (
        "Fysio- og ergoterapi (vedligeholdelsestræning)",
        "therapy",
        ["sel44_86", "bl90_86"],
        True,
        8,
    ),
    "speech_hearing": ("Tale-/hørekonsulent", "consultancy", ["fsl4"], False, 6),
    "vision": ("Synskonsulent", "consultancy", ["fsl4"], False, 6),
    "special_education": (
        "Specialpædagogisk støtte i dagtilbud",
        "consultancy",
        ["fsl4"],
        False,
        6,
    ),
    "special_daycare": (
        "Specialiseret dagtilbud inkl. kørsel",
        "daycare",
        ["sel32", "bl83"],
        False,
        8,
    ),
    "practical_help_daycare": ("Praktisk hjælp i dagtilbud", "daycare", [], False, 8),
    "respite": ("Aflastning", "respite", ["sel44_84", "bl90_84"], True, 8),
    "aids": ("Hjælpemidler", "aids", ["sel112", "bl90_112"], True, 8),
    "extra_costs": ("Merudgifter", "extra_costs", ["sel41", "bl86"], True, 8),
    "lost_earnings": ("Tabt arbejdsfortjeneste", "lost_earnings", ["sel42", "bl87"], True, 8),
    "housing": ("Boligindretning", "aids", ["sel116", "bl90_116"], False, 12),
    "family_treatment": ("Familiebehandling", "placement", ["sel52_3", "bl32"], False, 8),
    "psychologist": ("Psykologhjælp til forældre", "preventive", ["sel11_3", "bl30"], False, 4),
    "preventive_course": (
        "Forebyggende forløb (§ 11, stk. 3 / barnets lov § 30)",
        "preventive",
        ["sel11_3", "bl30"],
        False,
        4,
    ),
    "stepping_stones": (
        "Forældreprogram: Stepping Stones",
        "preventive",
        ["sel11_3", "bl30"],
        False,
        4,
    ),
    "duaa": ("Forældreprogram: DUÅ", "preventive", ["sel11_3", "bl30"], False, 4),
    "child_investigation": ("Børnefaglig undersøgelse", "placement", ["sel50", "bl20"], False, 17),
}

LETTER_HEAD = """Kære {{ recipient }}

Vi har behandlet {% if application.started_by == "family" %}jeres ansøgning{% else %}sagen{% endif %} om {{ intervention.name|lower }}{% if person %} til {{ person.first_name }}{% endif %}, som vi modtog den {{ application.received_on|date:"j. F Y" }}.
"""

LETTER_FOOT = """
Vi har truffet afgørelsen efter {{ legal_basis }}.

Sådan klager I
{{ decision.complaint_guidance }}

Har I spørgsmål, er I velkomne til at kontakte {% if coordinator %}jeres familiekoordinator {{ coordinator }}{% if coordinator.phone %} på telefon {{ coordinator.phone }}{% endif %}{% else %}os{% endif %}.

Med venlig hilsen
{{ decided_by }}
{{ municipality }} Kommune"""

LETTERS = [
    (
        "Bevilling",
        "granted",
        LETTER_HEAD
        + """
Afgørelse: I får det, I har søgt om.
Vi bevilger {{ intervention.name|lower }} fra den {{ decision.period_from|date:"j. F Y" }}{% if decision.period_to %} til og med den {{ decision.period_to|date:"j. F Y" }}{% endif %}.{% if decision.amount_per_month %} Beløbet er {{ amount }} kr. om måneden.{% endif %}{% if decision.units_per_month %} I får {{ units }} {{ unit }} om måneden.{% endif %}{% if decision.period_to and intervention.time_limited %} Inden bevillingen slutter, ser vi på den igen sammen med jer. I skal ikke søge forfra.{% endif %}

Derfor
{{ decision.justification }}
"""
        + LETTER_FOOT,
    ),
    (
        "Delvis bevilling",
        "partly",
        LETTER_HEAD
        + """
Afgørelse: I får en del af det, I har søgt om.
Vi bevilger {{ intervention.name|lower }} fra den {{ decision.period_from|date:"j. F Y" }}{% if decision.period_to %} til og med den {{ decision.period_to|date:"j. F Y" }}{% endif %}.{% if decision.amount_per_month %} Beløbet er {{ amount }} kr. om måneden.{% endif %}{% if decision.units_per_month %} I får {{ units }} {{ unit }} om måneden.{% endif %}

Derfor får I ikke det hele
{{ decision.justification }}
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
{{ decision.justification }}
"""
        + LETTER_FOOT,
    ),
]


def seed(apps, schema_editor):
    """Legal bases, intervention types and the joint-financing criterion.

    This migration used to seed national decision letters (LETTERS). Letters belong to a
    municipality since migration 0004 (issue 8): 0005 converts the national rows of databases
    that have them, and a municipality gets its own standard letters when it is set up
    (demo.configure_municipality). LETTERS stays so 0005 can recognise the old standard bodies.
    """
    LegalBasis = apps.get_model("interventions", "LegalBasis")
    InterventionType = apps.get_model("interventions", "InterventionType")
    Criterion = apps.get_model("interventions", "FinancingCriterion")
    made = {}
    for key, (act, paragraph, title, start, end, _repl, source, verified) in BASES.items():
        made[key], _ = LegalBasis.objects.update_or_create(
            act=act,
            paragraph=paragraph,
            defaults={
                "title": title,
                "valid_from": start,
                "valid_to": end,
                "source": source,
                "verified": verified,
            },
        )
    for key, spec in BASES.items():
        if spec[5]:
            made[key].replaced_by = made[spec[5]]
            made[key].save(update_fields=["replaced_by"])
    for code, (name, category, bases, limited, weeks) in TYPES.items():
        kind, _ = InterventionType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "time_limited": limited,
                "default_processing_weeks": weeks,
            },
        )
        kind.legal_bases.set([made[b] for b in bases])
    Criterion.objects.get_or_create(
        kind="sector_areas",
        threshold=2,
        municipality=None,
        defaults={"description": "Familien har sager i mindst to sektorområder"},
    )


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
