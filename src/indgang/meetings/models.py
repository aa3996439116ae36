"""Meetings, their participants and agreements, and the ICS assessment made in them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.families.models import Case, Person
from indgang.organisation.models import Centre, Department


class Meeting(models.Model):
    """A meeting about one family's case, or the core team's weekly meeting of a centre."""

    class Type(models.TextChoices):
        ASSESSMENT = "assessment", _("Udredningsmøde")
        ANALYSIS_1 = "analysis_1", _("Analysemøde 1")
        ANALYSIS_2 = "analysis_2", _("Analysemøde 2")
        PLAN_FOLLOWUP = "plan_followup", _("Opfølgning på den fælles plan")
        STATUS = "status", _("Statusmøde")
        NETWORK = "network", _("Netværksmøde")
        PRE_MEETING = "pre_meeting", _("Formøde")
        CORE_TEAM_WEEKLY = "core_team_weekly", _("Kerneteamets ugemøde")

    class Status(models.TextChoices):
        TO_SCHEDULE = "to_schedule", _("Skal planlægges")
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Afholdt")
        CANCELLED = "cancelled", _("Aflyst")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="meetings", null=True, blank=True
    )
    # Always set: the case's centre, or the centre whose core team meets.
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="meetings")
    type = models.CharField(_("mødetype"), max_length=20, choices=Type.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TO_SCHEDULE
    )
    starts_at = models.DateTimeField(_("starter"), null=True, blank=True)
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=300, blank=True)
    home_visit = models.BooleanField(_("hjemmebesøg"), default=False)
    online_link = models.URLField(_("link til onlinemøde"), blank=True)
    preparation_text = models.TextField(_("sådan foregår mødet (til familien)"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    decisions = models.TextField(_("beslutninger"), blank=True)
    # iCalendar: the UID never changes; SEQUENCE goes up on every change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("anledning"), max_length=300, blank=True)

    class Meta:
        ordering = [models.F("starts_at").asc(nulls_last=True), "id"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["centre", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=False) | Q(ends_at__isnull=True),
                name="meeting_end_needs_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["to_schedule", "cancelled"]) | Q(starts_at__isnull=False),
                name="meeting_planned_has_time",
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(type="core_team_weekly"),
                name="meeting_case_unless_core_team",
            ),
        ]

    def __str__(self):
        return self.get_type_display()

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.TO_SCHEDULE, self.Status.PLANNED)


class Participant(models.Model):
    """Someone invited to a meeting: a family member, a member of staff or an external person."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("Familiemedlem")
        STAFF = "staff", _("Medarbejder")
        EXTERNAL = "external", _("Ekstern")

    class Invitation(models.TextChoices):
        NOT_INVITED = "not_invited", _("Ikke inviteret")
        INVITED = "invited", _("Inviteret")
        ACCEPTED = "accepted", _("Har takket ja")
        DECLINED = "declined", _("Har takket nej")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
    )
    name = models.CharField(_("navn"), max_length=200, blank=True)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    invitation = models.CharField(
        _("invitation"), max_length=12, choices=Invitation.choices, default=Invitation.NOT_INVITED
    )
    attended = models.BooleanField(_("deltog"), null=True, blank=True)

    class Meta:
        verbose_name = _("mødedeltager")
        verbose_name_plural = _("mødedeltagere")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="family") & Q(person__isnull=False) & Q(user__isnull=True))
                | (Q(kind="staff") & Q(user__isnull=False) & Q(person__isnull=True))
                | (
                    Q(kind="external") & Q(user__isnull=True) & Q(person__isnull=True) & ~Q(name="")
                ),
                name="participant_kind_matches",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="participant_person_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="participant_user_once",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        if self.user_id:
            return str(self.user)
        return self.name

    @property
    def address(self) -> str:
        """The e-mail address invitations go to."""
        if self.person_id:
            return self.person.email
        if self.user_id:
            return self.user.email
        return self.email


class Agreement(models.Model):
    """A task agreed for the family: who does what by when (a person or a department owns it)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Udført")
        CANCELLED = "cancelled", _("Annulleret")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreements")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("aftalt på mødet"),
    )
    task = models.TextField(_("opgave"))
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_owned",
        verbose_name=_("ansvarlig person"),
    )
    owner_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_owned",
        verbose_name=_("ansvarlig afdeling"),
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    goal = models.ForeignKey(
        "plans.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("mål i den fælles plan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_on = models.DateField(_("lukket den"), null=True, blank=True)

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")
        indexes = [
            models.Index(fields=["owner_user", "status"]),
            models.Index(fields=["owner_department", "status"]),
            models.Index(fields=["case", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_department__isnull=False),
                name="agreement_has_owner",
            ),
        ]

    def __str__(self):
        return self.task[:60]

    @property
    def owner_label(self) -> str:
        parts = []
        if self.owner_user_id:
            parts.append(str(self.owner_user))
        if self.owner_department_id:
            parts.append(self.owner_department.name)
        return ", ".join(parts)


class Side(models.TextChoices):
    """The three sides of the ICS triangle."""

    CHILD = "child", _("Barnets udvikling")
    PARENTS = "parents", _("Forældrekompetencer")
    FAMILY = "family", _("Familie og netværk")


class Dimension(models.TextChoices):
    """The standard ICS dimensions, grouped by side in DIMENSIONS_BY_SIDE."""

    HEALTH = "health", _("Helbred")
    LEARNING = "learning", _("Læring og udvikling")
    EMOTIONAL = "emotional", _("Følelsesmæssig udvikling og adfærd")
    IDENTITY = "identity", _("Identitet")
    RELATIONS = "relations", _("Familieforhold og sociale relationer")
    PRESENTATION = "presentation", _("Social fremtræden")
    SELF_CARE = "self_care", _("Selvstændighed (at klare sig selv)")
    BASIC_CARE = "basic_care", _("Grundlæggende omsorg")
    SAFETY = "safety", _("Sikkerhed")
    WARMTH = "warmth", _("Følelsesmæssig varme")
    STIMULATION = "stimulation", _("Stimulering")
    GUIDANCE = "guidance", _("Guidning og grænser")
    STABILITY = "stability", _("Stabilitet")
    HISTORY = "history", _("Familiens historie og funktion")
    WIDER_FAMILY = "wider_family", _("Netværk og øvrig familie")
    HOUSING = "housing", _("Bolig")
    EMPLOYMENT = "employment", _("Beskæftigelse")
    INCOME = "income", _("Økonomi")
    INTEGRATION = "integration", _("Social integration")
    RESOURCES = "resources", _("Lokalområdets ressourcer")


D = Dimension
DIMENSIONS_BY_SIDE: dict[str, list[str]] = {
    Side.CHILD: [
        D.HEALTH,
        D.LEARNING,
        D.EMOTIONAL,
        D.IDENTITY,
        D.RELATIONS,
        D.PRESENTATION,
        D.SELF_CARE,
    ],
    Side.PARENTS: [D.BASIC_CARE, D.SAFETY, D.WARMTH, D.STIMULATION, D.GUIDANCE, D.STABILITY],
    Side.FAMILY: [
        D.HISTORY,
        D.WIDER_FAMILY,
        D.HOUSING,
        D.EMPLOYMENT,
        D.INCOME,
        D.INTEGRATION,
        D.RESOURCES,
    ],
}
SIDE_OF = {dim: side for side, dims in DIMENSIONS_BY_SIDE.items() for dim in dims}
ENTRY_TEXTS = (
    "family_resources",
    "family_concerns",
    "professional_resources",
    "professional_concerns",
)


class Assessment(models.Model):
    """One cross-disciplinary ICS assessment; a new one on major change keeps the old ones."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("udredningsmøde"),
    )
    assessed_on = models.DateField(_("udredt den"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.TextField(_("samlet vurdering"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("udredning")
        verbose_name_plural = _("udredninger")

    def __str__(self):
        return f"Udredning {self.assessed_on:%d.%m.%Y}"


class AssessmentEntry(models.Model):
    """One ICS dimension: resources and concerns, in the family's and the professionals' words."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    family_resources = models.TextField(_("ressourcer – familiens ord"), blank=True)
    family_concerns = models.TextField(_("bekymringer – familiens ord"), blank=True)
    professional_resources = models.TextField(_("ressourcer – fagpersonernes ord"), blank=True)
    professional_concerns = models.TextField(_("bekymringer – fagpersonernes ord"), blank=True)

    class Meta:
        verbose_name = _("udredningspunkt")
        verbose_name_plural = _("udredningspunkter")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="assessment_dimension_once"
            )
        ]

    @property
    def side(self) -> str:
        return SIDE_OF[self.dimension]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in ENTRY_TEXTS)


class AssessmentObservation(models.Model):
    """A core-team member's own observation on one side of the ICS triangle: a strength or a
    concern, signed with their name and discipline. Only its author may change or delete it."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Styrke")
        CONCERN = "concern", _("Bekymring")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="observations"
    )
    side = models.CharField(_("side i ICS-trekanten"), max_length=10, choices=Side.choices)
    kind = models.CharField(_("styrke eller bekymring"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("iagttagelse"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The discipline when written: a later change of job must not rewrite what was observed.
    discipline = models.CharField(_("fagområde"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("iagttagelse")
        verbose_name_plural = _("iagttagelser")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="observation_has_text"),
            models.CheckConstraint(
                condition=Q(side__in=["child", "parents", "family"]), name="observation_side_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["strength", "concern"]), name="observation_kind_known"
            ),
        ]

    def __str__(self):
        return self.text[:60]


class Wish(models.Model):
    """One of the family's wishes, in the family's own priority order (1 first)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="wishes")
    priority = models.PositiveSmallIntegerField(_("prioritet"))
    text = models.CharField(_("ønske"), max_length=500)

    class Meta:
        verbose_name = _("ønske")
        verbose_name_plural = _("ønsker")
        ordering = ["priority"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "priority"], name="wish_priority_once"),
            models.CheckConstraint(condition=Q(priority__gte=1), name="wish_priority_positive"),
        ]


class CalendarFeed(models.Model):
    """A staff member's personal calendar feed URL; revoking it makes the URL a 404 at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_active_feed"
            )
        ]
