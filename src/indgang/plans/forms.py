"""The plan's forms: DKFDS markup; the services decide what is allowed."""

from django import forms
from django.utils import formats, timezone

from indgang.core.forms import Form, ModelMultipleChoiceField, date_field
from indgang.plans.models import GoalProgress

TEXTAREA = forms.Textarea(attrs={"rows": 3})
CHOICE_ERRORS = {"invalid_choice": "Vælg en af de viste muligheder."}


def _staff_label(user) -> str:
    return f"{user} ({user.role_label})" if user.role else str(user)


class GoalForm(Form):
    wording = forms.CharField(
        label="Målet (fagpersonernes formulering)",
        widget=TEXTAREA,
        help_text="Konkret og realistisk, så alle kan se, hvad der skal ske.",
    )
    family_words = forms.CharField(
        label="Familiens egne ord",
        widget=TEXTAREA,
        required=False,
        help_text="Skriv målet, som forældrene selv siger det.",
    )
    success_criteria = forms.CharField(label="Sådan ved vi, at målet er nået", widget=TEXTAREA)
    target_date = date_field("Måldato")
    owners = ModelMultipleChoiceField(
        label="Ansvarlige medarbejdere",
        queryset=None,
        required=False,
        help_text="Hold Ctrl (eller Cmd) nede for at vælge flere.",
    )
    owners_text = forms.CharField(
        label="Andre ansvarlige",
        max_length=200,
        required=False,
        help_text="F.eks. Forældrene eller en ekstern aktør.",
    )
    planned_fields = ("target_date",)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = staff
        self.fields["owners"].label_from_instance = _staff_label


class SubGoalForm(Form):
    text = forms.CharField(label="Delmål", widget=TEXTAREA)
    target_date = date_field("Måldato", required=False)
    planned_fields = ("target_date",)


class ActivityForm(Form):
    text = forms.CharField(label="Aktivitet", widget=TEXTAREA)
    department = forms.ModelChoiceField(
        label="Afdeling", queryset=None, required=False, empty_label="Ingen afdeling valgt"
    )
    responsible = forms.ModelChoiceField(
        label="Ansvarlig medarbejder", queryset=None, required=False, empty_label="Ingen valgt"
    )

    def __init__(self, *args, staff, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["responsible"].queryset = staff
        self.fields["responsible"].label_from_instance = _staff_label


class AgreeForm(Form):
    agreed_on = date_field("Godkendt den", required=False)
    agreed_by = forms.ModelChoiceField(
        label="Godkendt af",
        queryset=None,
        required=False,
        empty_label="Vælg forælder",
        help_text="Den forælder med forældremyndighed, der har godkendt planen.",
    )
    family_agreed = forms.BooleanField(
        label="Familien har set planen og er enig i den", required=False
    )
    note = forms.CharField(label="Bemærkning", widget=TEXTAREA, required=False)

    def __init__(self, *args, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = guardians
        self.fields["agreed_by"].label_from_instance = lambda p: (
            f"{p.full_name} ({p.get_relation_display().lower()}"
            + (", forældremyndighed)" if getattr(p, "custody_here", p.has_custody) else ")")
        )
        self.initial.setdefault("agreed_on", timezone.localdate())


class CompareForm(Form):
    fra = forms.ChoiceField(label="Sammenlign version", error_messages=CHOICE_ERRORS)
    til = forms.ChoiceField(label="med", error_messages=CHOICE_ERRORS)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(v.number), f"Version {v.number} ({v.agreed_on:%d.%m.%Y})") for v in versions
        ]
        self.fields["fra"].choices = choices
        self.fields["til"].choices = [*choices, ("aktuel", "Planen, som den er nu")]


SCALE_CHOICES = [("", "Ikke angivet")] + [(str(n), str(n)) for n in range(1, 11)]


class FollowUpForm(Form):
    """One form with a row per goal: status, scale 1-10 and a note."""

    done_on = date_field("Opfølgningen blev holdt den")
    planned_fields = ("done_on",)
    note = forms.CharField(label="Samlet bemærkning", widget=TEXTAREA, required=False)

    meeting = forms.ModelChoiceField(
        label="Holdt på mødet",
        queryset=None,
        required=False,
        empty_label="Ikke på et møde",
        help_text="Opfølgningsmødet, som opfølgningen blev holdt på.",
    )

    def __init__(self, *args, goals, meetings, **kwargs):
        self.goals = goals
        super().__init__(*args, **kwargs)
        self.initial.setdefault("done_on", timezone.localdate())
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].widget.attrs["class"] = "form-select"
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m} {formats.date_format(timezone.localtime(m.starts_at), 'd.m.Y')}"
            if m.starts_at
            else f"{m} (ikke planlagt)"
        )
        for goal in goals:
            self.fields[f"status_{goal.pk}"] = forms.ChoiceField(
                label=f"Mål {goal.position}: Hvor langt er I?",
                choices=GoalProgress.Status.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Vælg, hvor langt I er med målet.", **CHOICE_ERRORS},
            )
            self.fields[f"scale_{goal.pk}"] = forms.TypedChoiceField(
                label=f"Mål {goal.position}: På en skala fra 1 til 10",
                choices=SCALE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages=CHOICE_ERRORS,
                help_text="1 er længst fra målet, 10 er målet nået.",
            )
            self.fields[f"note_{goal.pk}"] = forms.CharField(
                label=f"Mål {goal.position}: Bemærkning",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        # The radio lists get DKFDS's radio class (the mixin ran before these fields existed).
        for name, field in self.fields.items():
            if name.startswith("status_"):
                field.widget.attrs["class"] = "form-radio"
            elif name.startswith("scale_"):
                field.widget.attrs["class"] = "form-select"
            elif name.startswith("note_"):
                field.widget.attrs["class"] = "form-input"

    def rows(self):
        self.get_context()  # marks fields with errors aria-invalid, as the DKFDS template does
        return [
            (goal, [self[f"status_{goal.pk}"], self[f"scale_{goal.pk}"], self[f"note_{goal.pk}"]])
            for goal in self.goals
        ]

    def progress(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "goal": goal,
                "status": data.get(f"status_{goal.pk}"),
                "scale": data.get(f"scale_{goal.pk}"),
                "note": data.get(f"note_{goal.pk}", ""),
            }
            for goal in self.goals
        ]
