"""Forms for applications, decisions, joint financing, complaints and letter templates."""

from datetime import date

from django import forms
from django.utils import timezone

from indgang.core.forms import Form, date_field
from indgang.interventions.letters import letter_body_errors, placeholder_help
from indgang.interventions.models import (
    Application,
    Complaint,
    CoreTeamPosition,
    Decision,
    InterventionType,
    LegalBasis,
)
from indgang.interventions.services import Hours
from indgang.organisation.models import Department


def _year_choices(today: date):
    return [(y, str(y)) for y in range(today.year, today.year - 8, -1)]


class ApplicationForm(Form):
    intervention_type = forms.ModelChoiceField(
        label="Indsats", queryset=InterventionType.objects.all(), empty_label="Vælg indsats"
    )
    person = forms.ModelChoiceField(
        label="Hvem gælder det?",
        queryset=None,
        required=False,
        empty_label="Hele familien",
    )
    received_on = date_field("Modtaget den")
    started_by = forms.ChoiceField(
        label="Ansøgningen kommer fra",
        choices=[
            (Application.StartedBy.FAMILY, "Familien"),
            (Application.StartedBy.COORDINATOR, "Koordinatoren (på familiens vegne)"),
        ],
        widget=forms.RadioSelect,
        initial=Application.StartedBy.FAMILY,
    )
    description = forms.CharField(
        label="Hvad søges der om?", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = family.members.all()


class DecisionForm(Form):
    outcome = forms.ChoiceField(
        label="Afgørelse", choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    legal_basis = forms.ModelChoiceField(
        label="Hjemmel", queryset=LegalBasis.objects.none(), empty_label="Vælg hjemmel"
    )
    decided_on = date_field("Afgørelsesdato")
    justification = forms.CharField(
        label="Begrundelse",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Skriv i et klart sprog, så familien kan forstå, hvorfor.",
    )
    period_from = date_field("Bevilget fra", required=False)
    period_to = date_field(
        "Bevilget til og med", required=False, help_text="Tom, hvis bevillingen er løbende."
    )
    units_per_month = forms.DecimalField(
        label="Antal enheder pr. måned", required=False, min_value=0, decimal_places=2
    )
    amount_per_month = forms.DecimalField(
        label="Beløb pr. måned (kr.)", required=False, min_value=0, decimal_places=2
    )

    def __init__(self, *args, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].queryset = bases


class CostSplitForm(Form):
    """Up to four departments and their shares; blank rows are ignored."""

    ROWS = 4
    valid_from = date_field("Gælder fra")
    note = forms.CharField(label="Bemærkning", required=False, max_length=300)

    def __init__(self, *args, departments, initial_shares=(), **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(self.ROWS):
            dept, pct = initial_shares[i] if i < len(initial_shares) else (None, None)
            self.fields[f"department_{i}"] = forms.ModelChoiceField(
                label=f"Afdeling {i + 1}",
                queryset=departments,
                required=False,
                empty_label="–",
                initial=dept,
            )
            self.fields[f"percent_{i}"] = forms.DecimalField(
                label=f"Andel {i + 1} (%)",
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=pct,
            )
        self.fieldsets = [
            (
                "Fordeling",
                [n for i in range(self.ROWS) for n in (f"department_{i}", f"percent_{i}")],
            ),
            ("Gyldighed", ["valid_from", "note"]),
        ]

    def shares(self) -> list[tuple[Department, object]]:
        data = self.cleaned_data
        return [
            (data[f"department_{i}"], data[f"percent_{i}"])
            for i in range(self.ROWS)
            if data.get(f"department_{i}") or data.get(f"percent_{i}")
        ]


class ComplaintForm(Form):
    kind = forms.ChoiceField(
        label="Klagen gælder", choices=Complaint.Kind.choices, widget=forms.RadioSelect
    )
    # Any id is accepted here: the service refuses one that is not the family's decision.
    decision = forms.IntegerField(
        label="Afgørelse (ved klage over en afgørelse)", required=False, widget=forms.Select
    )
    received_on = date_field("Modtaget den")
    description = forms.CharField(
        label="Hvad går klagen ud på?", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.choices = [("", "–")] + [
            (d.pk, f"{d.intervention_type}: {d.get_outcome_display()} {d.decided_on:%d.%m.%Y}")
            for d in decisions
        ]


class HoursForm(Form):
    hours_counsellor = forms.DecimalField(
        label="Timer brugt, rådgiver", min_value=0, decimal_places=2, initial=0
    )
    hours_lawyer = forms.DecimalField(
        label="Timer brugt, jurist", min_value=0, decimal_places=2, initial=0
    )
    hours_leader = forms.DecimalField(
        label="Timer brugt, leder", min_value=0, decimal_places=2, initial=0
    )

    def hours(self) -> Hours:
        d = self.cleaned_data
        return Hours(d["hours_counsellor"], d["hours_lawyer"], d["hours_leader"])


class ReconsiderForm(HoursForm):
    reconsidered_on = date_field("Genvurderet den")
    outcome = forms.ChoiceField(
        label="Resultat",
        choices=[c for c in Complaint.Outcome.choices if c[0] != Complaint.Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    field_order = ["reconsidered_on", "outcome"]


class AppealForm(HoursForm):
    decided_on = date_field("Ankestyrelsen afgjorde den")
    appeal_outcome = forms.ChoiceField(
        label="Ankestyrelsens afgørelse",
        choices=[c for c in Complaint.AppealOutcome.choices if c[0]],
        widget=forms.RadioSelect,
    )
    field_order = ["decided_on", "appeal_outcome"]


class ReviewStartForm(Form):
    received_on = date_field("Revurderingen startes den")


class ReportForm(Form):
    year = forms.TypedChoiceField(label="År", coerce=int)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(today)
        self.fields["year"].initial = today.year


class LetterTemplateForm(Form):
    body = forms.CharField(
        label="Brevtekst",
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=(
            "Almindelig tekst. Felter i krøllede parenteser udfyldes med sagens oplysninger, "
            f"når brevet dannes: {placeholder_help()}. Se forklaringen af felterne under "
            "formularen. Andre felter og skabelonkode som {{ … }} eller {% … %} kan ikke bruges."
        ),
    )
    active = forms.BooleanField(label="I brug", required=False)

    def clean_body(self):
        body = self.cleaned_data["body"]
        errors = letter_body_errors(body)
        if errors:
            raise forms.ValidationError(errors)
        return body


# --- Core-team decisions ---------------------------------------------------------------------


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.starts_at:
            when = timezone.localtime(obj.starts_at)
            return f"{obj.get_type_display()} {when:%d.%m.%Y kl. %H:%M}"
        return f"{obj.get_type_display()} (ikke planlagt endnu)"


class CoreTeamProposalForm(DecisionForm):
    """The decision the core team is asked to make; decided on the day the team resolves it."""

    decided_on = None
    meeting = MeetingChoiceField(
        label="Kerneteamets møde",
        queryset=None,
        required=False,
        empty_label="Intet bestemt møde",
    )
    field_order = ["meeting", "outcome", "legal_basis", "justification"]

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["outcome"].label = "Foreslået afgørelse"


class CoreTeamPositionForm(Form):
    # Any id is accepted here: the service refuses someone who is not in the core team.
    member = forms.IntegerField(label="Kerneteammedlem", widget=forms.Select)
    position = forms.ChoiceField(
        label="Holdning", choices=CoreTeamPosition.Position.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Bemærkning",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Skal udfyldes, hvis medlemmet er uenigt.",
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget.choices = [("", "Vælg medlem")] + [
            (u.pk, f"{u}{f' ({u.profession})' if u.profession else ''}") for u in members
        ]


class CoreTeamResolveForm(Form):
    resolved_on = date_field("Behandlet på mødet den")


class DigitalPostForm(Form):
    """Which parent the decision letter goes to; Digital Post finds the mailbox by CPR number."""

    recipient = forms.TypedChoiceField(
        label="Modtager",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Vælg, hvem brevet skal sendes til.",
            "invalid_choice": "Vælg en af forældrene på listen.",
        },
    )

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        field.choices = [
            (p.pk, f"{p.full_name} ({p.get_relation_display().lower()}, CPR {p.masked_cpr})")
            for p in recipients
        ]
        if recipients and not self.is_bound:
            field.initial = recipients[0].pk
