"""For tests and the demo: the code an authenticator app would show now, not yet used."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def unused_code(device: TOTPDevice, *, wait: float = 35.0) -> str:
    """A code the device accepts now: this step's, or the next one's if this one was used.

    A device refuses a code from a time step it already accepted (no replay), so two sign-ins
    in the same 30 seconds take the next step's code (within the device's tolerance); a third
    waits for the clock.
    """
    deadline = time.monotonic() + wait
    while True:
        device.refresh_from_db()
        now = time.time()
        for offset in (0, 1, -1):
            if abs(offset) > device.tolerance:
                continue
            totp = TOTP(
                device.bin_key, device.step, device.t0, device.digits, device.drift + offset
            )
            totp.time = now
            if totp.t() > device.last_t:
                return f"{totp.token():0{device.digits}d}"
        if time.monotonic() > deadline:
            raise RuntimeError("no unused TOTP code within the wait")
        time.sleep(1)
