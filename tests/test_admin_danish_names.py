"""The admin speaks Danish: every app and model of Indgang carries a Danish name.

Django makes an English name from the class name when none is given ("partner link",
"audit familys"); the test below catches a new model that forgets its Danish names.
"""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.text import camel_case_to_spaces

pytestmark = pytest.mark.django_db

# Words that are the same in Danish and English; their names are still set by hand.
SAME_IN_DANISH = {"person", "organisation"}


def _indgang_configs():
    return [c for c in apps.get_app_configs() if c.name.startswith("indgang.")]


def _indgang_models():
    return [m for c in _indgang_configs() for m in c.get_models()]


def test_every_model_has_its_own_danish_names():
    assert len(_indgang_models()) > 50
    for model in _indgang_models():
        opts = model._meta
        where = f"{opts.app_label}.{model.__name__}"
        # Set in the model's Meta, not made up by Django from the class name.
        assert "verbose_name" in opts.original_attrs, where
        assert "verbose_name_plural" in opts.original_attrs, where
        english = camel_case_to_spaces(model.__name__)
        if english not in SAME_IN_DANISH:
            assert str(opts.verbose_name) != english, where
            assert str(opts.verbose_name_plural) != f"{english}s", where
        assert not str(opts.verbose_name_plural).endswith(("ss", "gs", "rs")), where


def test_every_app_has_a_danish_name():
    for config in _indgang_configs():
        label = config.label
        if label in SAME_IN_DANISH:
            continue
        assert config.verbose_name.lower() not in (label, "go-live"), label


def test_the_admin_index_shows_the_danish_app_and_model_names(world, login):
    client = login(world.grace)
    html = client.get(reverse("admin:index")).content.decode()
    # The apps that have models in the admin, under their Danish names.
    for name in ("API-klienter", "Organisation", "Tilsyn med persondata", "Totrinsbekræftelse"):
        assert f">{name}</a>" in html
    for name in ("Kommuner", "Medarbejdere", "Opbevaringsregler", "Godkendelsesapps"):
        assert f">{name}</a>" in html
    for english in ("Oversight", "Otp_Totp", "TOTP devices"):
        assert english not in html
