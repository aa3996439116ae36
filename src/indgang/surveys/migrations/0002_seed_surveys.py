"""The evaluation's two questionnaires as national templates (DOMAIN.md section 5).

Themes as the evaluation of "Én familie – én indgang" and "Sammen om familien" names them;
the question texts are the indicators the report (seeds, chapters 3-4 and annexes 1-2)
describes for each theme, as statements scored 1 "slet ikke" to 6 "i meget høj grad".
"""

from django.db import migrations

PARENT = [
    (
        "Sammenhæng",
        [
            "Jeg får den information fra kommunen, som jeg har brug for",
            "Der er et klart formål med de møder, jeg deltager i",
            "Indsatsen over for min familie er velorganiseret og velkoordineret",
            "Min familiekoordinator/rådgiver har overblik over familiens øvrige aktiviteter",
        ],
    ),
    (
        "Inddragelse",
        [
            "Min familiekoordinator/rådgiver møder og har fokus på hele familien",
            "Jeg bliver lyttet til og forstået",
            "Jeg oplever et ligeværdigt samarbejde med kommunen",
            "Mit barns perspektiv bliver inddraget i forløbet",
        ],
    ),
    (
        "Fleksibilitet",
        [
            "Det er let at komme i kontakt med kommunen",
            "Min familiekoordinator/rådgiver udviser fleksibilitet",
            "Min familiekoordinator/rådgiver giver sig tid til den uformelle dialog",
        ],
    ),
    (
        "Tillid",
        [
            "Jeg har tillid til min familiekoordinator/rådgiver",
            "Jeg får faste, løbende statusser på min families sag",
        ],
    ),
    (
        "Indgang til kommunen",
        [
            "Jeg har én primær kontaktperson i kommunen",
            "Min familiekoordinator/rådgiver samarbejder godt med andre afdelinger i kommunen",
        ],
    ),
    (
        "Betydning for hverdagen",
        [
            "Jeg har overblik over min families forløb",
            "Jeg oplever at have kontrol over min families situation",
            "Samarbejdet med kommunen giver ro i vores hverdag",
        ],
    ),
]

STAFF = [
    (
        "Organisering",
        [
            "Familierne har én primær rådgiver/familiekoordinator",
            "Organiseringen understøtter en tværfaglig tilgang til familierne",
        ],
    ),
    (
        "Samarbejde",
        [
            "Vi har et fælles sprog på tværs af faggrupper",
            "Vi har en fælles forståelse af familiernes situation",
            "Der er en tydelig rolle- og ansvarsfordeling",
            "Vi har en fælles brug af redskaber",
        ],
    ),
    (
        "Ledelse",
        [
            "Ledelsen afsætter de fornødne ressourcer til arbejdet med modellen",
            "Ledelsen prioriterer opgaven",
        ],
    ),
    (
        "Sammenhæng",
        [
            "Der sker en koordinering på tværs af faggrupper og forvaltninger",
            "Indsatserne til familierne er sammenhængende",
        ],
    ),
    (
        "Inddragelse",
        [
            "Sagsbehandlingen afspejler forældrenes egen forståelse af deres situation",
            "Indsatserne tilrettelægges med udgangspunkt i barnets og forældrenes behov",
        ],
    ),
    (
        "Fleksibilitet",
        [
            "Jeg kan udvise fleksibilitet i kontakten med familierne",
            "Jeg har tilstrækkelige ressourcer til at være tilgængelig for familierne",
        ],
    ),
    (
        "Tillid",
        ["Forældrene har tillid til kommunen og de involverede faggrupper"],
    ),
    (
        "Gavn for familierne",
        ["Familierne har udbytte af den koordinerede og sammenhængende indsats"],
    ),
]

SURVEYS = [
    ("Forældremåling (tværsnitsmåling)", "parent", PARENT),
    ("Medarbejdermåling (tværsnitsmåling)", "staff", STAFF),
]


def seed(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Theme = apps.get_model("surveys", "Theme")
    Question = apps.get_model("surveys", "Question")
    for name, kind, themes in SURVEYS:
        survey, _ = Survey.objects.get_or_create(
            name=name, municipality=None, defaults={"kind": kind, "anonymous": True}
        )
        for t_pos, (theme_name, questions) in enumerate(themes):
            theme, _ = Theme.objects.get_or_create(
                survey=survey, name=theme_name, defaults={"position": t_pos}
            )
            for q_pos, text in enumerate(questions):
                Question.objects.get_or_create(theme=theme, text=text, defaults={"position": q_pos})


def unseed(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Survey.objects.filter(municipality=None, name__in=[s[0] for s in SURVEYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
