"""The OpenAPI document is served, and the committed copy (docs/openapi.json) is kept in step."""

import json
from pathlib import Path

import pytest

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
HINT = (
    "The API changed without docs/openapi.json. Regenerate it with: "
    ".venv/bin/python manage.py api_schema > docs/openapi.json"
)


@pytest.mark.django_db
def test_served_document_is_the_committed_one(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert served == json.loads(COMMITTED.read_text(encoding="utf-8")), HINT


def test_every_operation_documents_its_problems():
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("401", "403", "404", "422"):
                assert status in responses, (method, path, status)
                assert "application/problem+json" in responses[status]["content"]
            assert operation["security"] == [{"ClientToken": []}], (method, path)
    assert not any("cpr" in path.lower() for path in document["paths"])
    for operations in document["paths"].values():
        for operation in operations.values():
            names = {p["name"].lower() for p in operation.get("parameters", [])}
            assert not any("cpr" in name for name in names)
