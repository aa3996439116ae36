from django.core.management.base import BaseCommand

from indgang.families.demo import DEMO_PASSWORD, STAFF, load_demo


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
