"""Forms of the reports: the economics parameters (GET) and the status report's choices."""

from django import forms

from indgang.core.forms import Form, ModelMultipleChoiceField, date_field
from indgang.reports import economics

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
