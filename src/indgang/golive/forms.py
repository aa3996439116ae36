from django import forms

from indgang.core.forms import Form


class UploadForm(Form):
    file = forms.FileField(
        label="Importfil (CSV eller XLSX)",
        help_text=(
            "Én linje pr. familie med kolonnerne i vejledningen. CSV skal være UTF-8 med ; "
            "eller , mellem felterne (Excel: «CSV UTF-8»)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
