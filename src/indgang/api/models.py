"""Other systems that use the JSON API: each is a client with a system user and scopes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.organisation.models import Centre


class Scope(models.TextChoices):
    """What a client may do; the system user's access policy still decides which families."""

    READ = "read", _("Læse familier, sager, planer, møder og indsatser")
    WRITE_REFERRAL = "write:referral", _("Oprette henvisninger (familie, barn og forældre)")
    WRITE_DECISION = "write:decision", _("Registrere afgørelser truffet i et andet system")
    CPR_FULL = "cpr:full", _("Se fulde CPR-numre (ellers maskeret)")


class ApiClient(models.Model):
    """A municipality's other system (journal, economy, ...) that calls the API.

    It acts as its own system user under the same access policy as a person, so every call
    is in the audit log with that user as the actor. The token is shown once at creation;
    only its SHA-256 hash is kept, found by the public prefix.
    """

    name = models.CharField(_("navn"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name=_("systembruger"),
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="api_clients", verbose_name=_("center")
    )
    scopes = models.JSONField(_("rettigheder"), default=list, blank=True)
    prefix = models.CharField(_("nøgle-id"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("udløber"))
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API-klient")
        verbose_name_plural = _("API-klienter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_client_expires_after_created",
            )
        ]

    def __str__(self):
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
