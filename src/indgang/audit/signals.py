"""Log-ins, failed log-ins and log-outs go into the audit log (auth's signals are the hook)."""

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


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        user=None,
        action=Action.LOGIN_FAILED,
        object_type="session",
        username=str(credentials.get("username", "")),
    )
