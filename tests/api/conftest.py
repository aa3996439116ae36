"""API clients for the world's centres: tokens with chosen scopes, and a caller that sends them."""

import json

import pytest

from indgang.api import services
from indgang.api.models import Scope
from tests.interventions.helpers import configure, grant

ALL_SCOPES = [s.value for s in Scope]


@pytest.fixture
def make_client(world):
    def _make(scopes=ALL_SCOPES, centre=None, name="Journalsystem", **kw):
        client, token = services.api_client_create(
            name=name, centre=centre or world.centre, scopes=list(scopes), **kw
        )
        return client, token

    return _make


@pytest.fixture
def call(client):
    """``call(token, "get", "/api/v1/families/", json_body=None, **query)``."""

    def _call(token, method, path, body=None, **query):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if body is not None:
            return getattr(client, method)(
                path, data=json.dumps(body, default=str), content_type="application/json", **headers
            )
        return getattr(client, method)(path, data=query or None, **headers)

    return _call


@pytest.fixture
def with_grant(world):
    configure(world)
    return grant(world)
