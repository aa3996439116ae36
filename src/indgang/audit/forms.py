from django import forms

from indgang.audit.models import AuditEvent, SpotCheck
from indgang.core.forms import DateInput, Form
from indgang.families.forms import CPRField
from indgang.organisation.models import User


class AuditSearchForm(Form):
    user = forms.ModelChoiceField(
        label="Medarbejder",
        queryset=User.objects.order_by("first_name"),
        required=False,
        empty_label="Alle",
    )
    action = forms.ChoiceField(
        label="Handling", choices=[("", "Alle"), *AuditEvent.Action.choices], required=False
    )
    date_from = forms.DateField(label="Fra dato", required=False, widget=DateInput())
    date_to = forms.DateField(label="Til dato", required=False, widget=DateInput())
    person = forms.IntegerField(required=False, widget=forms.HiddenInput())
    family = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "Til-datoen ligger før fra-datoen.")
        return data


class PersonLookupForm(Form):
    """Find a person's accesses by CPR number; sent by POST, never put in a URL."""

    cpr = CPRField(label="CPR-nummer")


class SpotCheckMarkForm(Form):
    verdict = forms.ChoiceField(
        label="Vurdering",
        choices=[c for c in SpotCheck.Verdict.choices if c[0] != SpotCheck.Verdict.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Bemærkning", max_length=500, required=False)
