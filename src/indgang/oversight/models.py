"""What the oversight desk keeps beside the audit log."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.audit.models import SpotCheck


class SampleReason(models.Model):
    """Why a spot check's access was drawn: the sample is weighted towards the risky ones."""

    class Reason(models.TextChoices):
        VALUE_JUMP = "value_jump", _("Værdispring")
        OFF_HOURS = "off_hours", _("Uden for arbejdstid")
        VOLUME = "volume", _("Usædvanligt mange opslag")
        RANDOM = "random", _("Tilfældigt udtrukket")

    spot_check = models.OneToOneField(
        SpotCheck, on_delete=models.CASCADE, related_name="sample_reason"
    )
    reason = models.CharField(_("udtrukket fordi"), max_length=12, choices=Reason.choices)

    class Meta:
        verbose_name = _("udtrækningsgrund")
        verbose_name_plural = _("udtrækningsgrunde")

    def __str__(self):
        return self.get_reason_display()


class RetentionRule(models.Model):
    """How long a municipality keeps a closed case's data, and the access log about it.

    Without a rule a municipality gets the defaults (docs/operations.md gives the reasons):
    a discharged case's data five years after the last discharge, the access log six months
    beyond that. No log row is removed before it is ``log_minimum_months`` old.
    """

    DEFAULT_CASE_YEARS = 5
    DEFAULT_LOG_MONTHS_AFTER_CASE = 6
    DEFAULT_LOG_MINIMUM_MONTHS = 6
    # The floor for log periods: Danish practice keeps access logs at least six months.
    LOG_FLOOR_MONTHS = 6

    municipality = models.OneToOneField(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="retention_rule"
    )
    case_years = models.PositiveSmallIntegerField(
        _("sagens data gemmes (år efter udskrivning)"),
        default=DEFAULT_CASE_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    log_months_after_case = models.PositiveSmallIntegerField(
        _("loggen gemmes (måneder efter sagens sletning)"),
        default=DEFAULT_LOG_MONTHS_AFTER_CASE,
        validators=[MinValueValidator(LOG_FLOOR_MONTHS), MaxValueValidator(600)],
    )
    log_minimum_months = models.PositiveSmallIntegerField(
        _("loggen gemmes mindst (måneder)"),
        default=DEFAULT_LOG_MINIMUM_MONTHS,
        validators=[MinValueValidator(LOG_FLOOR_MONTHS), MaxValueValidator(600)],
    )

    class Meta:
        verbose_name = _("opbevaringsregel")
        verbose_name_plural = _("opbevaringsregler")
        constraints = [
            models.CheckConstraint(condition=Q(case_years__gte=1), name="retention_case_years"),
            models.CheckConstraint(
                condition=Q(log_months_after_case__gte=6) & Q(log_minimum_months__gte=6),
                name="retention_log_at_least_six_months",
            ),
        ]

    def __str__(self):
        return str(self.municipality)


class RetentionDeletion(models.Model):
    """A family whose case data was deleted after its period: ids and dates, nothing else.

    The access log about the family outlives the data by the municipality's log period;
    this row says when that period started and which person ids the log may name.
    """

    family_id = models.BigIntegerField(unique=True)
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    discharged_on = models.DateField()
    deleted_at = models.DateTimeField()
    person_ids = models.JSONField(default=list)
    log_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("slettet sag")
        verbose_name_plural = _("slettede sager")


class RetentionRun(models.Model):
    """One run of ``apply_retention``: when, whether it was a dry run, counts per record type."""

    ran_at = models.DateTimeField()
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("sletningskørsel")
        verbose_name_plural = _("sletningskørsler")
