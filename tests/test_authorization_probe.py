"""An attacker's probe: every URL, as personas who may not see the Hansen family, with the
Hansen family's object ids, by GET and by POST. Nothing of the family leaks, and every
refusal of a family's page leaves a denied event in the audit log."""

import pytest

from indgang.audit.models import AuditEvent
from tests.test_access_matrix import MATRIX, _url, objects  # noqa: F401  (fixture)

# One world for the module's tests, each in its own savepoint (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("module_world")

OUTSIDERS = ["ivan", "dave"]  # a coordinator of another centre; a partner not linked
SECRETS = ["Familien Hansen", "Alma Hansen", "Maria Hansen", "maria@familie.invalid"]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_no_leak_and_every_refusal_logged(name, world, objects, login):  # noqa: F811
    entry = MATRIX[name]
    url = _url(name, entry, world, objects)
    for persona in OUTSIDERS:
        if persona in entry.allowed:
            continue
        user = getattr(world, persona)
        client = login(user)
        for method in ("get", "post"):
            last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = getattr(client, method)(url, entry.data)
            body = b"" if response.streaming else response.content
            text = body.decode("utf-8", errors="ignore")
            leaked = [word for word in SECRETS if word in text]
            assert not leaked, f"{name} {method.upper()} as {persona}: shows {leaked}"
            if entry.family_scoped and response.status_code != 405:  # 405: a POST-only page
                assert response.status_code == 404, f"{name} {method} as {persona}"
                denied = AuditEvent.objects.filter(
                    pk__gt=last, user=user, action=AuditEvent.Action.DENIED
                )
                assert denied.exists(), f"{name} {method.upper()} as {persona}: refusal unlogged"
