from django import forms
from django.utils import timezone

from indgang.core.forms import Form, ModelMultipleChoiceField, date_field
from indgang.core.validators import validate_date_range
from indgang.families.models import Person
from indgang.meetings.models import (
    DIMENSIONS_BY_SIDE,
    ENTRY_TEXTS,
    Agreement,
    AssessmentEntry,
    Dimension,
    Meeting,
    Participant,
    Side,
)
from indgang.organisation.models import Department, User
from indgang.plans.models import Goal


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _datetime_field(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H.%M"],
        required=False,
        validators=[validate_date_range],
        **kwargs,
    )


CASE_TYPES = [c for c in Meeting.Type.choices if c[0] != Meeting.Type.CORE_TEAM_WEEKLY]


class MeetingForm(Form):
    type = forms.ChoiceField(label="Mødetype", choices=CASE_TYPES)
    starts_at = _datetime_field(
        "Starter", help_text="Lad feltet stå tomt, hvis mødet endnu ikke er planlagt."
    )
    ends_at = _datetime_field(
        "Slutter", help_text="Tom: mødetypens sædvanlige varighed fra starttidspunktet."
    )
    place = forms.CharField(label="Sted", max_length=300, required=False)
    home_visit = forms.BooleanField(label="Hjemmebesøg", required=False)
    online_link = forms.URLField(label="Link til onlinemøde", required=False, assume_scheme="https")
    preparation_text = forms.CharField(
        label="Sådan foregår mødet (til familien)",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text="Tom: den faste tekst for mødetypen. Teksten sendes med invitationen.",
    )
    planned_fields = ("starts_at", "ends_at")

    def __init__(self, *args, weekly: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if weekly:
            self.fields["type"].choices = [
                (Meeting.Type.CORE_TEAM_WEEKLY, Meeting.Type.CORE_TEAM_WEEKLY.label)
            ]


class MeetingEditForm(MeetingForm):
    status = forms.ChoiceField(
        label="Status",
        choices=[c for c in Meeting.Status.choices if c[0] != Meeting.Status.CANCELLED],
    )
    minutes = forms.CharField(
        label="Referat", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    decisions = forms.CharField(
        label="Beslutninger", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        data = {f: getattr(meeting, f) for f in MeetingEditForm.base_fields}
        for f in ("starts_at", "ends_at"):
            if data[f]:
                data[f] = timezone.localtime(data[f])
        return data


class CancelForm(Form):
    reason = forms.CharField(label="Hvorfor aflyses mødet?", max_length=300, required=False)


class ConfirmForm(Form):
    pass


class StartupForm(Form):
    reason = forms.CharField(
        label="Anledning",
        max_length=300,
        help_text="Fx »Indskrivning« eller »Større ændring: familien er flyttet«.",
    )


class ParticipantForm(Form):
    kind = forms.ChoiceField(
        label="Deltagertype", choices=Participant.Kind.choices, widget=forms.RadioSelect
    )
    person = forms.ModelChoiceField(
        label="Familiemedlem", queryset=None, required=False, empty_label="Vælg"
    )
    user = forms.ModelChoiceField(
        label="Medarbejder eller samarbejdspartner",
        queryset=None,
        required=False,
        empty_label="Vælg",
    )
    name = forms.CharField(label="Navn (ekstern)", max_length=200, required=False)
    role = forms.CharField(label="Rolle", max_length=200, required=False)
    organisation = forms.CharField(label="Organisation (ekstern)", max_length=200, required=False)
    email = forms.EmailField(label="E-mail (ekstern)", required=False)

    def __init__(self, *args, family, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = family.members.all()
        self.fields["user"].queryset = staff

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Participant.Kind.FAMILY and not data.get("person"):
            self.add_error("person", "Vælg familiemedlemmet.")
        if kind == Participant.Kind.STAFF and not data.get("user"):
            self.add_error("user", "Vælg medarbejderen.")
        if kind == Participant.Kind.EXTERNAL and not data.get("name"):
            self.add_error("name", "Skriv deltagerens navn.")
        return data

    def service_data(self) -> dict:
        d = self.cleaned_data
        kind = d["kind"]
        data = {"kind": kind, "role": d["role"]}
        if kind == Participant.Kind.FAMILY:
            data["person"] = d["person"]
        elif kind == Participant.Kind.STAFF:
            data["user"] = d["user"]
        else:
            data.update(name=d["name"], organisation=d["organisation"], email=d["email"])
        return data


class InviteForm(Form):
    """Several participants at once, pre-ticked with the meeting type's usual participants."""

    persons = ModelMultipleChoiceField(
        label="Familien",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    users = ModelMultipleChoiceField(
        label="Medarbejdere og samarbejdspartnere",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Eksterne deltagere tilføjes én ad gangen under »Tilføj ekstern deltager«.",
    )

    def __init__(self, *args, persons, staff, custodians=(), core_team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = persons
        self.fields["users"].queryset = staff
        custodian_ids = {p.pk for p in custodians}
        core_ids = set(core_team)
        self.fields["persons"].label_from_instance = lambda p: (
            f"{p.full_name} ({p.get_relation_display().lower()}"
            + (", forældremyndighed)" if p.pk in custodian_ids else ")")
        )
        self.fields["users"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username}"
            + (f", {u.profession}" if getattr(u, "profession", "") else "")
            + (" – kerneteam" if u.pk in core_ids else "")
        )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("persons") and not data.get("users"):
            raise forms.ValidationError("Vælg mindst én deltager.")
        return data


class ParticipantStatusForm(Form):
    invitation = forms.ChoiceField(label="Invitation", choices=Participant.Invitation.choices)
    attended = forms.NullBooleanField(label="Deltog", required=False)


class AgreementForm(Form):
    task = forms.CharField(label="Opgave", widget=forms.Textarea(attrs={"rows": 3}))
    owner_user = forms.ModelChoiceField(
        label="Ansvarlig person", queryset=User.objects.none(), required=False, empty_label="Ingen"
    )
    owner_department = forms.ModelChoiceField(
        label="Ansvarlig afdeling",
        queryset=Department.objects.none(),
        required=False,
        empty_label="Ingen",
        help_text="Vælg en person, en afdeling eller begge.",
    )
    due_on = date_field("Frist", required=False)
    meeting = forms.ModelChoiceField(
        label="Aftalt på mødet",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Intet",
    )
    goal = forms.ModelChoiceField(
        label="Hører til målet",
        queryset=Goal.objects.none(),
        required=False,
        empty_label="Intet mål",
        help_text="Mål fra familiens fælles plan.",
    )
    planned_fields = ("due_on",)

    def __init__(self, *args, staff, departments, meetings, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = staff
        self.fields["owner_department"].queryset = departments
        self.fields["meeting"].queryset = meetings
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda g: f"{g.position}. {g.wording}"


class AgreementEditForm(AgreementForm):
    status = forms.ChoiceField(label="Status", choices=Agreement.Status.choices)


FIELD_LABELS = {f: AssessmentEntry._meta.get_field(f).verbose_name for f in ENTRY_TEXTS}


class AssessmentForm(Form):
    """The whole ICS triangle on one form: four texts per dimension, then the wishes."""

    assessed_on = date_field("Udredt den")
    meeting = forms.ModelChoiceField(
        label="Udredningsmøde", queryset=Meeting.objects.none(), required=False, empty_label="Intet"
    )
    wishes = forms.CharField(
        label="Familiens ønsker",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Ét ønske pr. linje, i familiens egen prioritering: det vigtigste først.",
    )
    summary = forms.CharField(
        label="Samlet vurdering", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        for dims in DIMENSIONS_BY_SIDE.values():
            for dim in dims:
                for f in ENTRY_TEXTS:
                    self.fields[f"{dim}__{f}"] = forms.CharField(
                        label=f"{Dimension(dim).label}: {FIELD_LABELS[f]}",
                        widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}),
                        required=False,
                    )

    def groups(self):
        """Side → dimension → its four fields, for the template."""
        return [
            (
                Side(side).label,
                [(Dimension(d).label, [self[f"{d}__{f}"] for f in ENTRY_TEXTS]) for d in dims],
            )
            for side, dims in DIMENSIONS_BY_SIDE.items()
        ]

    def entries(self) -> dict:
        d = self.cleaned_data
        return {
            dim: {f: d.get(f"{dim}__{f}", "") for f in ENTRY_TEXTS}
            for dims in DIMENSIONS_BY_SIDE.values()
            for dim in dims
        }

    def wish_list(self) -> list[str]:
        return self.cleaned_data.get("wishes", "").splitlines()

    @staticmethod
    def initial_for(assessment) -> dict:
        initial = {
            "assessed_on": assessment.assessed_on,
            "meeting": assessment.meeting_id,
            "summary": assessment.summary,
            "wishes": "\n".join(w.text for w in assessment.wishes.all()),
        }
        for entry in assessment.entries.all():
            for f in ENTRY_TEXTS:
                initial[f"{entry.dimension}__{f}"] = getattr(entry, f)
        return initial


class CompareForm(Form):
    a = forms.ModelChoiceField(label="Første udredning", queryset=None, empty_label=None)
    b = forms.ModelChoiceField(label="Anden udredning", queryset=None, empty_label=None)

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = assessments
        self.fields["b"].queryset = assessments

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("a") == data.get("b"):
            self.add_error("b", "Vælg to forskellige udredninger.")
        return data
