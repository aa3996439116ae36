from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from indgang.signin.demo import DEMO_DEVICE_NAME, DEMO_TOTP_KEY
from indgang.signin.testing import unused_code


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo user (demo devices only)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="leder")

    def handle(self, *args, **options):
        device = TOTPDevice.objects.filter(
            user__username=options["username"], name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY
        ).first()
        if device is None:
            raise CommandError(f"{options['username']} has no demo authenticator")
        self.stdout.write(unused_code(device, wait=0))
