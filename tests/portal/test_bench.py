"""The portal benchmark's generator and timing on a small amount of data (bench/portal.py).

The full run (30,000 families, 2 million messages, 200,000 attachments on PostgreSQL) is
`make bench`; this runs the same code on the test database with a few hundred messages, so a
change that breaks the benchmark, or makes a portal page's query count grow with a family's
number of messages, fails here. Times are not asserted (the machine is shared).
"""

import random

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection

from bench import portal
from indgang.portal.models import Message, MessageAttachment, ParentAccount
from indgang.portal.selectors import MESSAGES_PER_PAGE
from tests import factories as f


def test_message_counts_add_up_with_a_long_tail():
    counts = portal.message_counts(random.Random(1), list(range(1, 1001)), 67_000)
    assert sum(counts.values()) == 67_000 and min(counts.values()) >= 1
    sizes = sorted(counts.values())
    assert sizes[-1] > 10 * sizes[len(sizes) // 2]  # a few families write much more


@pytest.fixture
def _keep_the_test_connection():
    """bench.measure's client is a bare WSGI handler: at the end of each request Django would
    close the database connection (and with it the test's transaction), as Django's own test
    client avoids in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_keep_the_test_connection")
def test_the_benchmark_runs_and_the_queries_do_not_grow_with_the_messages(world, parents):
    for n in range(3):  # more families, so the conversations differ in length
        family = f.FamilyFactory(name=f"Familien Bench{n}", centre=world.centre)
        f.PersonFactory(family=family, first_name=f"Barn{n}")
        f.PersonFactory(family=family, parent=True, email=f"b{n}@bench.invalid")
        f.assign(f.CaseFactory(family=family, enrolled=True), world.alice)
    from datetime import date

    from indgang.plans.models import JointPlan, PlanFollowUp

    plan = JointPlan.objects.get(case__family=parents.peter.family)
    PlanFollowUp.objects.create(plan=plan, done_on=date(2026, 11, 1), by=world.alice)
    generation = portal.generate_portal(messages=600, attachments=60, seed=7)
    assert Message.objects.count() == 600 and MessageAttachment.objects.count() == 60
    assert generation["counts"]["parent_accounts"] == ParentAccount.objects.count() >= 5
    largest = generation["counts"]["messages_per_family_max"]
    assert largest > MESSAGES_PER_PAGE  # the largest is longer than one page
    assert Message.objects.filter(author__isnull=False).exists()

    if connection.vendor != "sqlite":
        # On PostgreSQL the bare WSGI handler loses the test's transaction (the connection is
        # closed under it); the timing there is `make bench` itself, against its own cluster.
        return
    rows, ids = portal.measure(sample_factor=0.05, families=10)
    assert [r["name"] for r in rows] == [
        "portal front page (parent)",
        "portal plan page (parent)",
        "portal message list (parent)",
    ]
    for row in rows:
        assert row["constant_queries"], row
        assert row["p95_ms"] > 0 and row["queries"] > 0
    messages = rows[2]
    assert messages["queries_largest_conversation"]["messages"] == largest
    assert (
        messages["queries_largest_conversation"]["queries"]
        == messages["queries_smallest_conversation"]["queries"]
    )
    assert ids["parents_by_messages"][-1][1] == largest
