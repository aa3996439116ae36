"""Add the KOS cohort (21 synthetic children, June 2021) to a centre."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from indgang.organisation.models import Centre, Role, User
from indgang.reports.demo import DEMO_DISCHARGE, KOS_DATE, LAST, load_kos_cohort


class Command(BaseCommand):
    help = (
        "Tilføj KOS-kohorten (21 syntetiske børn, status juni 2021) til et center, der betjener "
        "Ishøj og Vallensbæk. Statusrapporten for den 15. juni 2021 viser så rapportens tal."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--centre", default="", help="Centrets navn (standard: det eneste, der betjener Ishøj)"
        )
        parser.add_argument(
            "--discharge-on",
            default=DEMO_DISCHARGE.isoformat(),
            help="Udskriv sagerne og afslut bevillingerne denne dag (ÅÅÅÅ-MM-DD; 'ingen': forbliv indskrevet)",
        )

    def handle(self, *args, **options):
        centres = Centre.objects.filter(municipalities__name="Ishøj").filter(
            municipalities__name="Vallensbæk"
        )
        if options["centre"]:
            centres = centres.filter(name=options["centre"])
        centres = list(centres.distinct())
        if len(centres) != 1:
            raise CommandError(
                "Angiv med --centre ét center, der betjener både Ishøj og Vallensbæk.", returncode=2
            )
        centre = centres[0]
        raw = options["discharge_on"]
        try:
            discharge_on = None if raw == "ingen" else date.fromisoformat(raw)
        except ValueError as error:
            raise CommandError(
                f"Ugyldig dato: {raw!r} (skriv ÅÅÅÅ-MM-DD).", returncode=2
            ) from error
        if discharge_on and discharge_on <= KOS_DATE:
            raise CommandError("Udskrivningsdatoen skal ligge efter 15. juni 2021.", returncode=2)
        if centre.families.filter(name=f"Familien {LAST[0]}").exists():
            self.stdout.write("KOS-kohorten findes allerede i centret.")
            return
        by = User.objects.filter(centre=centre, role=Role.LEADER).order_by("pk").first()
        if by is None:
            raise CommandError(
                "Centret har ingen leder at registrere data i navn af.", returncode=2
            )
        families = load_kos_cohort(centre=centre, by=by, discharge_on=discharge_on)
        self.stdout.write(f"{len(families)} familier tilføjet til {centre}.")
