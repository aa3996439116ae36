from django.core.management.base import BaseCommand

from indgang.families.demo import DEMO_PASSWORD, STAFF, load_demo
from indgang.portal.models import ParentAccount


class Command(BaseCommand):
    help = "Load the demo municipality (Ishøj and Vallensbæk) once and print the demo logins."

    def handle(self, *args, **options):
        result = load_demo()
        if result["created"]:
            self.stdout.write(f"Demo loaded: {result['families']} synthetic families.")
        else:
            self.stdout.write("Demo already loaded; nothing changed.")
        self.stdout.write("\nDemo logins (demo only), password for all: " + DEMO_PASSWORD)
        for username, first, last, role, profession, _kind in STAFF:
            self.stdout.write(f"  {username:<16} {first} {last}, {role.label} ({profession})")
        self.stdout.write(
            "Leaders, the DPO and the administrator also need a code from their authenticator:"
            "\n  .venv/bin/python manage.py demo_totp leder   (prints the demo device's code)"
        )
        parent = ParentAccount.objects.select_related("user").order_by("pk").first()
        if parent is not None:
            self.stdout.write(
                f"The parents' portal: http://127.0.0.1:8000/familie/  log in as "
                f"{parent.user.username} (a parent in the demo), same password."
            )
