"""Demo data: the demo staff whose role needs a second factor get a known authenticator.

Demo only. The key is public (it is in this file): ``manage.py demo_totp <username>`` prints
the current code, as would the authenticator app set up with DEMO_TOTP_SECRET.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from indgang.signin.policy import second_factor_required

# 20 bytes, hex; typed into an app as base32: MRSW 23ZN ORXX I4BN NNSX SLJS GAZD MAAA.
DEMO_TOTP_KEY = b"demo-totp-key-2026\x00\x00".hex()
DEMO_DEVICE_NAME = "Demo"


def load(*, rng, users) -> None:
    for user in users.values():
        if second_factor_required(user):
            TOTPDevice.objects.update_or_create(
                user=user,
                name=DEMO_DEVICE_NAME,
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )
