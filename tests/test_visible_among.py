"""``visible_among`` asks the access rule's cheapest conditions first (a coordinator's own
cases, the centre-wide scope) and the whole rule only about what is left. Whatever the path,
its answer must be the rule's own: ``families_visible_to`` on the same candidates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indgang.families.access import families_visible_to, visible_among
from indgang.families.models import AccessPolicy
from tests import factories as f

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"]


@pytest.fixture
def candidates(world):
    """Families seen by different conditions of the rule, and one seen by nobody here."""
    colleague = f.UserFactory(role="coordinator", centre=world.centre)
    theirs = f.CaseFactory(family=f.FamilyFactory(centre=world.centre), enrolled=True)
    f.assign(theirs, colleague)
    vallensbaek = world.centre.municipalities.get(name="Vallensbæk")
    elsewhere = f.FamilyFactory(centre=world.centre, municipality=vallensbaek)
    f.CaseFactory(family=elsewhere)
    linked = f.CaseFactory(family=f.FamilyFactory(centre=world.centre), enrolled=True)
    f.assign(linked, colleague)
    f.link(linked, world.dave)
    return {
        world.family.pk,
        world.other_family.pk,
        theirs.family_id,
        elsewhere.pk,
        linked.family_id,
    }


@pytest.mark.parametrize("scope", [AccessPolicy.Scope.CENTRE, AccessPolicy.Scope.NEED_TO_KNOW])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_answer_is_the_rule_s_whatever_the_path(world, candidates, persona, scope):
    AccessPolicy.objects.update(scope=scope)
    user = getattr(world, persona)
    expected = set(families_visible_to(user).filter(pk__in=candidates).values_list("pk", flat=True))
    assert visible_among(user, candidates) == expected


def test_the_scopes_are_told_apart(world, candidates):
    """The parametrised test above compares like with like; this one says what it compares."""
    AccessPolicy.objects.update(scope=AccessPolicy.Scope.CENTRE)
    centre_wide = visible_among(world.alice, candidates)
    AccessPolicy.objects.update(scope=AccessPolicy.Scope.NEED_TO_KNOW)
    need_to_know = visible_among(world.alice, candidates)
    assert need_to_know == {world.family.pk} and world.family.pk in centre_wide
    assert len(centre_wide) == 4 and world.other_family.pk not in centre_wide


def test_a_coordinator_s_own_families_cost_one_plain_query(world):
    with CaptureQueriesContext(connection) as queries:
        assert visible_among(world.alice, [world.family.pk]) == {world.family.pk}
    assert len(queries) == 1
