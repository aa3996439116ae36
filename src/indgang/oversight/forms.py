from django import forms
from django.db.models import Q

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


# More matches than this: ask for more of the name rather than list a whole centre's staff.
MAX_STAFF_MATCHES = 20


class AuditSearchForm(Form):
    # The staff filter is typed, not picked from a list: a big centre's staff and partners
    # would be thousands of options. The chosen person travels as an id (links use ?user=).
    staff = forms.CharField(
        label="Medarbejder",
        required=False,
        max_length=150,
        help_text="Skriv navn eller brugernavn. Tom: alle.",
    )
    user = StaffChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.HiddenInput()
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
        # Only staff in the overseer's tenancy; another centre's id is "not a valid choice",
        # and another centre's name finds nobody, exactly like a name nobody has.
        self.fields["user"].queryset = tenancy_for(overseer).pickable_staff()
        self.staff_matches: list[User] = []

    def clean(self):
        data = _clean_period(self, super().clean())
        if "user" in self.errors:  # a hidden field: say it where it shows
            self.add_error(None, "Medarbejderen findes ikke blandt dem, du fører tilsyn med.")
            return data
        typed = (data.get("staff") or "").strip()
        if data.get("user") or not typed:
            return data
        matches = self.fields["user"].queryset
        for word in typed.split():
            matches = matches.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__iexact=word)
            )
        found = list(matches[: MAX_STAFF_MATCHES + 1])
        if len(found) == 1:
            data["user"] = found[0]
        elif not found:
            self.add_error("staff", "Ingen medarbejder, du fører tilsyn med, passer på navnet.")
        elif len(found) > MAX_STAFF_MATCHES:
            self.add_error("staff", "Mange medarbejdere passer på navnet. Skriv mere af det.")
        else:
            self.staff_matches = found
            self.add_error("staff", "Flere medarbejdere passer på navnet. Vælg én nedenfor.")
        return data

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
