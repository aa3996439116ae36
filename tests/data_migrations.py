"""Rows that data migrations seed (cadence profiles, the legal-basis catalogue, the survey
templates). A transactional test (a live server, a backup drill) empties every table when it
ends; tests/conftest.py puts these rows back right after, so every later test on the same
worker starts from what `migrate` gives a real database, whatever order xdist runs them in."""

import importlib

DATA_MIGRATIONS = [
    "indgang.followup.migrations.0002_seed_cadence_profiles",
    "indgang.interventions.migrations.0002_seed_catalogue",
    "indgang.surveys.migrations.0002_seed_surveys",
]


def reseed_data_migrations() -> None:
    from django.apps import apps

    for module in DATA_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)
