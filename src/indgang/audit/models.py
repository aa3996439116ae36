"""The audit log: who looked at or changed whose data, when, from where and in which case."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One access or change. Append-only: the application never updates or deletes a row.

    Family, case and persons are kept as plain ids (no foreign keys) so that the log
    outlives the data it speaks of, as the retention rules require.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Visning")
        CREATE = "create", _("Oprettelse")
        CHANGE = "change", _("Ændring")
        DELETE = "delete", _("Sletning")
        EXPORT = "export", _("Eksport")
        SEARCH = "search", _("Søgning")
        LOGIN = "login", _("Log ind")
        LOGIN_FAILED = "login_failed", _("Mislykket log ind")
        LOGOUT = "logout", _("Log ud")
        # A family or object the user asked for and may not see (answered as missing).
        DENIED = "denied", _("Afvist adgang")
        # Opening a family outside one's own cases, with a stated reason ("værdispring").
        VALUE_JUMP = "value_jump", _("Værdispring")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=12, choices=Action.choices)
    # What was touched, in the model's words ("family", "person", "case", "participant_list").
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    family_id = models.BigIntegerField(null=True, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # A short, content-free description: a page name or a field list, never a CPR number.
    summary = models.CharField(max_length=200, blank=True)
    # For changes: {"field": [old, new]}. CPR fields are recorded as masked values.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["family_id", "-at"]),
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["action", "-at"]),
        ]
        verbose_name = _("logpost")
        verbose_name_plural = _("log")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("The audit log is append-only")


class AuditPerson(models.Model):
    """Which persons an audit event concerned, so a person's accesses can be searched."""

    event = models.ForeignKey(
        AuditEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="persons"
    )
    person_id = models.BigIntegerField()
    at = models.DateTimeField()  # copied from the event so a person's history needs no join sort

    class Meta:
        verbose_name = _("person i logpost")
        verbose_name_plural = _("personer i logposter")
        indexes = [models.Index(fields=["person_id", "-at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("The audit log is append-only")
        super().save(*args, **kwargs)


class AuditFamily(models.Model):
    """Which families an event concerned when it concerned several (list pages, searches).

    An event about one family keeps it in ``AuditEvent.family_id``; this table adds the
    families a list page or a search showed, so "who has seen this family" finds them too.
    """

    event = models.ForeignKey(
        AuditEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="families"
    )
    family_id = models.BigIntegerField()
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("familie i logpost")
        verbose_name_plural = _("familier i logposter")
        indexes = [models.Index(fields=["family_id", "-at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("The audit log is append-only")
        super().save(*args, **kwargs)


class SpotCheck(models.Model):
    """A leader's routine check of one sampled access (the data-protection spot check)."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("Ikke kontrolleret")
        LEGITIMATE = "legitimate", _("I orden – arbejdsbetinget")
        QUESTIONED = "questioned", _("Skal undersøges")

    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="spot_check")
    drawn_at = models.DateTimeField(default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(max_length=12, choices=Verdict.choices, default=Verdict.PENDING)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("stikprøve")
        verbose_name_plural = _("stikprøver")
        ordering = ["-drawn_at", "id"]
