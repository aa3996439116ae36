"""The joint plan (fælles plan): goals for the whole family, versions agreed, follow-ups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.families.models import Case, Person
from indgang.organisation.models import Department


class JointPlan(models.Model):
    """The one plan for a family's case that every department works from."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("fælles plan")
        verbose_name_plural = _("fælles planer")

    def __str__(self):
        return f"Fælles plan for {self.case.family}"


class Goal(models.Model):
    """A goal for the family as a whole; `position` is the family's priority (1 first)."""

    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("prioritet"))
    wording = models.TextField(_("målet"), help_text=_("Konkret og realistisk formuleret."))
    family_words = models.TextField(
        _("familiens egne ord"), blank=True, help_text=_("Sådan siger familien det selv.")
    )
    success_criteria = models.TextField(_("sådan ved vi, at målet er nået"))
    target_date = models.DateField(_("måldato"))
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="plan_goals",
        verbose_name=_("ansvarlige medarbejdere"),
    )
    owners_text = models.CharField(
        _("andre ansvarlige"),
        max_length=200,
        blank=True,
        help_text=_("F.eks. Forældrene eller en ekstern aktør."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="goal_unique_position"),
        ]

    def __str__(self):
        return self.wording


class SubGoal(models.Model):
    """A step on the way to a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="subgoals")
    text = models.TextField(_("delmål"))
    target_date = models.DateField(_("måldato"), null=True, blank=True)

    class Meta:
        ordering = ["goal", "id"]
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")

    def __str__(self):
        return self.text


class Activity(models.Model):
    """What is done towards a goal, and by whom."""

    # Linking an activity to the interventions it draws on comes with the interventions app.
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="activities")
    text = models.TextField(_("aktivitet"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afdeling"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )

    class Meta:
        ordering = ["goal", "id"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self):
        return self.text


class PlanVersion(models.Model):
    """The plan as agreed with the family on a date: a frozen snapshot, numbered from 1."""

    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    agreed_on = models.DateField(_("godkendt den"))
    agreed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("godkendt af")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("bemærkning"), blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("planversion")
        verbose_name_plural = _("planversioner")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_number_positive"),
        ]

    def __str__(self):
        return f"Version {self.number} ({self.agreed_on:%d.%m.%Y})"


class PlanFollowUp(models.Model):
    """A follow-up on the plan, done on a date, with the progress of each goal."""

    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="followups")
    done_on = models.DateField(_("gennemført den"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("bemærkning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The plan follow-up meeting this follow-up records (shown on both pages). By name, since
    # meetings sits above plans.
    meeting = models.OneToOneField(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_followup",
        verbose_name=_("holdt på mødet"),
    )

    class Meta:
        ordering = ["plan", "-done_on", "-id"]
        verbose_name = _("opfølgning på planen")
        verbose_name_plural = _("opfølgninger på planen")
        indexes = [models.Index(fields=["plan", "done_on"])]

    def __str__(self):
        return f"Opfølgning {self.done_on:%d.%m.%Y}"


class GoalProgress(models.Model):
    """How far one goal had come at one follow-up."""

    class Status(models.TextChoices):
        REACHED = "reached", _("Nået")
        PARTLY = "partly", _("Delvist nået")
        NOT_YET = "not_yet", _("Ikke nået endnu")
        NOT_RELEVANT = "not_relevant", _("Ikke længere relevant")

    followup = models.ForeignKey(PlanFollowUp, on_delete=models.CASCADE, related_name="progress")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    scale = models.PositiveSmallIntegerField(
        _("skala 1-10"), null=True, blank=True, help_text=_("1 er længst fra målet, 10 er nået.")
    )
    note = models.TextField(_("bemærkning"), blank=True)

    class Meta:
        ordering = ["followup", "goal__position"]
        verbose_name = _("fremdrift for mål")
        verbose_name_plural = _("fremdrift for mål")
        constraints = [
            models.UniqueConstraint(fields=["followup", "goal"], name="progress_one_per_goal"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=10),
                name="progress_scale_1_to_10",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["reached", "partly", "not_yet", "not_relevant"]),
                name="progress_status_valid",
            ),
        ]
