from django import forms

from indgang.core.forms import DKFDSFormMixin


class CodeForm(DKFDSFormMixin, forms.Form):
    code = forms.CharField(
        label="Kode",
        help_text="De seks cifre, som din godkendelses-app viser lige nu.",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "Skriv koden fra din godkendelses-app."},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Koden består af seks cifre.")
        return code
