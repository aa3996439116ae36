"""What the reports need that no other app records: a child's day care or school over time."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from indgang.families.models import Person


class DaycareAttachment(models.Model):
    """A child's place in a day care or school for a period (*tilknytning til dagtilbud eller
    skole*); a new place after another one is a change of day care or school."""

    class Kind(models.TextChoices):
        DAYCARE = "daycare", _("Alment dagtilbud")
        SPECIAL_DAYCARE = "special_daycare", _("Specialiseret dagtilbud")
        SCHOOL = "school", _("Almen skole")
        SPECIAL_SCHOOL = "special_school", _("Specialskole eller -klasse")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="daycare_attachments")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    started_on = models.DateField(_("startede den"))
    ended_on = models.DateField(_("stoppede den"), null=True, blank=True)

    class Meta:
        ordering = ["person", "started_on"]
        verbose_name = _("tilknytning til dagtilbud eller skole")
        verbose_name_plural = _("tilknytninger til dagtilbud eller skole")
        indexes = [models.Index(fields=["person", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="daycare_attachment_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} fra {self.started_on:%d.%m.%Y}"

    def is_active(self, on) -> bool:
        return self.started_on <= on and (self.ended_on is None or on <= self.ended_on)
