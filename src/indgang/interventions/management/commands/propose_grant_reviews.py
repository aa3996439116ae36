"""Propose reviews of time-limited grants that end soon (cron: daily). Safe to run again."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from indgang.interventions.services import grant_reviews_propose


class Command(BaseCommand):
    help = "Opret forslag om revurdering af tidsbegrænsede bevillinger, der snart udløber."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=date.fromisoformat, help="dato (ÅÅÅÅ-MM-DD); i dag")

    def handle(self, *args, on=None, **options):
        created = grant_reviews_propose(on=on or timezone.localdate())
        self.stdout.write(f"{len(created)} forslag om revurdering oprettet.")
