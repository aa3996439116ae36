"""The demo municipality is ready to send Digital Post: its policy has a sender CVR."""

import re

import pytest

from indgang.interventions.demo import configure_municipality
from indgang.interventions.models import MunicipalityPolicy
from tests import factories as f


@pytest.mark.django_db
def test_a_demo_municipality_has_a_valid_made_up_sender_cvr():
    municipality = f.MunicipalityFactory(name="Demokommune", code="183")
    configure_municipality(municipality)
    policy = MunicipalityPolicy.objects.get(municipality=municipality)
    assert re.fullmatch(r"99\d{6}", policy.digital_post_cvr)
    policy.full_clean()  # the CVR field's own validation accepts it
