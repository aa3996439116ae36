"""Go-live: importing the families a centre already has, from CSV or XLSX."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.families.models import Family
from indgang.organisation.models import Centre


class ImportRun(models.Model):
    """One uploaded file: its dry run, and the import once a leader confirms it.

    The file is kept only until it is imported or discarded (it holds CPR numbers); the
    line-by-line reports stay, with CPR numbers masked.
    """

    class State(models.TextChoices):
        CHECKED = "checked", _("Prøvekørt")
        IMPORTED = "imported", _("Importeret")
        DISCARDED = "discarded", _("Kasseret")

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(_("filnavn"), max_length=200)
    file_format = models.CharField(max_length=4)  # "csv" or "xlsx"
    content = models.BinaryField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKED)
    dry_run_report = models.JSONField(default=dict)
    report = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importkørsel")
        verbose_name_plural = _("importkørsler")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="checked") | Q(content__isnull=True),
                name="import_run_content_only_while_checked",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"


class ImportKey(models.Model):
    """The old system's key for a family (the optional column ``ekstern_nøgle``)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("importnøgle")
        verbose_name_plural = _("importnøgler")
        constraints = [
            models.UniqueConstraint(fields=["centre", "key"], name="import_key_unique"),
            models.UniqueConstraint(fields=["family"], name="import_key_one_per_family"),
        ]
