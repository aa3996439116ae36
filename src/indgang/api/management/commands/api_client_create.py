"""Register another system as an API client; the token is printed once and never again."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indgang.api import services
from indgang.api.models import Scope
from indgang.organisation.models import Centre, Role


class Command(BaseCommand):
    help = "Opret en API-klient med systembruger; nøglen vises kun denne ene gang."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Systemets navn, f.eks. 'Ishøj journalsystem'")
        parser.add_argument("--centre", required=True, help="Centrets id eller navn")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            default=[],
            choices=Scope.values,
            help="En rettighed; gentag for flere (read, write:referral, ...)",
        )
        parser.add_argument("--days", type=int, default=365, help="Gyldighed i dage (365)")
        parser.add_argument(
            "--role",
            default=Role.COORDINATOR,
            choices=[r.value for r in services.SYSTEM_ROLES],
            help="Systembrugerens rolle i adgangspolitikken (coordinator)",
        )

    def handle(self, *args, name, centre, scopes, days, role, **options):
        lookup = {"pk": int(centre)} if centre.isdigit() else {"name": centre}
        found = Centre.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"Centret findes ikke: {centre}")
        if days < 1:
            raise CommandError("--days skal være mindst 1.")
        try:
            client, token = services.api_client_create(
                name=name,
                centre=found,
                scopes=scopes or [Scope.READ],
                expires_at=timezone.now() + timedelta(days=days),
                role=role,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stderr.write(
            f"API-klient {client.name} (id {client.pk}, nøgle-id {client.prefix}) oprettet "
            f"for {found}; rettigheder: {', '.join(client.scopes)}; udløber "
            f"{client.expires_at:%Y-%m-%d}. Nøglen vises kun nu:"
        )
        self.stdout.write(token)
