"""Building blocks every app's services share."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _


def save_validated(instance: Model) -> Model:
    """full_clean, then save; a database rule that full_clean cannot see becomes a message."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Ændringen kunne ikke gemmes, fordi den strider mod en regel for data.")
        ) from exc
    return instance
