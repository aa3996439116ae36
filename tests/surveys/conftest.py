import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _survey_templates(request):
    """The national templates come from migration 0002; seeded here too when the test database
    was built without migrations (``--nomigrations``), so the tests run either way."""
    if "db" not in request.fixturenames and "world" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    seed = importlib.import_module("indgang.surveys.migrations.0002_seed_surveys").seed
    seed(apps, None)
