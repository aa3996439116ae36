"""Demo data for interventions on top of `load_demo`: settings, grants, applications, complaints."""

from django.core.management.base import BaseCommand

from indgang.interventions.demo import load_interventions_demo


class Command(BaseCommand):
    help = "Indlæs demodata for indsatser, afgørelser og klager (efter load_demo)."

    def handle(self, *args, **options):
        result = load_interventions_demo()
        self.stdout.write(str(result))
