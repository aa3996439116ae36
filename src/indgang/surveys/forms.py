"""Forms of the evaluation pages; Danish messages next to the field."""

from django import forms

from indgang.core.forms import Form, date_field
from indgang.surveys.models import CoreElement, EvaluationModel, Survey

SCALE = [
    ("1", "1 – slet ikke"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5"),
    ("6", "6 – i meget høj grad"),
    ("", "Ved ikke"),
]


class MunicipalityChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and (not str(value).isdigit() or len(str(value)) > 9):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SurveyCreateForm(Form):
    name = forms.CharField(label="Navn", max_length=200)
    kind = forms.ChoiceField(label="Målgruppe", choices=Survey.Kind.choices)
    municipality = MunicipalityChoiceField(label="Kommune", queryset=None, empty_label=None)
    copy_from = forms.ModelChoiceField(
        label="Kopiér temaer og spørgsmål fra",
        queryset=Survey.objects.filter(municipality__isnull=True),
        required=False,
        empty_label="Tomt spørgeskema",
    )
    anonymous = forms.BooleanField(
        label="Anonym (svarene kobles ikke til familien)", required=False, initial=True
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class QuestionForm(Form):
    theme_name = forms.CharField(label="Tema", max_length=100)
    text = forms.CharField(label="Spørgsmål", max_length=300)


class RoundForm(Form):
    name = forms.CharField(
        label="Runde", max_length=100, help_text="F.eks. baseline, midtvejs eller slutmåling"
    )
    municipality = MunicipalityChoiceField(label="Kommune", queryset=None, empty_label=None)
    model = forms.ChoiceField(label="Model", choices=EvaluationModel.choices)
    opened_on = date_field("Sendes den")
    closes_on = date_field(
        "Lukker den",
        required=False,
        help_text="Efter denne dag kan linkene ikke bruges. Tomt: runden lukker ikke.",
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class FilterForm(Form):
    municipality = MunicipalityChoiceField(
        label="Kommune", queryset=None, required=False, empty_label="Alle kommuner"
    )
    model = forms.ChoiceField(
        label="Model", choices=[("", "Alle modeller"), *EvaluationModel.choices], required=False
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class StatusFilterForm(FilterForm):
    model = forms.ChoiceField(label="Model", choices=EvaluationModel.choices, required=False)


class AnswerForm(forms.Form):
    """One radio group per question; "Ved ikke" is the empty value and does not count."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=question.text,
                choices=SCALE,
                widget=forms.RadioSelect,
                required=False,
                error_messages={
                    "invalid_choice": "Svaret skal være fra 1 til 6 eller «Ved ikke».",
                },
            )

    def clean(self):
        data = super().clean()
        for question in self.questions:
            key = f"q{question.pk}"
            if key in self.errors:
                continue
            if key not in self.data:
                self.add_error(key, "Vælg et svar (eller «Ved ikke»).")
        return data

    def scores(self) -> dict[int, int | None]:
        return {
            q.pk: int(self.cleaned_data[f"q{q.pk}"]) if self.cleaned_data.get(f"q{q.pk}") else None
            for q in self.questions
        }


class StatusScoreForm(Form):
    municipality = MunicipalityChoiceField(label="Kommune", queryset=None, empty_label=None)
    model = forms.ChoiceField(label="Model", choices=EvaluationModel.choices)
    year = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="Kvartal", choices=[(q, f"{q}. kvartal") for q in range(1, 5)], coerce=int
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        for element in CoreElement:
            self.fields[element.value] = forms.TypedChoiceField(
                label=element.label,
                choices=[("", "Vælg")] + [(str(i), str(i)) for i in range(1, 7)],
                coerce=int,
                error_messages={
                    "invalid_choice": "Vurderingen skal være fra 1 til 6.",
                    "required": "Giv en vurdering fra 1 til 6.",
                },
                help_text="1 = slet ikke, 6 = i meget høj grad",
            )
