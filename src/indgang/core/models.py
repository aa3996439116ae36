from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form that has been sent and saved, by the one-time token its page carried.

    Going back in the browser and sending the same form again brings the browser's restored
    token along (core/static/core/indgang.js), so the second send is recognised and the user
    is taken to where the first one went instead of creating a second record
    (core/submit_once.py).
    """

    token = models.CharField(max_length=32, unique=True)
    redirect_to = models.CharField(max_length=1000)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("formularindsendelse")
        verbose_name_plural = _("formularindsendelser")
