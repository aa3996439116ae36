from django import forms

from indgang.audit.models import AuditEvent, SpotCheck
from indgang.core.forms import DateInput, Form
from indgang.families.forms import CPRField
from indgang.organisation.models import User
from indgang.oversight.access import tenancy_for

# Dates outside these years are typing errors (and day arithmetic at year 9999 overflows).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _clean_period(form, data: dict) -> dict:
    for name in ("date_from", "date_to"):
        day = data.get(name)
        if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            form.add_error(name, f"Vælg en dato mellem år {EARLIEST_YEAR} og {LATEST_YEAR}.")
            data[name] = None
    if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
        form.add_error("date_to", "Til-datoen ligger før fra-datoen.")
    return data


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AuditSearchForm(Form):
    user = StaffChoiceField(
        label="Medarbejder", queryset=User.objects.none(), required=False, empty_label="Alle"
    )
    action = forms.ChoiceField(
        label="Handling", choices=[("", "Alle"), *AuditEvent.Action.choices], required=False
    )
    date_from = forms.DateField(label="Fra dato", required=False, widget=DateInput())
    date_to = forms.DateField(label="Til dato", required=False, widget=DateInput())
    person = forms.IntegerField(required=False, widget=forms.HiddenInput(), min_value=1)
    family = forms.IntegerField(required=False, widget=forms.HiddenInput(), min_value=1)

    def __init__(self, *args, overseer, **kwargs):
        super().__init__(*args, **kwargs)
        # Only staff in the overseer's tenancy; another centre's id is "not a valid choice".
        self.fields["user"].queryset = tenancy_for(overseer).pickable_staff()

    def clean(self):
        return _clean_period(self, super().clean())

    def terms(self) -> dict:
        """The search as logged: ids and dates, no names."""
        data = self.cleaned_data
        terms = {
            "user": data["user"].pk if data.get("user") else None,
            "action": data.get("action") or None,
            "date_from": data["date_from"].isoformat() if data.get("date_from") else None,
            "date_to": data["date_to"].isoformat() if data.get("date_to") else None,
            "person": data.get("person"),
            "family": data.get("family"),
        }
        return {key: value for key, value in terms.items() if value is not None}


class PersonLookupForm(Form):
    """Find a person's accesses by CPR number; sent by POST, never put in a URL."""

    cpr = CPRField(label="CPR-nummer")


class WhoHasSeenForm(Form):
    """A person by name or CPR number, or a family by name; sent by POST, never in a URL."""

    term = forms.CharField(
        label="Navn eller CPR-nummer",
        max_length=100,
        help_text="F.eks. Anna Jensen, Familien Jensen eller 010203-1234.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].widget.attrs.update({"autocomplete": "off"})


class SpotCheckMarkForm(Form):
    verdict = forms.ChoiceField(
        label="Vurdering",
        choices=[c for c in SpotCheck.Verdict.choices if c[0] != SpotCheck.Verdict.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Bemærkning", max_length=500, required=False)


class ReportPeriodForm(Form):
    date_from = forms.DateField(label="Fra dato", required=False, widget=DateInput())
    date_to = forms.DateField(label="Til dato", required=False, widget=DateInput())

    def clean(self):
        return _clean_period(self, super().clean())
