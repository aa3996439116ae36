"""The plain-Danish "what will happen" text each meeting type starts with (editable per meeting).

The parents asked to know a meeting's framework beforehand: purpose, agenda, who comes and
why, how long it takes, and what to think about before it.
"""

from indgang.meetings.models import Meeting

T = Meeting.Type

PREPARATION: dict[str, str] = {
    T.ASSESSMENT: """Formål: Vi skal sammen danne et samlet billede af jeres barn og jeres familie – det der går godt, og det der er svært. Det er jeres ønsker, der kommer først.

Dagsorden:
1. Velkommen og præsentation
2. Barnets udvikling: helbred, læring, følelser, relationer og hverdag
3. Jer som forældre: det I er gode til, og det der er svært
4. Familie og netværk: bolig, arbejde, økonomi og dem omkring jer
5. Jeres ønsker – I bestemmer rækkefølgen
6. Hvad sker der nu?

Hvem kommer: I som forældre, jeres familiekoordinator og en fagperson fra kerneteamet (fx psykolog eller tale-hørekonsulent). Vi skriver det hele op på en tavle, så alle kan se det samme.

Varighed: Cirka 2 timer.

Tænk gerne over på forhånd: Hvad fungerer godt i jeres hverdag? Hvad fylder mest lige nu? Hvad ønsker I jer mest hjælp til?""",
    T.ANALYSIS_1: """Formål: Fagpersonerne, der har en opgave i jeres barns eller jeres sag, mødes for at se på udredningen og tale om, hvilken hjælp der giver mening, og om der mangler oplysninger.

Dagsorden:
1. Kort om udredningen og familiens ønsker
2. Hvad ved vi, og hvad mangler vi at vide?
3. Forslag til indsatser og hvem der gør hvad
4. Næste skridt

Hvem kommer: Familiekoordinatoren, kerneteamet og de samarbejdspartnere, der har en opgave (fx PPR, dagtilbud, sundhedspleje).

Varighed: Cirka 1½ time.

Tænk gerne over på forhånd: Er der noget, I gerne vil have, at fagpersonerne ved inden mødet? Fortæl det til jeres koordinator.""",
    T.ANALYSIS_2: """Formål: Vi samler trådene og laver grundlaget for jeres fælles plan sammen med jer. Her bliver der truffet beslutninger om indsatser.

Dagsorden:
1. Velkommen og præsentation
2. Det vi fandt ud af på første analysemøde
3. Jeres ønsker og mål i jeres rækkefølge
4. Indsatser, ansvarlige og frister
5. Hvad sker der nu, og hvornår ses vi igen?

Hvem kommer: I som forældre, jeres familiekoordinator, kerneteamet og de fagpersoner, der skal hjælpe jer.

Varighed: Cirka 1½ time.

Tænk gerne over på forhånd: Hvad er vigtigst for jer at nå først? Er der noget, I er i tvivl om eller bekymrede for?""",
    T.PLAN_FOLLOWUP: """Formål: Vi ser på jeres fælles plan sammen: Hvordan går det med målene, og skal noget ændres?

Dagsorden:
1. Hvordan går det i hverdagen?
2. Målene ét for ét: nået, delvist nået, ikke endnu
3. Aftaler: hvad er gjort, og hvad mangler?
4. Nye mål eller ændringer

Hvem kommer: I som forældre og jeres familiekoordinator – og de fagpersoner, der har en opgave i planen, hvis det giver mening.

Varighed: Cirka 1 time.

Tænk gerne over på forhånd: Hvad er blevet bedre siden sidst? Hvad er stadig svært?""",
    T.STATUS: """Formål: Et kort møde om, hvordan det går, og om der er sket noget nyt.

Dagsorden:
1. Hvordan går det?
2. Nyt siden sidst
3. Aftaler og næste skridt

Hvem kommer: Jeres familiekoordinator og dem, det er relevant for.

Varighed: Cirka 45 minutter.

Tænk gerne over på forhånd: Er der sket noget, som vi bør vide?""",
    T.NETWORK: """Formål: Vi samler jeres netværk – familie, venner og fagpersoner uden for kommunen – så alle ved, hvem der gør hvad.

Dagsorden:
1. Præsentation
2. Hvad har familien brug for?
3. Hvem kan hjælpe med hvad?
4. Aftaler

Hvem kommer: Dem I og jeres koordinator inviterer, fx bedsteforældre, skole, hospital eller andre.

Varighed: Cirka 1½ time.

Tænk gerne over på forhånd: Hvem i jeres netværk vil I gerne have med?""",
    T.PRE_MEETING: """Formål: Et kort møde, hvor vi forbereder et større møde sammen, så I ved, hvad der skal ske.

Dagsorden:
1. Det store mødes formål og dagsorden
2. Hvad vil I gerne sige eller spørge om?
3. Hvem kommer, og hvorfor

Hvem kommer: I og jeres familiekoordinator.

Varighed: Cirka 30 minutter.

Tænk gerne over på forhånd: Hvad er vigtigst for jer, at der bliver talt om?""",
    T.CORE_TEAM_WEEKLY: """Formål: Kerneteamets faste ugemøde om familier med nyt siden sidst.

Dagsorden:
1. Familier med nye eller overskredne aftaler
2. Beslutninger og ændringer
3. Punkter sat på af deltagerne

Hvem kommer: Kerneteamet.

Varighed: Cirka 1 time.""",
}

# How long each type usually takes, in minutes: the default end time when only a start is given.
DURATION_MINUTES: dict[str, int] = {
    T.ASSESSMENT: 120,
    T.ANALYSIS_1: 90,
    T.ANALYSIS_2: 90,
    T.PLAN_FOLLOWUP: 60,
    T.STATUS: 45,
    T.NETWORK: 90,
    T.PRE_MEETING: 30,
    T.CORE_TEAM_WEEKLY: 60,
}
