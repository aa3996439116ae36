"""Who works where: municipalities, centres, departments, staff and core teams."""

import rules
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A municipality (kommune) with its own enrolment rules and reporting."""

    name = models.CharField(_("navn"), max_length=100, unique=True)
    code = models.CharField(_("kommunekode"), max_length=3, unique=True)
    accessibility_statement_url = models.URLField(_("tilgængelighedserklæring"), blank=True)
    # Target group: 0..auto_enrol_max_age qualify at once; up to criteria_max_age on criteria.
    auto_enrol_max_age = models.PositiveSmallIntegerField(
        _("automatisk indskrivning til og med alder"), default=1
    )
    criteria_max_age = models.PositiveSmallIntegerField(
        _("indskrivning efter kriterier til og med alder"), default=6
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(criteria_max_age__gte=models.F("auto_enrol_max_age")),
                name="municipality_age_limits_ordered",
            )
        ]

    def __str__(self):
        return self.name


class Centre(models.Model):
    """A centre that runs the model; one centre may serve several municipalities."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    municipalities = models.ManyToManyField(Municipality, related_name="centres")
    caseload_target = models.PositiveSmallIntegerField(
        _("mål for sagstal pr. koordinator"), default=22
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("center")
        verbose_name_plural = _("centre")

    def __str__(self):
        return self.name


class Department(models.Model):
    """A department (afdeling/forvaltning) in one municipality, in one sector."""

    class Sector(models.TextChoices):
        CHILDREN = "children", _("Børn og familie")
        SOCIAL = "social", _("Social")
        EMPLOYMENT = "employment", _("Beskæftigelse")
        ADULTS = "adults", _("Voksne, hjælpemidler og rehabilitering")
        DAYCARE_SCHOOL = "daycare_school", _("Dagtilbud og skole")
        HEALTH = "health", _("Sundhed")
        CITIZEN_SERVICE = "citizen_service", _("Borgerservice")
        EXTERNAL = "external", _("Ekstern aktør")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="departments"
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="departments", null=True, blank=True
    )
    name = models.CharField(_("navn"), max_length=200)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelinger")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})"


class Role(models.TextChoices):
    """What a staff member does; the access policy is written in these terms."""

    COORDINATOR = "coordinator", _("Familiekoordinator")
    CORE_TEAM = "core_team", _("Kerneteammedlem")
    PARTNER = "partner", _("Samarbejdspartner")
    LEADER = "leader", _("Leder")
    PROJECT_LEADER = "project_leader", _("Projektleder")
    SYSADMIN = "sysadmin", _("Systemadministrator")
    DPO = "dpo", _("Databeskyttelsesrådgiver")


class User(AbstractUser):
    """A member of staff (or an external partner) who logs in to Indgang."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    profession = models.CharField(
        _("fagområde"), max_length=100, blank=True, help_text=_("F.eks. psykolog, talekonsulent")
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    phone = models.CharField(_("telefon"), max_length=20, blank=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")

    def __str__(self):
        return self.get_full_name() or self.username

    # Superuser status grants nothing by itself: Django's shortcut (every permission, and every
    # row of auth's permission table through ModelBackend) is switched off, so the rules in
    # families/access.py decide for everyone. The admin asks SysadminOnly, not these.
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and rules.has_perm(perm, self, obj)

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and any(
            name.startswith(f"{app_label}.") and rules.has_perm(name, self)
            for name in rules.permissions.permissions
        )

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""


class CoreTeamMembership(models.Model):
    """Membership of a centre's core team: fixed members see the centre's families."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fast medlem")
        FLEXIBLE = "flexible", _("Fleksibelt medlem (inviteres pr. sag)")

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="core_team")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="core_team_memberships")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.FIXED)

    class Meta:
        verbose_name = _("kerneteammedlemskab")
        verbose_name_plural = _("kerneteammedlemskaber")
        constraints = [
            models.UniqueConstraint(fields=["centre", "user"], name="core_team_unique_member")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"
