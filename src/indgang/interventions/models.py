"""Interventions: the catalogue and its legal bases, applications, decisions (grants),
joint financing, review proposals and complaints."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.families.models import Case, Family, Person
from indgang.organisation.models import Department, Municipality

# --- The catalogue ---------------------------------------------------------------------


class LegalBasis(models.Model):
    """A paragraph of an act and the dates it applies; old grants stay under their old basis."""

    class Act(models.TextChoices):
        SERVICELOVEN = "serviceloven", _("Serviceloven")
        BARNETS_LOV = "barnets_lov", _("Barnets lov")
        DAGTILBUDSLOVEN = "dagtilbudsloven", _("Dagtilbudsloven")
        FOLKESKOLELOVEN = "folkeskoleloven", _("Folkeskoleloven")
        BESKAEFTIGELSE = "beskaeftigelse", _("Lov om aktiv beskæftigelsesindsats")
        SUNDHEDSLOVEN = "sundhedsloven", _("Sundhedsloven")
        OTHER = "other", _("Anden lov")

    act = models.CharField(_("lov"), max_length=20, choices=Act.choices)
    paragraph = models.CharField(_("paragraf"), max_length=100, help_text=_("F.eks. § 86"))
    title = models.CharField(_("kort beskrivelse"), max_length=200)
    valid_from = models.DateField(
        _("gælder fra"), null=True, blank=True, help_text=_("Tom: gjaldt før registreringerne")
    )
    valid_to = models.DateField(_("gælder til og med"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("afløst af"),
    )
    source = models.TextField(_("kilde"), blank=True)
    verified = models.BooleanField(_("kontrolleret mod lovteksten"), default=False)

    class Meta:
        ordering = ["act", "paragraph"]
        verbose_name = _("hjemmel")
        verbose_name_plural = _("hjemler")
        constraints = [
            models.UniqueConstraint(fields=["act", "paragraph"], name="legal_basis_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="legal_basis_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_act_display()} {self.paragraph}"

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class InterventionType(models.Model):
    """A kind of help a family can be granted (DOMAIN.md section 4)."""

    class Category(models.TextChoices):
        PREVENTIVE = "preventive", _("Forebyggende indsatser")
        PLACEMENT = "placement", _("Foranstaltninger og anbringelser")
        EXTRA_COSTS = "extra_costs", _("Merudgifter")
        LOST_EARNINGS = "lost_earnings", _("Tabt arbejdsfortjeneste")
        RESPITE = "respite", _("Aflastning")
        AIDS = "aids", _("Hjælpemidler og boligindretning")
        THERAPY = "therapy", _("Træning og terapi")
        CONSULTANCY = "consultancy", _("Konsulentbistand (PPR)")
        DAYCARE = "daycare", _("Dagtilbud og skole")
        OTHER = "other", _("Andet")

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    legal_bases = models.ManyToManyField(
        LegalBasis, blank=True, related_name="intervention_types", verbose_name=_("hjemler")
    )
    time_limited = models.BooleanField(
        _("tidsbegrænset (revurderes før udløb)"),
        default=False,
        help_text=_("F.eks. hjælpemidler barnet vokser fra og årlig revurdering af merudgifter"),
    )
    review_lead_days = models.PositiveSmallIntegerField(
        _("revurderingsforslag dage før udløb"), default=42
    )
    default_processing_weeks = models.PositiveSmallIntegerField(
        _("sagsbehandlingsfrist (uger), hvis kommunen ikke har fastsat en"), default=8
    )
    added_by = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilføjet af kommune"),
    )

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("indsatstype")
        verbose_name_plural = _("indsatstyper")

    def __str__(self):
        return self.name


class Unit(models.TextChoices):
    MONTH = "month", _("måned")
    HOUR = "hour", _("time")
    DAY = "day", _("døgn")
    COURSE = "course", _("forløb")
    PIECE = "piece", _("stk.")
    PLACE = "place", _("plads pr. måned")


class InterventionSetting(models.Model):
    """A municipality's terms for one intervention type: who grants, who pays, unit, deadline."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="intervention_settings"
    )
    intervention_type = models.ForeignKey(
        InterventionType, on_delete=models.CASCADE, related_name="settings"
    )
    granting_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("visitationskompetence"),
    )
    paying_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("betalingsforpligtelse"),
    )
    unit = models.CharField(_("enhed"), max_length=10, choices=Unit.choices, default=Unit.MONTH)
    unit_cost = models.DecimalField(
        _("enhedspris (kr.)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    processing_weeks = models.PositiveSmallIntegerField(_("sagsbehandlingsfrist (uger)"))

    class Meta:
        verbose_name = _("kommunal indsatsopsætning")
        verbose_name_plural = _("kommunale indsatsopsætninger")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "intervention_type"], name="intervention_setting_unique"
            ),
            models.CheckConstraint(
                condition=Q(processing_weeks__gte=1), name="intervention_setting_deadline_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_cost__gte=0), name="intervention_setting_cost_not_negative"
            ),
        ]


class MunicipalityPolicy(models.Model):
    """A municipality's hourly rates for complaint work and its core-team decision rule."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="intervention_policy"
    )
    counsellor_rate = models.DecimalField(
        _("timepris rådgiver (kr.)"), max_digits=8, decimal_places=2, default=Decimal("275")
    )
    lawyer_rate = models.DecimalField(
        _("timepris jurist (kr.)"), max_digits=8, decimal_places=2, default=Decimal("310")
    )
    leader_rate = models.DecimalField(
        _("timepris leder (kr.)"), max_digits=8, decimal_places=2, default=Decimal("370")
    )
    core_team_may_decide = models.BooleanField(
        _("kerneteamet må træffe afgørelse ved enighed"), default=False
    )
    # The sender of the municipality's Digital Post (MeMo Sender, idType CVR); public, not personal.
    digital_post_cvr = models.CharField(
        _("CVR-nummer til Digital Post"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{8}$", _("Et CVR-nummer er 8 cifre."))],
    )

    class Meta:
        verbose_name_plural = _("kommunernes takster for indsatser og klager")
        verbose_name = _("kommunens takster for indsatser og klager")


DEFAULT_RATES = {
    "counsellor": Decimal("275"),
    "lawyer": Decimal("310"),
    "leader": Decimal("370"),
}


# --- Applications and decisions ------------------------------------------------------------


class Application(models.Model):
    """An application for an intervention, from the family or started by the coordinator."""

    class StartedBy(models.TextChoices):
        FAMILY = "family", _("Familien")
        COORDINATOR = "coordinator", _("Koordinatoren")
        REVIEW = "review", _("Revurdering af en bevilling")

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Under behandling")
        DECIDED = "decided", _("Afgjort")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="applications")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="applications")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("indsats"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("vedrører"),
    )
    received_on = models.DateField(_("modtaget den"))
    deadline = models.DateField(_("sagsbehandlingsfrist"))
    started_by = models.CharField(
        _("ansøgningen kommer fra"), max_length=12, choices=StartedBy.choices
    )
    description = models.TextField(_("hvad der søges om"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROCESSING
    )
    referred_on = models.DateField(
        _("sendt til visitationsudvalget den"),
        null=True,
        blank=True,
        help_text=_("Kerneteamet kunne ikke træffe afgørelsen"),
    )
    renews = models.ForeignKey(
        "Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("revurderer bevilling"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("ansøgning")
        verbose_name_plural = _("ansøgninger")
        indexes = [
            models.Index(fields=["family", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("received_on")), name="application_deadline_after"
            ),
        ]

    def __str__(self):
        return f"{self.intervention_type} ({self.received_on:%d.%m.%Y})"

    def is_overdue(self, on: date) -> bool:
        return self.status == self.Status.PROCESSING and on > self.deadline


def grant_is_current(
    outcome: str, period_from: date | None, period_to: date | None, on: date
) -> bool:
    """A decision grants something on this day (``Decision.is_current``; also for the short
    rows the overview reads without building decisions)."""
    return (
        outcome != Decision.Outcome.REFUSED
        and period_from is not None
        and period_from <= on
        and (period_to is None or on <= period_to)
    )


class Decision(models.Model):
    """The decision on an application; a granted or partly granted decision is a grant."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Bevilget")
        PARTLY = "partly", _("Delvist bevilget")
        REFUSED = "refused", _("Afslag")

    class MadeBy(models.TextChoices):
        CASEWORKER = "caseworker", _("Sagsbehandleren")
        CORE_TEAM = "core_team", _("Kerneteamet")
        COMMITTEE = "committee", _("Visitationsudvalget")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="decisions")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    intervention_type = models.ForeignKey(
        InterventionType, on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("afgørelse"), max_length=10, choices=Outcome.choices)
    justification = models.TextField(_("begrundelse"))
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("hjemmel")
    )
    decided_on = models.DateField(_("afgørelsesdato"))
    period_from = models.DateField(_("bevilget fra"), null=True, blank=True)
    period_to = models.DateField(_("bevilget til og med"), null=True, blank=True)
    units_per_month = models.DecimalField(
        _("antal enheder pr. måned"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    amount_per_month = models.DecimalField(
        _("beløb pr. måned (kr.)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("enhed"), max_length=10, choices=Unit.choices, blank=True)
    complaint_guidance = models.TextField(_("klagevejledning"))
    processing_days = models.PositiveIntegerField(_("sagsbehandlingstid (dage)"))
    within_deadline = models.BooleanField(_("inden for fristen"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_by = models.CharField(
        _("afgørelsen er truffet af"),
        max_length=10,
        choices=MadeBy.choices,
        default=MadeBy.CASEWORKER,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The letter as a Digital Post message (digital_post.py): when the caseworker took the MeMo
    # message for sending, by whom, to whom and its messageUUID (to match the gateway's receipt).
    # The CPR number itself is never stored here: it is read from the person when the message
    # is made. Every sending is also an audit event.
    digital_post_sent_at = models.DateTimeField(_("sendt med Digital Post"), null=True, blank=True)
    digital_post_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    digital_post_recipient = models.ForeignKey(
        Person, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    digital_post_message_uuid = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("afgørelse")
        verbose_name_plural = _("afgørelser")
        indexes = [
            models.Index(fields=["municipality", "decided_on"]),
            models.Index(fields=["decided_on", "intervention_type"]),
            models.Index(fields=["outcome", "period_to"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__isnull=True)
                | Q(period_from__isnull=True)
                | Q(period_to__gte=F("period_from")),
                name="decision_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(outcome="refused") | Q(period_from__isnull=False),
                name="decision_grant_has_start",
            ),
            models.CheckConstraint(
                condition=Q(amount_per_month__isnull=True) | Q(amount_per_month__gte=0),
                name="decision_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(units_per_month__isnull=True) | Q(units_per_month__gte=0),
                name="decision_units_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.intervention_type}: {self.get_outcome_display()} {self.decided_on:%d.%m.%Y}"

    @property
    def is_grant(self) -> bool:
        return self.outcome != self.Outcome.REFUSED

    def is_current(self, on: date) -> bool:
        return grant_is_current(self.outcome, self.period_from, self.period_to, on)

    def monthly_cost(self, unit_cost: Decimal | None = None) -> Decimal:
        """What the grant costs a month: the amount, or the units at the municipality's price."""
        if not self.is_grant:
            return Decimal("0")
        if self.amount_per_month is not None:
            return self.amount_per_month
        if self.units_per_month is not None and unit_cost is not None:
            return (self.units_per_month * unit_cost).quantize(Decimal("0.01"))
        return Decimal("0")


class DecisionLetterTemplate(models.Model):
    """A municipality's decision letter in plain Danish with named placeholders such as
    ``{modtager}`` (letters.PLACEHOLDERS); it never reaches the template engine."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="letter_templates",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    outcome = models.CharField(
        _("afgørelse"), max_length=10, choices=Decision.Outcome.choices, blank=True
    )
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letter_templates",
        verbose_name=_("indsats (tom: alle)"),
    )
    body = models.TextField(_("brevtekst"))
    active = models.BooleanField(_("i brug"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__name", "name", "pk"]
        verbose_name = _("brevskabelon")
        verbose_name_plural = _("brevskabeloner")

    def __str__(self):
        return self.name


class DecisionLetterTemplateVersion(models.Model):
    """One saved state of a letter template: every save keeps one, numbered from 1."""

    template = models.ForeignKey(
        DecisionLetterTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("brevtekst"))
    active = models.BooleanField(_("i brug"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemt af"),
    )
    saved_at = models.DateTimeField(_("gemt"), default=timezone.now)

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("version af brevskabelon")
        verbose_name_plural = _("versioner af brevskabeloner")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="letter_template_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="letter_template_version_positive"
            ),
        ]

    def __str__(self):
        return f"{self.template} v{self.number}"


class ReviewProposal(models.Model):
    """A time-limited grant about to end: a proposal to review it, so nobody re-applies."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="review")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="review_proposals")
    proposed_on = models.DateField(_("foreslået den"))
    ends_on = models.DateField(_("bevillingen udløber"))
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_proposal",
    )

    class Meta:
        verbose_name_plural = _("revurderingsforslag")
        ordering = ["ends_on", "id"]
        verbose_name = _("revurderingsforslag")


# --- Joint financing ------------------------------------------------------------------------


class CostSplit(models.Model):
    """One version of how a grant's cost is split across departments (shares sum to 100 %)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="cost_splits")
    version = models.PositiveSmallIntegerField()
    valid_from = models.DateField(_("gælder fra"))
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("udgiftsfordeling")
        verbose_name_plural = _("udgiftsfordelinger")
        ordering = ["decision", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "version"], name="cost_split_version"),
        ]


class CostShare(models.Model):
    split = models.ForeignKey(CostSplit, on_delete=models.CASCADE, related_name="shares")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(
        _("andel (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("udgiftsandel")
        verbose_name_plural = _("udgiftsandele")
        ordering = ["-percent", "id"]
        constraints = [
            models.UniqueConstraint(fields=["split", "department"], name="cost_share_unique"),
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100), name="cost_share_in_range"
            ),
        ]


class FinancingCriterion(models.Model):
    """A rule for which families' cases may be jointly financed, kept as data."""

    class Kind(models.TextChoices):
        SECTOR_AREAS = "sector_areas", _("Familien har sager i mindst N sektorområder")
        GRANTS = "grants", _("Familien har mindst N aktuelle bevillinger")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune (tom: alle)"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    threshold = models.PositiveSmallIntegerField(_("N"), default=2)
    description = models.CharField(_("beskrivelse"), max_length=300)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = _("kriterier for fælles finansiering")
        ordering = ["id"]
        verbose_name = _("kriterium for fælles finansiering")


# --- Complaints -------------------------------------------------------------------------------


class Complaint(models.Model):
    """A complaint about case handling or a decision, its reconsideration and outcome."""

    class Kind(models.TextChoices):
        CASE_HANDLING = "case_handling", _("Klage over sagsbehandlingen")
        DECISION = "decision", _("Klage over en afgørelse")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Afventer genvurdering")
        UPHELD = "upheld", _("Afgørelsen fastholdt")
        CHANGED = "changed", _("Afgørelsen ændret (medhold)")
        SENT_ON = "sent_on", _("Sendt videre til Ankestyrelsen")
        ANSWERED = "answered", _("Besvaret")

    class AppealOutcome(models.TextChoices):
        NONE = "", _("–")
        UPHELD = "upheld", _("Stadfæstet")
        CHANGED = "changed", _("Ændret")
        SENT_BACK = "sent_back", _("Hjemvist")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="complaints")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="complaints")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("klagen gælder"), max_length=14, choices=Kind.choices)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("afgørelse"),
    )
    received_on = models.DateField(_("modtaget den"))
    reconsideration_deadline = models.DateField(_("frist for genvurdering"))
    description = models.TextField(_("hvad klagen går ud på"), blank=True)
    outcome = models.CharField(
        _("resultat"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    reconsidered_on = models.DateField(_("genvurderet den"), null=True, blank=True)
    appeal_outcome = models.CharField(
        _("Ankestyrelsens afgørelse"),
        max_length=10,
        choices=AppealOutcome.choices,
        blank=True,
        default="",
    )
    appeal_decided_on = models.DateField(_("Ankestyrelsen afgjorde den"), null=True, blank=True)
    hours_counsellor = models.DecimalField(
        _("timer, rådgiver"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    hours_lawyer = models.DecimalField(
        _("timer, jurist"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    hours_leader = models.DecimalField(
        _("timer, leder"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        indexes = [models.Index(fields=["municipality", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="decision", decision__isnull=False)
                | Q(kind="case_handling", decision__isnull=True),
                name="complaint_decision_iff_kind",
            ),
            models.CheckConstraint(
                condition=Q(reconsidered_on__isnull=True)
                | Q(reconsidered_on__gte=F("received_on")),
                name="complaint_reconsidered_after_received",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending", reconsidered_on__isnull=True)
                | (~Q(outcome="pending") & Q(reconsidered_on__isnull=False)),
                name="complaint_outcome_has_date",
            ),
            models.CheckConstraint(
                condition=Q(appeal_outcome="") | Q(outcome="sent_on"),
                name="complaint_appeal_only_when_sent_on",
            ),
            models.CheckConstraint(
                condition=Q(hours_counsellor__gte=0)
                & Q(hours_lawyer__gte=0)
                & Q(hours_leader__gte=0),
                name="complaint_hours_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.received_on:%d.%m.%Y})"

    def is_overdue(self, on: date) -> bool:
        return self.outcome == self.Outcome.PENDING and on > self.reconsideration_deadline

    def cost(self, policy: "MunicipalityPolicy | None") -> Decimal:
        return complaint_cost(self.hours_counsellor, self.hours_lawyer, self.hours_leader, policy)


def complaint_cost(
    counsellor: Decimal, lawyer: Decimal, leader: Decimal, policy: MunicipalityPolicy | None
) -> Decimal:
    """What a complaint's hours cost at the municipality's rates (KOS: 275 / 310 / 370)."""
    if policy:
        rates = (policy.counsellor_rate, policy.lawyer_rate, policy.leader_rate)
    else:
        rates = (DEFAULT_RATES["counsellor"], DEFAULT_RATES["lawyer"], DEFAULT_RATES["leader"])
    return (counsellor * rates[0] + lawyer * rates[1] + leader * rates[2]).quantize(Decimal("0.01"))


# --- Core-team decisions ----------------------------------------------------------------------


class CoreTeamProposal(models.Model):
    """A proposed decision on an application, put to the core team's meeting.

    If every member present agrees and the municipality lets the core team decide, the proposal
    becomes the Decision; otherwise the application goes to the visitation committee.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Afventer kerneteamet")
        DECIDED = "decided", _("Afgjort af kerneteamet")
        REFERRED = "referred", _("Sendt til visitationsudvalget")

    class Referral(models.TextChoices):
        NONE = "", _("–")
        NOT_UNANIMOUS = "not_unanimous", _("Kerneteamet var ikke enigt")
        NOT_ALLOWED = "not_allowed", _("Kommunen lader ikke kerneteamet træffe afgørelsen")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="core_team_proposals"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="core_team_proposals")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="core_team_proposals",
        verbose_name=_("kerneteamets møde"),
    )
    outcome = models.CharField(
        _("foreslået afgørelse"), max_length=10, choices=Decision.Outcome.choices
    )
    justification = models.TextField(_("begrundelse"))
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, related_name="+", verbose_name=_("hjemmel")
    )
    period_from = models.DateField(_("bevilget fra"), null=True, blank=True)
    period_to = models.DateField(_("bevilget til og med"), null=True, blank=True)
    units_per_month = models.DecimalField(
        _("antal enheder pr. måned"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    amount_per_month = models.DecimalField(
        _("beløb pr. måned (kr.)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    referral = models.CharField(
        _("grund til at sende videre"),
        max_length=14,
        choices=Referral.choices,
        blank=True,
        default="",
    )
    resolved_on = models.DateField(_("behandlet den"), null=True, blank=True)
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="core_team_proposal",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("forslag til kerneteamet")
        verbose_name_plural = _("forslag til kerneteamet")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="open"),
                name="core_team_proposal_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status="open", resolved_on__isnull=True, referral="")
                | Q(status="decided", resolved_on__isnull=False, decision__isnull=False)
                | Q(status="referred", resolved_on__isnull=False, decision__isnull=True)
                & ~Q(referral=""),
                name="core_team_proposal_status_consistent",
            ),
            models.CheckConstraint(
                condition=Q(period_to__isnull=True)
                | Q(period_from__isnull=True)
                | Q(period_to__gte=F("period_from")),
                name="core_team_proposal_period_ordered",
            ),
        ]

    def __str__(self):
        return f"Forslag til kerneteamet: {self.application}"


class CoreTeamPosition(models.Model):
    """One core-team member's position on a proposal, as recorded at the meeting."""

    class Position(models.TextChoices):
        AGREE = "agree", _("Enig")
        DISAGREE = "disagree", _("Uenig")
        ABSTAIN = "abstain", _("Undlader at stemme")

    proposal = models.ForeignKey(
        CoreTeamProposal, on_delete=models.CASCADE, related_name="positions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kerneteammedlem"),
    )
    position = models.CharField(_("holdning"), max_length=10, choices=Position.choices)
    note = models.TextField(_("bemærkning"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member__first_name", "member__last_name", "id"]
        verbose_name = _("holdning i kerneteamet")
        verbose_name_plural = _("holdninger i kerneteamet")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="core_team_position_once"),
        ]
