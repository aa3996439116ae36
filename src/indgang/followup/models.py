"""Contact with the family, the cadences it is held to, and what is due (computed nightly)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.families.models import Case, Family
from indgang.organisation.models import Centre, Municipality


class Unit(models.TextChoices):
    MONTHS = "months", _("måneder")
    WEEKS = "weeks", _("uger")


class CadenceProfile(models.Model):
    """A model's rhythm as data: how often to contact the family and follow up on the plan.

    Seeded by migration 0002 with "KOS / Én familie – én indgang" and "Sammen om familien".
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    # Contact at least once in every n-th calendar month; null: no contact cadence.
    contact_every_months = models.PositiveSmallIntegerField(
        _("kontakt mindst hver n. kalendermåned"), null=True, blank=True
    )
    followup_every = models.PositiveSmallIntegerField(_("opfølgning på planen hver"))
    followup_unit = models.CharField(max_length=6, choices=Unit.choices, default=Unit.MONTHS)
    # In cases with a child-welfare investigation or measures (Sammen om familien: 6 weeks).
    welfare_followup_every = models.PositiveSmallIntegerField(
        _("opfølgning ved børnefaglig undersøgelse/foranstaltning hver"), null=True, blank=True
    )
    welfare_followup_unit = models.CharField(max_length=6, choices=Unit.choices, default=Unit.WEEKS)
    core_team_weekly = models.BooleanField(_("kerneteammøde hver uge"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kadenceprofil")
        verbose_name_plural = _("kadenceprofiler")
        constraints = [
            models.CheckConstraint(condition=Q(followup_every__gt=0), name="cadence_followup_gt0"),
            models.CheckConstraint(
                condition=Q(contact_every_months__isnull=True) | Q(contact_every_months__gt=0),
                name="cadence_contact_gt0",
            ),
        ]

    def __str__(self):
        return self.name


class MunicipalityCadence(models.Model):
    """Which cadence profile a municipality has chosen (default: KOS)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="cadence"
    )
    profile = models.ForeignKey(CadenceProfile, on_delete=models.PROTECT, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kommunens kadence")
        verbose_name_plural = _("kommunernes kadencer")


class CaseCadence(models.Model):
    """A family's own adjustment of the municipality's cadence, always with a reason."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="cadence")
    profile = models.ForeignKey(
        CadenceProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kadenceprofil"),
        help_text=_("Tom: kommunens profil"),
    )
    contact_every_months = models.PositiveSmallIntegerField(
        _("kontakt mindst hver n. kalendermåned"),
        null=True,
        blank=True,
        help_text=_("Tom: profilens kadence"),
    )
    child_welfare = models.BooleanField(
        _("børnefaglig undersøgelse eller foranstaltning i sagen"), default=False
    )
    reason = models.TextField(_("begrundelse"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sagens kadence")
        verbose_name_plural = _("sagernes kadencer")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_every_months__isnull=True) | Q(contact_every_months__gt=0),
                name="case_cadence_contact_gt0",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="case_cadence_has_reason"),
        ]


class ContactLog(models.Model):
    """One contact with the family."""

    class Form(models.TextChoices):
        PHONE = "phone", _("Telefon")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Møde")
        HOME_VISIT = "home_visit", _("Hjemmebesøg")

    class Initiative(models.TextChoices):
        FAMILY = "family", _("Familien")
        COORDINATOR = "coordinator", _("Koordinatoren")
        OTHER = "other", _("Andre")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField(_("dato"))
    form = models.CharField(_("kontaktform"), max_length=12, choices=Form.choices)
    with_whom = models.CharField(_("med hvem"), max_length=200)
    initiative = models.CharField(
        _("hvem tog initiativet"), max_length=12, choices=Initiative.choices
    )
    summary = models.TextField(_("kort resumé"), max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kontakt med familien")
        verbose_name_plural = _("kontakter med familier")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["case", "on"]), models.Index(fields=["on"])]


class MajorChange(models.Model):
    """A major change in the family's situation: the start-up practice begins again."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="major_changes")
    on = models.DateField(_("dato"))
    description = models.TextField(_("hvad er ændret"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("større ændring")
        verbose_name_plural = _("større ændringer")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["case", "on"])]


class DueStatus(models.Model):
    """What is due per open enrolled case, as computed by `compute_due` (never typed)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="due_status")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    computed_on = models.DateField()
    enrolled_on = models.DateField()
    last_contact_on = models.DateField(null=True)
    next_contact_due = models.DateField(null=True)
    last_followup_on = models.DateField(null=True)
    next_followup_due = models.DateField(null=True)
    startup_since = models.DateField(null=True)
    startup_missing = models.CharField(max_length=100, blank=True)  # comma-separated step codes
    startup_stalled = models.BooleanField(default=False)
    overdue_agreements = models.PositiveIntegerField(default=0)
    contact_overdue = models.BooleanField(default=False)
    followup_overdue = models.BooleanField(default=False)
    # The effective cadence the dates above follow, so the family overview shows the whole
    # status from this row (followup.due.row_from_status) without computing it again.
    contact_every_months = models.PositiveSmallIntegerField(null=True)
    followup_every = models.PositiveSmallIntegerField(default=3)
    followup_unit = models.CharField(max_length=10, default="months")
    profile_name = models.CharField(max_length=100, blank=True)
    child_welfare = models.CharField(max_length=10, blank=True)  # "grant", "marked" or ""
    investigation_started_on = models.DateField(null=True)

    class Meta:
        verbose_name = _("forfaldsstatus")
        verbose_name_plural = _("forfaldsstatusser")
        indexes = [
            models.Index(fields=["coordinator"]),
            models.Index(fields=["centre"]),
        ]


class ReminderSent(models.Model):
    """One digest per staff member per day: the unique key makes a second run send nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sendt påmindelse")
        verbose_name_plural = _("sendte påmindelser")
        constraints = [
            models.UniqueConstraint(fields=["user", "on"], name="reminder_once_per_day"),
        ]


class ScheduledRun(models.Model):
    """A scheduled job's run on a day (``manage.py run_scheduler``): at most one per day.

    The unique key is the claim: two scheduler processes never run the same job twice a
    day, and a restarted scheduler knows what has already run.
    """

    job = models.CharField(max_length=60)
    on = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(default=False)
    output = models.TextField(blank=True)

    class Meta:
        verbose_name = _("planlagt kørsel")
        verbose_name_plural = _("planlagte kørsler")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "on"], name="scheduled_run_once_per_day"),
        ]

    def __str__(self):
        return f"{self.job} {self.on:%d.%m.%Y}"


class AgendaItem(models.Model):
    """An item on the core team's weekly agenda, added by hand or from a family's news."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("uge (mandag)"))
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("punkt"), max_length=200)
    minutes = models.TextField(_("referat"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("punkt på kerneteamets dagsorden")
        verbose_name_plural = _("punkter på kerneteamets dagsorden")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["centre", "week"])]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "week", "family"],
                condition=Q(family__isnull=False),
                name="agenda_one_item_per_family_week",
            ),
        ]


class AnnualEvent(models.Model):
    """A recurring event in the centre's annual cycle (årshjul)."""

    class Kind(models.TextChoices):
        STATUS_MEASUREMENT = "status_measurement", _("Statusmåling")
        SURVEY_ROUND = "survey_round", _("Tværsnitsmåling")
        STEERING_GROUP = "steering_group", _("Styregruppemøde")
        COUNCIL_REPORT = "council_report", _("Afrapportering til byrådet")
        OTHER = "other", _("Andet")

    class Recurrence(models.TextChoices):
        NONE = "none", _("Én gang")
        MONTHLY = "monthly", _("Hver måned")
        QUARTERLY = "quarterly", _("Hvert kvartal")
        HALF_YEARLY = "half_yearly", _("Hvert halve år")
        YEARLY = "yearly", _("Hvert år")

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    first_on = models.DateField(_("første gang"))
    recurrence = models.CharField(
        _("gentages"), max_length=12, choices=Recurrence.choices, default=Recurrence.YEARLY
    )
    until = models.DateField(_("til og med"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("begivenhed i årshjulet")
        verbose_name_plural = _("begivenheder i årshjulet")
        ordering = ["first_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("first_on")),
                name="annual_event_until_after_first",
            )
        ]

    def __str__(self):
        return self.title


class AnnualCycleFeed(models.Model):
    """A staff member's secret, revocable URL for subscribing to the centre's annual cycle.

    Separate from meetings' CalendarFeed (the personal meeting feed): revoking one must not
    break the other, and the annual cycle's URL is managed on the annual cycle page.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="annual_cycle_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("årshjulsabonnement")
        verbose_name_plural = _("årshjulsabonnementer")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_annual_cycle_feed",
            )
        ]
