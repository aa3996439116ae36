"""The KOS status report against the 21-child cohort: every figure of DOMAIN.md section 3."""

from datetime import date
from decimal import Decimal

import pytest

from indgang.reports import selectors
from indgang.reports.demo import KOS_DATE, load_kos_cohort
from indgang.reports.selectors import StatusReportError, kos_status


@pytest.fixture
def cohort(world):
    return load_kos_cohort(centre=world.centre, by=world.erin)


def test_every_figure_of_the_june_2021_status(world, cohort):
    s = kos_status(user=world.erin, on=KOS_DATE)
    assert s.children == 21
    assert s.age_groups == [("0-1 år", 5), ("2-6 år", 15), ("7 år og derover", 1)]
    assert s.prior == [("Under 1 år", 7), ("1-2 år", 10), ("3-5 år", 4), ("Over 5 år", 0)]
    assert (s.with_prior, s.without_prior) == (18, 3)
    rows = {r.key: (r.prior_start, r.prior_now) for r in s.interventions}
    assert rows == {
        "extra_costs": (16, 16),
        "lost_earnings": (13, 15),
        "respite": (5, 8),
        "investigation": (4, 4),
        "measures": (2, 2),
        "special_daycare": (6, 5),
    }
    new = {r.key: (r.new_start, r.new_now) for r in s.interventions}
    assert new["lost_earnings"] == (0, 3)  # all three full time, at home
    assert new["extra_costs"] == new["respite"] == (0, 0)
    le = s.lost_earnings
    assert (le.reduced, le.increased) == (2, 3)
    assert dict(le.hours_start)[Decimal("37.0")] == 10
    assert dict(le.hours_now)[Decimal("37.0")] == 10  # mostly 37 hours a week
    a = s.attachment
    assert (a.at_start, a.now, a.of_age, a.now_of_age) == (12, 14, 19, 14)
    assert a.share_percent == 74
    assert a.lost == 0
    assert a.changed == 5
    assert sorted(a.changes) == [
        ("Alment dagtilbud", "Specialiseret dagtilbud", 2),
        ("Specialiseret dagtilbud", "Alment dagtilbud", 1),
        ("Specialiseret dagtilbud", "Specialskole eller -klasse", 2),
    ]
    assert s.complaints.years == [2019, 2020, 2021]
    assert selectors.complaint_rows(s) == [
        ("Ishøj", [19, 22, 6]),
        ("Vallensbæk", [16, 12, 5]),
        ("I alt", [35, 34, 11]),
    ]


def test_one_municipality(world, cohort):
    ishoj = world.centre.municipalities.get(name="Ishøj")
    s = kos_status(user=world.frank, on=KOS_DATE, municipality_ids=[ishoj.pk])
    assert s.municipalities == ["Ishøj"]
    assert s.children == 13
    assert selectors.complaint_rows(s) == [("Ishøj", [19, 22, 6]), ("I alt", [19, 22, 6])]


def test_another_centres_leader_sees_none_of_it(world, cohort):
    from indgang.organisation.models import Role
    from tests import factories as f

    other = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    assert not selectors.municipalities_for(other).filter(name="Ishøj").exists()
    ishoj = world.centre.municipalities.get(name="Ishøj")
    with pytest.raises(StatusReportError):
        kos_status(user=other, on=KOS_DATE, municipality_ids=[ishoj.pk])
    # Even if the other centre served Ishøj too, it sees only its own families.
    world.other_centre.municipalities.add(ishoj)
    with pytest.raises(StatusReportError, match="ingen indskrevne"):
        kos_status(user=other, on=KOS_DATE, municipality_ids=[ishoj.pk])


def test_a_date_before_any_data(world, cohort):
    with pytest.raises(StatusReportError, match=r"Der er ingen data før den 02\.03\.2020"):
        kos_status(user=world.erin, on=date(2019, 12, 31))


def test_a_date_in_the_future(world, cohort):
    with pytest.raises(StatusReportError, match="fremtiden"):
        kos_status(user=world.erin, on=date(2030, 1, 1))


def test_query_count_does_not_grow_with_the_families(world, cohort):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as once:
        kos_status(user=world.erin, on=KOS_DATE)
    load_kos_cohort(centre=world.centre, by=world.erin)  # 42 children now
    with CaptureQueriesContext(connection) as twice:
        s = kos_status(user=world.erin, on=KOS_DATE)
    assert s.children == 42
    assert len(twice.captured_queries) == len(once.captured_queries)
