"""Print the API's OpenAPI document: ``manage.py api_schema > docs/openapi.json``."""

import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Skriv API'ets OpenAPI-dokument (JSON) til standardoutput."

    def handle(self, *args, **options):
        from indgang.api.api import api

        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        self.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True))
