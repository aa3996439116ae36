from django import forms
from django.utils import timezone

from indgang.core.cpr import parse_cpr
from indgang.core.forms import DKFDSFormMixin, Form, ModelMultipleChoiceField, date_field
from indgang.core.validators import validate_date_range, validate_postcode
from indgang.families.models import Case, Cover, ExternalCase, Family, Person, ValueJump
from indgang.organisation.models import Municipality


def _today():
    return timezone.localdate()


class CPRField(forms.CharField):
    """Accepts DDMMÅÅ-XXXX or ten digits; checks format and date, not modulus 11."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "CPR-nummer")
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("help_text", "10 cifre, f.eks. 010203-1234.")
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})

    def clean(self, value):
        value = super().clean(value)
        if value:
            parse_cpr(value)
        return value


class FamilyForm(DKFDSFormMixin, forms.ModelForm):
    class Meta:
        model = Family
        fields = [
            "name",
            "municipality",
            "address",
            "postcode",
            "city",
            "language",
            "interpreter_needed",
            "preferred_contact",
        ]

    def __init__(self, *args, centre=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centre is not None:
            self.fields["municipality"].queryset = centre.municipalities.all()
        self.fields["municipality"].empty_label = "Vælg kommune"
        self.fields["postcode"].validators.append(validate_postcode)


class PersonForm(DKFDSFormMixin, forms.ModelForm):
    cpr = CPRField(required=False)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "cpr",
            "birth_date",
            "relation",
            "has_custody",
            "phone",
            "email",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"birth_date": "Udfyldes kun, hvis personen ikke har et CPR-nummer."}

    def __init__(self, *args, show_cpr: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].validators.append(validate_date_range)
        if self.instance.pk:
            # Custody is recorded per child, on the child's custody page.
            del self.fields["has_custody"]
        else:
            self.fields["has_custody"].label = "Har forældremyndighed over husstandens børn"
            self.fields[
                "has_custody"
            ].help_text = "Gælder forældre og værger. Ret det bagefter pr. barn på barnets side."
        if self.instance.pk and self.instance.cpr:
            self.initial["cpr"] = f"{self.instance.cpr[:6]}-{self.instance.cpr[6:]}"
        if not show_cpr:
            del self.fields["cpr"]

    def clean(self):
        data = super().clean()
        if not data.get("cpr") and not data.get("birth_date") and "cpr" in self.fields:
            self.add_error("birth_date", "Angiv CPR-nummer eller fødselsdato.")
        return data

    def _post_clean(self):
        # The service validates the instance; the form only checks its own fields.
        pass


class ReferralForm(Form):
    """A new family: the household, the child in the target group and one parent."""

    family_name = forms.CharField(label="Familiens navn", max_length=200)
    municipality = forms.ModelChoiceField(
        label="Bopælskommune", queryset=Municipality.objects.none(), empty_label="Vælg kommune"
    )
    address = forms.CharField(label="Adresse", max_length=300, required=False)
    postcode = forms.CharField(
        label="Postnummer", max_length=4, required=False, validators=[validate_postcode]
    )
    city = forms.CharField(label="By", max_length=100, required=False)
    language = forms.CharField(label="Sprog", max_length=50, initial="dansk")
    interpreter_needed = forms.BooleanField(label="Behov for tolk", required=False)
    preferred_contact = forms.ChoiceField(
        label="Foretrukken kontaktform", choices=Family.ContactForm.choices
    )
    child_first_name = forms.CharField(label="Barnets fornavn", max_length=100)
    child_last_name = forms.CharField(label="Barnets efternavn", max_length=100)
    child_cpr = CPRField(label="Barnets CPR-nummer")
    parent_first_name = forms.CharField(label="Forælderens fornavn", max_length=100)
    parent_last_name = forms.CharField(label="Forælderens efternavn", max_length=100)
    parent_cpr = CPRField(label="Forælderens CPR-nummer", required=False)
    parent_has_custody = forms.BooleanField(
        label="Forælderen har forældremyndighed", required=False, initial=True
    )
    parent_phone = forms.CharField(label="Forælderens telefon", max_length=20, required=False)
    parent_email = forms.EmailField(label="Forælderens e-mail", required=False)
    referred_on = date_field("Henvist den", initial=_today)
    referral_source = forms.CharField(label="Henvist af", max_length=200, required=False)

    fieldsets = [
        (
            "Familien",
            [
                "family_name",
                "municipality",
                "address",
                "postcode",
                "city",
                "language",
                "interpreter_needed",
                "preferred_contact",
            ],
        ),
        ("Barnet i målgruppen", ["child_first_name", "child_last_name", "child_cpr"]),
        (
            "Forælder",
            [
                "parent_first_name",
                "parent_last_name",
                "parent_cpr",
                "parent_has_custody",
                "parent_phone",
                "parent_email",
            ],
        ),
        ("Henvisning", ["referred_on", "referral_source"]),
    ]

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = centre.municipalities.all()

    def clean(self):
        data = super().clean()
        child, parent = data.get("child_cpr"), data.get("parent_cpr")
        if child and parent and parse_cpr(child)[0] == parse_cpr(parent)[0]:
            self.add_error("parent_cpr", "Forælderen og barnet kan ikke have samme CPR-nummer.")
        return data

    def family_data(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["family_name"],
            "municipality": d["municipality"],
            "address": d["address"],
            "postcode": d["postcode"],
            "city": d["city"],
            "language": d["language"],
            "interpreter_needed": d["interpreter_needed"],
            "preferred_contact": d["preferred_contact"],
        }

    def members(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {
                "first_name": d["child_first_name"],
                "last_name": d["child_last_name"],
                "cpr": d["child_cpr"],
                "relation": Person.Relation.CHILD,
            },
            {
                "first_name": d["parent_first_name"],
                "last_name": d["parent_last_name"],
                "cpr": d["parent_cpr"] or None,
                "relation": Person.Relation.PARENT,
                "has_custody": d["parent_has_custody"],
                "phone": d["parent_phone"],
                "email": d["parent_email"],
            },
        ]


YES_NO = [("", "Ikke vurderet"), ("yes", "Ja"), ("no", "Nej")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class EligibilityForm(Form):
    child = forms.ModelChoiceField(label="Barn", queryset=Person.objects.none(), empty_label=None)
    assessed_on = date_field("Vurderet den", initial=_today)
    several_interventions_expected = forms.ChoiceField(
        label="Forventes flere indsatser, typisk efter forskellig lovgivning?",
        choices=YES_NO,
        required=False,
        help_text="Vurderes for børn over den automatiske aldersgrænse (2-6 år i KOS).",
    )
    significant_daily_life_effect = forms.ChoiceField(
        label="Påvirker funktionsnedsættelsen familiens trivsel og hverdag betydeligt?",
        choices=YES_NO,
        required=False,
    )
    judged_by = forms.CharField(
        label="Vurderet af",
        max_length=300,
        help_text="Fx specialrådgiverne og lederen af socialområdet.",
    )
    note = forms.CharField(
        label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = case.family.members.filter(relation=Person.Relation.CHILD)

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["several_interventions_expected"] = _yes_no(d["several_interventions_expected"])
        d["significant_daily_life_effect"] = _yes_no(d["significant_daily_life_effect"])
        return d


class ConsentForm(Form):
    given_by = forms.ModelChoiceField(
        label="Givet af", queryset=Person.objects.none(), empty_label="Vælg forælder"
    )
    given_on = date_field("Givet den", initial=_today)
    covers = forms.CharField(
        label="Samtykket omfatter",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="Deltagelse i Én familie – én indgang og udveksling af oplysninger mellem de "
        "afdelinger, der er med i familiens sag.",
    )
    shares_with_partners = forms.BooleanField(
        label="Tilknyttede samarbejdspartnere må se hele sagen",
        required=False,
        help_text="Kontaktloggen, ICS-udredningen og alle afdelingers indsatser og beløb. Uden "
        "samtykket ser en samarbejdspartner planen, de møder, de er inviteret til, og det, der "
        "vedrører deres egen afdeling.",
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = case.family.members.filter(
            relation__in=[Person.Relation.PARENT, Person.Relation.GUARDIAN]
        )


class WithdrawConsentForm(Form):
    withdrawn_on = date_field("Trukket tilbage den", initial=_today)


class EnrolForm(Form):
    enrolled_on = date_field("Indskrevet den", initial=_today)
    coordinator = forms.ModelChoiceField(
        label="Familiekoordinator", queryset=None, empty_label="Vælg koordinator"
    )
    prior_case_months = forms.IntegerField(
        label="Forudgående sagslængde i måneder",
        min_value=0,
        max_value=240,
        required=False,
        help_text="Hvor længe familien har haft en sag i kommunen før indskrivningen.",
    )

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators


class DischargeForm(Form):
    discharged_on = date_field("Udskrevet den", initial=_today)
    reason = forms.ChoiceField(
        label="Årsag", choices=[("", "Vælg årsag"), *Case.DischargeReason.choices]
    )
    note = forms.CharField(
        label="Bemærkning", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AssignCoordinatorForm(Form):
    coordinator = forms.ModelChoiceField(
        label="Familiekoordinator", queryset=None, empty_label="Vælg koordinator"
    )

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators


class HandoverForm(Form):
    """The handover note, pre-filled from the case: one text per section, to add to and edit."""

    to_coordinator = forms.ModelChoiceField(
        label="Ny familiekoordinator", queryset=None, empty_label="Vælg koordinator"
    )
    situation_and_wishes = forms.CharField(
        label="Familiens situation og ønsker",
        help_text="Med jeres egne ord: det, familien ikke skal fortælle igen.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, coordinators, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_coordinator"].queryset = coordinators
        self.sections = list(sections)
        for item in self.sections:
            self.fields[f"section_{item['key']}"] = forms.CharField(
                label=item["title"],
                required=False,
                max_length=20000,
                initial="\n".join(f"- {line}" for line in item["items"]),
                help_text="Hentet fra sagen. Ret og tilføj.",
                widget=forms.Textarea(attrs={"rows": max(3, min(12, len(item["items"]) + 1))}),
            )

    def note(self) -> dict:
        return {"situation_and_wishes": self.cleaned_data["situation_and_wishes"]}

    def edited_sections(self) -> list[dict]:
        return [
            {
                "key": item["key"],
                "title": item["title"],
                "text": self.cleaned_data.get(f"section_{item['key']}", ""),
            }
            for item in self.sections
        ]


class CoverForm(Form):
    deputy = forms.ModelChoiceField(
        label="Hvem dækker", queryset=None, empty_label="Vælg koordinator"
    )
    reason = forms.ChoiceField(label="Årsag", choices=[("", "Vælg årsag"), *Cover.Reason.choices])
    starts_on = date_field("Fra og med", initial=_today)
    ends_on = date_field("Til og med", help_text="Dækningen slutter af sig selv efter denne dag.")

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = coordinators


class PartnerLinkForm(Form):
    user = forms.ModelChoiceField(label="Medarbejder", queryset=None, empty_label="Vælg")
    role_in_case = forms.CharField(label="Rolle i familiens sag", max_length=200)
    linked_on = date_field("Tilknyttet fra", initial=_today)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda u: (
            f"{u} – {u.profession or u.role_label}"
            + (f", {u.department.name}" if u.department else "")
        )


class ExternalCaseForm(Form):
    person = forms.ModelChoiceField(label="Familiemedlem", queryset=None, empty_label=None)
    municipality = forms.ModelChoiceField(label="Kommune", queryset=None, empty_label=None)
    area = forms.ChoiceField(label="Område", choices=ExternalCase.Area.choices)
    case_worker = forms.CharField(label="Sagsbehandler", max_length=200, required=False)
    department = forms.CharField(label="Afdeling", max_length=200, required=False)

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = family.members.all()
        self.fields["municipality"].queryset = family.centre.municipalities.all()


class FamilySearchForm(Form):
    q = forms.CharField(label="Søg på navn", required=False, max_length=100)


class CPRSearchForm(Form):
    """Sent by POST so the number never appears in a URL or an access log."""

    cpr = CPRField(label="Søg på CPR-nummer")


class ReopenForm(Form):
    referred_on = date_field("Henvist den", initial=_today)
    referral_source = forms.CharField(label="Henvist af", max_length=200, required=False)


class UnlinkForm(Form):
    unlinked_on = date_field("Afmeldt fra", initial=_today)


class ValueJumpForm(Form):
    reason = forms.ChoiceField(
        label="Hvorfor skal du åbne familien?",
        choices=ValueJump.Reason.choices,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label="Uddybning",
        required=False,
        max_length=300,
        help_text="Skal udfyldes ved »Anden grund«. Skriv ikke CPR-numre.",
    )


class CustodyForm(Form):
    guardians = ModelMultipleChoiceField(
        label="Har forældremyndighed over barnet",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Sæt flueben ved hver forælder eller værge med forældremyndighed.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardians"].queryset = choices
        self.fields["guardians"].widget.attrs["class"] = "form-checkbox"


class HouseholdJoinForm(Form):
    """A parent already registered in another household of the centre, found by CPR."""

    cpr = CPRField(label="CPR-nummer")
    relation = forms.ChoiceField(
        label="Relation i denne husstand",
        choices=[
            (Person.Relation.PARENT, Person.Relation.PARENT.label),
            (Person.Relation.GUARDIAN, Person.Relation.GUARDIAN.label),
        ],
    )
    custody_of = ModelMultipleChoiceField(
        label="Har forældremyndighed over",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Fælles forældremyndighed: sæt flueben ved barnet.",
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custody_of"].queryset = children
        self.fields["custody_of"].widget.attrs["class"] = "form-checkbox"
