"""Forms for a municipality's settings."""

from django import forms

from indgang.core.forms import Form
from indgang.families.models import AccessPolicy
from indgang.followup.models import CadenceProfile
from indgang.interventions.models import Unit
from indgang.portal.models import PortalSettings


class InterventionSettingForm(Form):
    granting_department = forms.ModelChoiceField(
        label="Visitationskompetence (hvem bevilger)",
        queryset=None,
        empty_label="Vælg afdeling",
        error_messages={
            "required": "Vælg den afdeling, der bevilger indsatsen.",
        },
    )
    paying_department = forms.ModelChoiceField(
        label="Betalingsforpligtelse (hvem betaler)",
        queryset=None,
        empty_label="Vælg afdeling",
        error_messages={
            "required": "Vælg den afdeling, der betaler indsatsen.",
        },
    )
    unit = forms.ChoiceField(
        label="Enhed",
        choices=Unit.choices,
        error_messages={
            "invalid_choice": "Vælg en enhed fra listen.",
            "required": "Vælg en enhed.",
        },
    )
    unit_cost = forms.DecimalField(
        label="Enhedspris (kr.)",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text="Pris pr. enhed. Ved enheden måned fastsættes beløbet i hver afgørelse; "
        "skriv da 0.",
        error_messages={
            "required": "Skriv en enhedspris (0 hvis beløbet fastsættes i afgørelsen).",
            "invalid": "Skriv et beløb i kroner, f.eks. 3430 eller 3430,50.",
            "min_value": "Enhedsprisen kan ikke være negativ.",
            "max_digits": "Beløbet er for stort.",
            "max_decimal_places": "Skriv højst to decimaler (øre).",
            "max_whole_digits": "Beløbet er for stort.",
        },
    )
    processing_weeks = forms.IntegerField(
        label="Offentliggjort sagsbehandlingsfrist (uger)",
        min_value=1,
        max_value=52,
        error_messages={
            "required": "Skriv fristen i uger.",
            "invalid": "Skriv et helt antal uger.",
            "min_value": "Fristen skal være mindst 1 uge.",
            "max_value": "Fristen kan højst være 52 uger.",
        },
    )

    def __init__(self, *args, departments, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("granting_department", "paying_department"):
            field = self.fields[name]
            field.queryset = departments
            field.error_messages = {
                **field.error_messages,
                "invalid_choice": f"Vælg en afdeling i {municipality.name} Kommune fra listen.",
            }


class MunicipalityPolicyForm(Form):
    core_team_may_decide = forms.BooleanField(
        label="Kerneteamet må træffe afgørelse, når alle tilstedeværende er enige",
        required=False,
        help_text="Ellers sendes kerneteamets forslag altid til visitationsudvalget.",
    )
    auto_enrol_max_age = forms.IntegerField(
        label="Automatisk indskrivning til og med alder (år)",
        min_value=0,
        max_value=17,
        error_messages={
            "required": "Skriv en alder.",
            "invalid": "Skriv en alder i hele år.",
            "min_value": "Angiv en alder mellem 0 og 17 år.",
            "max_value": "Angiv en alder mellem 0 og 17 år.",
        },
    )
    criteria_max_age = forms.IntegerField(
        label="Indskrivning efter kriterier til og med alder (år)",
        min_value=0,
        max_value=17,
        error_messages={
            "required": "Skriv en alder.",
            "invalid": "Skriv en alder i hele år.",
            "min_value": "Angiv en alder mellem 0 og 17 år.",
            "max_value": "Angiv en alder mellem 0 og 17 år.",
        },
    )
    access_scope = forms.ChoiceField(
        label="Adgang til familier",
        choices=AccessPolicy.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Vælg adgangsomfanget.",
            "invalid_choice": "Vælg et af adgangsomfangene.",
        },
        help_text="Arbejdsbetinget behov: medarbejdere ser deres egne sager; andre familier i "
        "centret åbnes kun med en begrundelse (værdispring), som logges. Hele centret: alle "
        "centrets medarbejdere ser alle centrets familier.",
    )
    partners_see_whole_case = forms.BooleanField(
        label="Samarbejdspartnere ser hele sagen",
        required=False,
        help_text="Ellers ser en tilknyttet samarbejdspartner planen, de møder, de er inviteret "
        "til, og de aftaler og indsatser, der vedrører deres egen afdeling – ikke kontaktloggen, "
        "ICS-udredningen eller andre afdelingers indsatser og beløb, medmindre familien har "
        "givet samtykke til det.",
    )
    # Not required: a post without it (an older client) keeps what is stored.
    without_custody_sees = forms.ChoiceField(
        label="Forældre uden forældremyndighed kan se i forældreportalen",
        choices=PortalSettings.WithoutCustody.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Vælg et af svarene."},
        help_text="Gælder en forælder, der ikke har forældremyndighed over nogen af familiens "
        "børn. Forældre med forældremyndighed ser altid det hele. Vælger I »Intet«, kan "
        "koordinatoren ikke invitere forælderen til portalen.",
    )
    digital_post_cvr = forms.CharField(
        label="CVR-nummer til Digital Post",
        required=False,
        max_length=8,
        help_text="Kommunens CVR-nummer, som afgørelsesbreve sendes fra med Digital Post (8 cifre).",
        error_messages={"max_length": "Et CVR-nummer er 8 cifre, f.eks. 12345678."},
    )
    cadence_profile = forms.ModelChoiceField(
        label="Kadenceprofil",
        queryset=CadenceProfile.objects.all(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Vælg en kadenceprofil.",
            "invalid_choice": "Vælg en kadenceprofil fra listen.",
        },
    )
