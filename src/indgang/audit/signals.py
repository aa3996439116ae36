"""Log-ins, failed log-ins and log-outs go into the audit log (auth's signals are the hook)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from indgang.audit.services import Action, audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(user=user, action=Action.LOGIN, object_type="session")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(user=user, action=Action.LOGOUT, object_type="session")


UNKNOWN_USERNAME = "(ukendt brugernavn)"


def _known_username(typed) -> str:
    """The typed name if it is someone's user name; never text that is not (a password typed
    into the wrong field would otherwise be kept in the log)."""
    typed = str(typed or "")
    if not typed or len(typed) > 150:
        return UNKNOWN_USERNAME
    model = get_user_model()
    lookup = {model.USERNAME_FIELD: typed}
    return typed if model._default_manager.filter(**lookup).exists() else UNKNOWN_USERNAME


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        user=None,
        action=Action.LOGIN_FAILED,
        object_type="session",
        username=_known_username(credentials.get("username")),
    )
