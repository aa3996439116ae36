"""Every sign-in, whichever way it came, stamps the session with its time.

The stamp is what the absolute session age is measured from (middleware.py); a new sign-in
also forgets a second factor proven earlier in the same browser session.
"""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from indgang.core.sessions import SEEN
from indgang.signin.policy import OTP_VERIFIED, SIGNED_IN_AT, SIGNED_IN_WITH


@receiver(user_logged_in)
def _stamp_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[SIGNED_IN_AT] = time.time()
    request.session[SEEN] = int(time.time())  # the sign-in writes the session anyway
    request.session.pop(SIGNED_IN_WITH, None)
    request.session.pop(OTP_VERIFIED, None)
