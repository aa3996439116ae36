"""Forms for the leader's core-team page."""

from django import forms

from indgang.core.forms import Form
from indgang.organisation.models import CoreTeamMembership


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        extra = obj.profession or obj.role_label
        return f"{obj.get_full_name() or obj.username} ({extra})" if extra else str(obj)


class CoreTeamAddForm(Form):
    user = StaffChoiceField(
        label="Medarbejder",
        queryset=None,
        empty_label="Vælg medarbejder",
        help_text="Medarbejdere i dit center, som ikke allerede er i kerneteamet.",
        error_messages={
            "required": "Vælg den medarbejder, der skal med i kerneteamet.",
            "invalid_choice": "Vælg en medarbejder fra listen.",
        },
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=CoreTeamMembership.Kind.choices,
        widget=forms.RadioSelect,
        initial=CoreTeamMembership.Kind.FIXED,
        help_text="Faste medlemmer ser centrets familier; fleksible inviteres pr. sag.",
        error_messages={
            "required": "Vælg fast eller fleksibelt medlem.",
            "invalid_choice": "Vælg fast eller fleksibelt medlem.",
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class CoreTeamKindForm(Form):
    kind = forms.ChoiceField(
        label="Type",
        choices=CoreTeamMembership.Kind.choices,
        error_messages={
            "required": "Vælg fast eller fleksibelt medlem.",
            "invalid_choice": "Vælg fast eller fleksibelt medlem.",
        },
    )
