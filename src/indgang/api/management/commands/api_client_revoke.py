"""Revoke an API client's token at once (by id or key id)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indgang.api import services
from indgang.api.models import ApiClient


class Command(BaseCommand):
    help = "Tilbagekald en API-klients nøgle (klientens id eller nøgle-id)."

    def add_arguments(self, parser):
        parser.add_argument("client", help="Klientens id eller nøgle-id (prefix)")

    def handle(self, *args, client, **options):
        lookup = {"pk": int(client)} if client.isdigit() else {"prefix": client}
        found = ApiClient.objects.filter(**lookup).first()
        if found is None:
            found = ApiClient.objects.filter(prefix=client).first()
        if found is None:
            raise CommandError(f"API-klienten findes ikke: {client}")
        try:
            services.api_client_revoke(client=found)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"API-klient {found.name} er tilbagekaldt.")
