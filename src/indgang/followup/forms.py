from django import forms

from indgang.core.forms import Form, date_field
from indgang.followup.models import AnnualEvent, CadenceProfile, ContactLog


class ContactForm(Form):
    on = date_field("Dato")
    form = forms.ChoiceField(label="Kontaktform", choices=ContactLog.Form.choices)
    with_whom = forms.CharField(
        label="Med hvem", max_length=200, help_text="F.eks. mor, far eller begge forældre"
    )
    initiative = forms.ChoiceField(
        label="Hvem tog initiativet", choices=ContactLog.Initiative.choices
    )
    summary = forms.CharField(
        label="Kort resumé",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kun det nødvendige. Højst 1000 tegn.",
    )


class MajorChangeForm(Form):
    on = date_field("Dato for ændringen")
    description = forms.CharField(
        label="Hvad er ændret i familiens situation",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Opstartspraksis gentages: udrednings- og analysemøder oprettes som forfaldne.",
    )


class CaseCadenceForm(Form):
    profile = forms.ModelChoiceField(
        label="Kadenceprofil",
        queryset=CadenceProfile.objects.all(),
        required=False,
        empty_label="Kommunens profil",
    )
    contact_every_months = forms.TypedChoiceField(
        label="Kontakt med familien",
        choices=[
            ("", "Som profilen"),
            ("1", "Hver måned"),
            ("2", "Hver 2. måned"),
            ("3", "Hver 3. måned"),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    # No child-welfare checkbox: the 6-week rhythm follows from the grants recorded under the
    # child-welfare bases (followup/cadence.py).
    reason = forms.CharField(
        label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class MunicipalityCadenceForm(Form):
    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        for m in municipalities:
            self.fields[f"m{m.pk}"] = forms.ModelChoiceField(
                label=m.name, queryset=CadenceProfile.objects.all(), empty_label=None
            )


class AgendaItemForm(Form):
    title = forms.CharField(label="Nyt punkt", max_length=200)


class MinutesForm(Form):
    minutes = forms.CharField(
        label="Referat", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class AnnualEventForm(Form):
    title = forms.CharField(label="Titel", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=AnnualEvent.Kind.choices)
    first_on = date_field("Første gang")
    recurrence = forms.ChoiceField(label="Gentages", choices=AnnualEvent.Recurrence.choices)
    until = date_field("Til og med", required=False)
    description = forms.CharField(
        label="Beskrivelse", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
