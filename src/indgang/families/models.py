"""Families, their members and the case that carries them through the model."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.core.cpr import age_on, mask_cpr
from indgang.organisation.models import Centre, Municipality


class Family(models.Model):
    """A household: the child(ren) in the target group, siblings, parents and others."""

    class ContactForm(models.TextChoices):
        PHONE = "phone", _("Telefon")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        DIGITAL_POST = "digital_post", _("Digital Post")
        HOME_VISIT = "home_visit", _("Hjemmebesøg")

    name = models.CharField(_("familiens navn"), max_length=200)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="families")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("bopælskommune"),
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    language = models.CharField(_("sprog"), max_length=50, default="dansk")
    interpreter_needed = models.BooleanField(_("behov for tolk"), default=False)
    preferred_contact = models.CharField(
        _("foretrukken kontaktform"),
        max_length=20,
        choices=ContactForm.choices,
        default=ContactForm.PHONE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("familie")
        verbose_name_plural = _("familier")
        indexes = [models.Index(fields=["centre", "name"])]

    def __str__(self):
        return self.name


class Person(models.Model):
    """A member of a family; the CPR number is stored here once and shown masked."""

    class Relation(models.TextChoices):
        CHILD = "child", _("Barn i målgruppen")
        SIBLING = "sibling", _("Søskende")
        PARENT = "parent", _("Forælder")
        GUARDIAN = "guardian", _("Anden værge")
        OTHER = "other", _("Anden relation")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    cpr = models.CharField(_("CPR-nummer"), max_length=10, unique=True, null=True, blank=True)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    # Derived from Custody rows (custody of at least one child), kept by families.services;
    # on creation True means "custody of the household's children" and makes the rows.
    has_custody = models.BooleanField(_("har forældremyndighed"), default=False)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["relation", "birth_date", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.CheckConstraint(condition=~Q(cpr=""), name="person_cpr_null_not_blank"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.cpr or "")

    @property
    def is_child(self) -> bool:
        return self.relation in (self.Relation.CHILD, self.Relation.SIBLING)

    def age(self, on: date | None = None) -> int | None:
        if not self.birth_date:
            return None
        return age_on(self.birth_date, on or timezone.localdate())


class Custody(models.Model):
    """Parental responsibility (forældremyndighed) of one guardian for one child.

    Recorded per child, so a parent may hold it for one child and not another, and a parent
    living in another household keeps joint custody of the child here. ``Person.has_custody``
    is derived from these rows (families.services keeps it): custody of at least one child.
    """

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custodians")
    guardian = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custody_of")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["child_id", "guardian_id"]
        verbose_name = _("forældremyndighed")
        verbose_name_plural = _("forældremyndigheder")
        constraints = [
            models.UniqueConstraint(fields=["child", "guardian"], name="custody_once"),
            models.CheckConstraint(
                condition=~Q(child=models.F("guardian")), name="custody_not_of_oneself"
            ),
        ]

    def __str__(self):
        return f"{self.guardian} – {self.child}"


class HouseholdMembership(models.Model):
    """A person who belongs to a second household besides their own (``Person.family``).

    A parent living apart with joint custody is one person (one CPR number) registered in
    their own household and a member here, so the child's household sees and invites them.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_households")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="other_members")
    relation = models.CharField(_("relation"), max_length=10, choices=Person.Relation.choices)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["family_id", "person_id"]
        verbose_name = _("medlemskab af anden husstand")
        verbose_name_plural = _("medlemskaber af anden husstand")
        constraints = [
            models.UniqueConstraint(fields=["person", "family"], name="household_member_once"),
        ]


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Case.Status.DISCHARGED)

    def enrolled(self):
        return self.filter(status=Case.Status.ENROLLED)


class Case(models.Model):
    """One course through the model for the whole family, from referral to discharge.

    Re-enrolment after a discharge opens a new case, so the old one stays as history.
    """

    class Status(models.TextChoices):
        REFERRED = "referred", _("Henvist")
        ELIGIBILITY_ASSESSED = "eligibility_assessed", _("Målgruppe vurderet")
        CONSENT_GIVEN = "consent_given", _("Samtykke givet")
        ENROLLED = "enrolled", _("Indskrevet")
        DISCHARGED = "discharged", _("Udskrevet")

    class DischargeReason(models.TextChoices):
        MOVED_AWAY = "moved_away", _("Fraflyttet kommunen")
        CASE_CLOSED = "case_closed", _("Sagen er lukket")
        AGED_OUT = "aged_out", _("Barnet er blevet for gammelt")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtykke trukket tilbage")
        NOT_ELIGIBLE = "not_eligible", _("Uden for målgruppen")
        OTHER = "other", _("Andet")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="cases")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.REFERRED
    )
    referred_on = models.DateField(_("henvist den"))
    referral_source = models.CharField(_("henvist af"), max_length=200, blank=True)
    enrolled_on = models.DateField(_("indskrevet den"), null=True, blank=True)
    # Age of the youngest target child at enrolment, for the participant list's age groups.
    age_at_enrolment = models.PositiveSmallIntegerField(null=True, blank=True)
    prior_case_months = models.PositiveSmallIntegerField(
        _("forudgående sagslængde (måneder)"), null=True, blank=True
    )
    discharged_on = models.DateField(_("udskrevet den"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("udskrivningsårsag"), max_length=20, choices=DischargeReason.choices, blank=True
    )
    discharge_note = models.TextField(_("bemærkning til udskrivning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on"]
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        indexes = [models.Index(fields=["centre", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=~Q(status="discharged"),
                name="case_one_open_per_family",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["enrolled", "discharged"]) | Q(enrolled_on__isnull=True),
                name="case_enrolled_on_only_when_enrolled",
            ),
            models.CheckConstraint(
                condition=Q(enrolled_on__isnull=False) | ~Q(status="enrolled"),
                name="case_enrolled_has_date",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="discharged", discharged_on__isnull=False) & ~Q(discharge_reason="")
                )
                | (~Q(status="discharged") & Q(discharged_on__isnull=True)),
                name="case_discharge_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True)
                | Q(enrolled_on__isnull=True)
                | Q(discharged_on__gte=models.F("enrolled_on")),
                name="case_discharged_after_enrolled",
            ),
        ]

    def __str__(self):
        return f"{self.family} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.DISCHARGED

    @property
    def age_group(self) -> str:
        """The age groups the KOS status report counts in: 0-1, 2-6 and older."""
        age = self.age_at_enrolment
        if age is None:
            return ""
        if age <= 1:
            return "0-1 år"
        return "2-6 år" if age <= 6 else "7-17 år"


class CaseStatusChange(models.Model):
    """The status history of a case: every step of the flow, who took it and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=24, choices=Case.Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Case.Status.choices)
    on = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("statusændring på sag")
        verbose_name_plural = _("statusændringer på sager")
        ordering = ["at", "id"]


class EligibilityAssessment(models.Model):
    """The target-group assessment of one child (målgruppevurdering)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="eligibility")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="eligibility")
    assessed_on = models.DateField(_("vurderet den"))
    age_at_assessment = models.PositiveSmallIntegerField()
    automatic = models.BooleanField(_("automatisk i målgruppen (0-1 år)"), default=False)
    several_interventions_expected = models.BooleanField(
        _("flere indsatser forventes, typisk efter forskellig lovgivning"), null=True, blank=True
    )
    significant_daily_life_effect = models.BooleanField(
        _("funktionsnedsættelsen påvirker familiens hverdag betydeligt"), null=True, blank=True
    )
    eligible = models.BooleanField(_("i målgruppen"))
    judged_by = models.CharField(_("vurderet af"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("begrundelse"), blank=True)

    class Meta:
        verbose_name = _("målgruppevurdering")
        verbose_name_plural = _("målgruppevurderinger")
        ordering = ["-assessed_on", "-id"]


class Consent(models.Model):
    """The parents' consent to take part; no enrolment without one that is not withdrawn."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    given_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consents", verbose_name=_("givet af")
    )
    given_on = models.DateField(_("givet den"))
    covers = models.TextField(
        _("samtykket omfatter"),
        help_text=_("F.eks. deltagelse i modellen og udveksling af oplysninger mellem afdelinger"),
    )
    withdrawn_on = models.DateField(_("trukket tilbage den"), null=True, blank=True)
    # Partners see the plan, their meetings and their department's part by default
    # (DOMAIN.md section 7); the parents may let them see the whole case.
    shares_with_partners = models.BooleanField(
        _("samarbejdspartnere må se hele sagen"),
        default=False,
        help_text=_(
            "Forældrene giver samtykke til, at tilknyttede samarbejdspartnere ser kontaktloggen, "
            "ICS-udredningen og alle afdelingers indsatser og beløb."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class CoordinatorAssignment(models.Model):
    """Who was the family's coordinator, from when to when (the full history)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="coordinator_assignments")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coordinator_assignments"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("koordinatortildeling")
        verbose_name_plural = _("koordinatortildelinger")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["coordinator", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="case_one_coordinator"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]


class Handover(models.Model):
    """The structured note a leaving coordinator writes so the family need not retell it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handovers_given"
    )
    to_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handovers_received"
    )
    situation_and_wishes = models.TextField(_("familiens situation og ønsker"))
    plan_status = models.TextField(_("status på den fælles plan"), blank=True)
    open_agreements = models.TextField(_("åbne aftaler"), blank=True)
    next_meetings = models.TextField(_("kommende møder"), blank=True)
    other_department_contacts = models.TextField(_("kontakter i andre afdelinger"), blank=True)
    # The structured note: the case's sections (families/handover.py) as the leaving
    # coordinator edited them, [{"key", "title", "text"}], in order.
    sections = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("læst og bekræftet"), null=True, blank=True)
    family_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("overlevering")
        verbose_name_plural = _("overleveringer")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(confirmed_at__isnull=True), name="one_open_handover"
            ),
        ]

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None


class Cover(models.Model):
    """A deputy coordinator for a period of absence; it ends by itself on ``ends_on``.

    The deputy sees the family and its due items from ``starts_on`` to ``ends_on``
    (inclusive); every query is bounded by the dates, so no job has to end it.
    """

    class Reason(models.TextChoices):
        ILLNESS = "illness", _("Sygdom")
        HOLIDAY = "holiday", _("Ferie")
        OTHER = "other", _("Andet fravær")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="covers")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covers"
    )
    reason = models.CharField(_("årsag"), max_length=10, choices=Reason.choices)
    starts_on = models.DateField(_("fra og med"))
    ends_on = models.DateField(_("til og med"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dækning under fravær")
        verbose_name_plural = _("dækninger under fravær")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["deputy", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cover_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.deputy} dækker {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    def is_current(self, on) -> bool:
        return self.starts_on <= on <= self.ends_on


class PartnerLink(models.Model):
    """A partner or flexible core-team member linked to a family; they see it while linked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="partner_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partner_links"
    )
    role_in_case = models.CharField(_("rolle i sagen"), max_length=200)
    linked_on = models.DateField(_("tilknyttet den"))
    unlinked_on = models.DateField(_("afmeldt den"), null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tilknyttet samarbejdspartner")
        verbose_name_plural = _("tilknyttede samarbejdspartnere")
        ordering = ["-linked_on"]
        indexes = [models.Index(fields=["user", "unlinked_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(unlinked_on__isnull=True),
                name="partner_link_unique_active",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.unlinked_on is None or self.unlinked_on > timezone.localdate()


class ExternalCase(models.Model):
    """A family member's case elsewhere in either municipality (social or employment)."""

    class Area(models.TextChoices):
        SOCIAL = "social", _("Socialområdet")
        EMPLOYMENT = "employment", _("Beskæftigelse")
        CHILDREN = "children", _("Børn og unge")
        OTHER = "other", _("Andet")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="external_cases")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    area = models.CharField(_("område"), max_length=12, choices=Area.choices)
    case_worker = models.CharField(_("sagsbehandler"), max_length=200, blank=True)
    department = models.CharField(_("afdeling"), max_length=200, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("ekstern sag")
        verbose_name_plural = _("eksterne sager")
        ordering = ["person", "area"]


class AccessPolicy(models.Model):
    """A municipality's access scope: need to know (the default) or the whole centre.

    Under need to know a member of staff sees the families they coordinate, cover, hand
    over, work with in the core team or are linked to as a partner; any other family of
    their centre opens only after they state a reason (a value jump, logged and checked).
    """

    class Scope(models.TextChoices):
        NEED_TO_KNOW = "need_to_know", _("Arbejdsbetinget behov (anbefalet)")
        CENTRE = "centre", _("Hele centret")

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="access_policy"
    )
    scope = models.CharField(
        _("adgang til familier"), max_length=12, choices=Scope.choices, default=Scope.NEED_TO_KNOW
    )
    # A linked partner sees the plan, the meetings they are invited to and their department's
    # agreements and grants; the municipality may open the whole case to them.
    partners_see_whole_case = models.BooleanField(
        _("samarbejdspartnere ser hele sagen"),
        default=False,
        help_text=_(
            "Ellers ser en samarbejdspartner planen, de møder, de er inviteret til, og det, der "
            "vedrører deres egen afdeling – ikke kontaktloggen, ICS-udredningen eller andre "
            "afdelingers indsatser og beløb, medmindre familien har givet samtykke til det."
        ),
    )

    class Meta:
        verbose_name = _("adgangspolitik")
        verbose_name_plural = _("adgangspolitikker")

    def __str__(self):
        return f"{self.municipality}: {self.get_scope_display()}"


class ValueJump(models.Model):
    """Opening a family outside one's own cases with a stated reason ("værdispring").

    It lasts for the rest of the visit: until the user signs out, or the end of the day.
    """

    class Reason(models.TextChoices):
        COVER = "cover", _("Dækker for en kollega (sygdom, ferie)")
        ENQUIRY = "enquiry", _("Familien har henvendt sig")
        URGENT = "urgent", _("Akut situation i familien")
        HANDOVER = "handover", _("Forberedelse af overdragelse")
        SUPERVISION = "supervision", _("Faglig sparring eller ledelsestilsyn")
        OTHER = "other", _("Anden grund (skriv hvilken)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="value_jumps")
    reason = models.CharField(_("begrundelse"), max_length=12, choices=Reason.choices)
    explanation = models.CharField(_("uddybning"), max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("værdispring")
        verbose_name_plural = _("værdispring")
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "family", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(explanation=""),
                name="value_jump_other_is_explained",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("at")), name="value_jump_expires_after"
            ),
        ]
