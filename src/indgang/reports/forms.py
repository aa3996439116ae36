"""Forms of the reports: the economics parameters (GET) and the status report's choices."""

from django import forms

from indgang.core.forms import Form, ModelMultipleChoiceField, date_field
from indgang.reports import economics
from indgang.reports.models import DaycareAttachment

GROUPS = {
    "caseload": "Sagsstamme-scenariet (pr. familie pr. år)",
    "daycare": "Dagtilbuds-scenariet (pr. år)",
}


class EconomicsForm(Form):
    """Every parameter of the two scenarios; an empty field means the report's figure."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for info in economics.parameter_info():
            self.fields[info.name] = forms.CharField(
                label=f"{info.label} ({info.unit})",
                required=False,
                help_text=f"{info.meaning}. Rapportens tal: {economics.number(info.default)}",
                initial=economics.number(info.default),
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "form-input input-width-s"}
                ),
            )

    def clean(self):
        data = super().clean()
        for name in economics.PARAMETER_NAMES:
            raw = data.get(name)
            if raw in (None, ""):
                continue
            try:
                value = economics.parse_number(raw)
                economics.check_value(name, value)
            except ValueError as error:
                self.add_error(name, str(error))
                continue
            data[name] = value
        return data

    def parameters(self) -> economics.Parameters:
        changes = {
            name: value
            for name, value in self.cleaned_data.items()
            if name in economics.PARAMETER_NAMES and value not in (None, "")
        }
        return economics.Parameters(**{**economics.Parameters().__dict__, **changes})


class StatusForm(Form):
    """The status report's date and municipalities (those the user's centre serves)."""

    on = date_field("Statusdato", required=False, help_text="Tom: i dag")
    municipalities = ModelMultipleChoiceField(
        label="Kommuner",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ingen valgt: alle centrets kommuner",
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities


class DanishDecimalField(forms.CharField):
    """A number written "1.102,20" or "1102.20"; a clear Danish message otherwise."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            number = economics.parse_number(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        if number < 0:
            raise forms.ValidationError("Værdien må ikke være negativ.")
        return number


class DevelopmentForm(Form):
    """The Randers method's choices: baseline year, the quarter, the extra salary."""

    baseline_year = forms.IntegerField(label="Basisår", min_value=2000, max_value=2100)
    year = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="Kvartal", choices=[(q, f"{q}. kvartal") for q in range(1, 5)], coerce=int
    )
    caseworkers = DanishDecimalField(
        label="Ekstra sagsbehandlere (reduceret sagsstamme)",
        required=False,
        help_text="Tom: 1",
    )
    salary = DanishDecimalField(
        label="Løn pr. sagsbehandler pr. år (kr.)", required=False, help_text="Tom: 325.000"
    )

    def clean(self):
        data = super().clean()
        if data.get("baseline_year") and data.get("year") and data["year"] <= data["baseline_year"]:
            self.add_error("year", "Året skal ligge efter basisåret.")
        return data


class AttachmentForm(Form):
    """A child starts in a day care or school (a change, if the child already has a place)."""

    child = forms.ChoiceField(label="Barn")
    kind = forms.ChoiceField(label="Type", choices=DaycareAttachment.Kind.choices)
    institution = forms.CharField(
        label="Institution", max_length=200, required=False, help_text="Fx Solsikken"
    )
    started_on = date_field("Startede den")

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Choices of the family's own children only: any other id is an invalid choice.
        self.fields["child"].choices = [(str(c.pk), c.full_name) for c in children]


class AttachmentEndForm(Form):
    """A child leaves a place without a new one."""

    attachment = forms.ChoiceField(label="Plads")
    ended_on = date_field("Stoppede den")

    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].choices = [
            (
                str(a.pk),
                f"{a.person.first_name}: {a.get_kind_display()}"
                f"{' (' + a.institution + ')' if a.institution else ''} fra {a.started_on:%d.%m.%Y}",
            )
            for a in current
        ]
