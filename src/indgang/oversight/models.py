"""What the oversight desk keeps beside the audit log."""

from django.db import models
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
