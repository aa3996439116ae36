from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from indgang.core.forms import DKFDSFormMixin, Form


class ParentLoginForm(DKFDSFormMixin, AuthenticationForm):
    """E-mail and password; only a parent's account gets through (confirm_login_allowed)."""

    error_messages = {
        "invalid_login": _("Forkert e-mail eller adgangskode. Prøv igen."),
        "inactive": _("Din adgang er lukket. Kontakt din familiekoordinator."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].label = _("Adgangskode")

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.role or not hasattr(user, "parent_account"):
            # Staff sign in on the staff page; say no more than for a wrong password.
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class SetPasswordForm(Form):
    password1 = forms.CharField(
        label=_("Ny adgangskode"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("Mindst 12 tegn. Brug gerne en sætning, du kan huske."),
    )
    password2 = forms.CharField(
        label=_("Gentag adgangskoden"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        return data


class GoalCommentForm(Form):
    text = forms.CharField(
        label=_("Jeres kommentar til målet"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GoalSuggestionForm(Form):
    text = forms.CharField(
        label=_("Forslag til et nyt mål"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv med jeres egne ord, hvad I gerne vil have, der skal ske."),
    )


class MeetingResponseForm(Form):
    answer = forms.ChoiceField(
        label=_("Jeres svar"),
        choices=[("accept", _("Vi kommer")), ("move", _("Vi vil gerne flytte mødet"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Hvis mødet skal flyttes: hvorfor, og hvornår passer det bedre?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "move" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv kort, hvorfor mødet skal flyttes."))
        return data


class MeetingTopicForm(Form):
    text = forms.CharField(
        label=_("Det vil vi gerne tale om på mødet"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentWithdrawForm(Form):
    confirm = forms.BooleanField(
        label=_(
            "Jeg forstår, at samarbejdet i Én familie – én indgang stopper, når samtykket trækkes tilbage."
        ),
        error_messages={"required": _("Sæt kryds for at bekræfte.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class MessageForm(Form):
    body = forms.CharField(
        label=_("Besked"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(
        label=_("Vedhæft filer"),
        required=False,
        help_text=_("PDF eller billeder (PNG, JPEG), højst 10 MB pr. fil."),
    )


SCALE = [(n, str(n)) for n in range(1, 7)]


class MeetingFeedbackForm(Form):
    useful = forms.TypedChoiceField(
        label=_("Var mødet nyttigt for jer? (1 = slet ikke, 6 = i meget høj grad)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    heard = forms.TypedChoiceField(
        label=_("Følte I jer hørt? (1 = slet ikke, 6 = i meget høj grad)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    different = forms.CharField(
        label=_("Hvad skal være anderledes næste gang? (valgfrit)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ---------------------------------------------------------------- staff side (Danish only)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.username
        return f"{name}, {user.profession}" if getattr(user, "profession", "") else name


class ConversationMemberForm(Form):
    user = UserChoiceField(
        label="Medlem af kerneteamet",
        queryset=None,
        empty_label="Vælg …",
        error_messages={
            "required": "Vælg et medlem af kerneteamet.",
            "invalid_choice": "Vælg et medlem af kerneteamet i familiens center.",
        },
    )

    def __init__(self, *args, candidates=(), **kwargs):
        from indgang.organisation.models import User

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(pk__in=[u.pk for u in candidates])


class AvailabilityForm(Form):
    reach_text = forms.CharField(
        label="Hvornår kan familierne fange dig",
        max_length=300,
        required=False,
        help_text="F.eks. mandag-torsdag kl. 9-15, fredag kl. 9-12",
    )
    cover_text = forms.CharField(
        label="Når du er væk",
        max_length=300,
        required=False,
        help_text="Det, familierne skal vide, når du er på ferie eller syg. "
        "F.eks. ring til centrets fælles telefon 43 57 70 00",
    )
    covered_by = UserChoiceField(
        label="Hvem dækker, når du er væk",
        queryset=None,
        required=False,
        empty_label="Ingen bestemt kollega",
        error_messages={"invalid_choice": "Vælg en kollega fra dit eget center."},
    )

    def __init__(self, *args, user, **kwargs):
        from indgang.organisation.models import User
        from indgang.organisation.selectors import people

        super().__init__(*args, **kwargs)
        self.fields["covered_by"].queryset = (
            people(User.objects.filter(centre_id=user.centre_id, is_active=True))
            .exclude(role="")
            .exclude(pk=user.pk)
            .order_by("first_name", "last_name", "pk")
            if user.centre_id
            else User.objects.none()
        )
