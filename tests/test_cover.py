"""Issue 9: cover during absence. A deputy coordinator sees the family and its due items for
the period; the family page and the parents' e-mail say who covers; it ends by itself."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.families import services
from indgang.families.access import families_visible_to
from indgang.families.models import AccessPolicy, Cover
from indgang.followup.selectors import coordinator_week
from tests import factories as f
from tests.followup.helpers import contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def need_to_know(world):
    AccessPolicy.objects.update(scope=AccessPolicy.Scope.NEED_TO_KNOW)
    return world


@pytest.fixture
def paula(world):
    return f.UserFactory(
        username="paula",
        first_name="Paula",
        last_name="Dam",
        role="coordinator",
        centre=world.centre,
        phone="43 57 71 11",
        email="paula@kommune.invalid",
    )


def _cover(world, deputy, starts_on=date(2026, 11, 23), ends_on=date(2026, 12, 4)):
    return services.cover_start(
        by=world.erin,
        case=world.case,
        deputy=deputy,
        reason=Cover.Reason.ILLNESS,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def test_the_deputy_sees_the_family_only_during_the_cover(
    need_to_know, paula, django_capture_on_commit_callbacks
):
    world = need_to_know
    assert world.family not in families_visible_to(paula)
    with django_capture_on_commit_callbacks(execute=True):
        _cover(world, paula, starts_on=date(2026, 11, 25), ends_on=date(2026, 12, 4))
    assert world.family not in families_visible_to(paula)  # not yet
    with time_machine.travel(date(2026, 11, 25), tick=False):
        assert world.family in families_visible_to(paula)
    with time_machine.travel(date(2026, 12, 4), tick=False):
        assert world.family in families_visible_to(paula)  # the last day included
    with time_machine.travel(date(2026, 12, 5), tick=False):
        assert world.family not in families_visible_to(paula)  # ended by itself
    # the coordinator keeps seeing the family throughout
    assert world.family in families_visible_to(world.alice)


def test_the_deputy_gets_the_due_items_on_their_week(need_to_know, paula):
    world = need_to_know
    contact(world.case, date(2026, 9, 15), world.alice)  # the October contact is overdue
    _cover(world, paula)
    week = coordinator_week(user=paula, today=date(2026, 11, 23))
    assert [r.family_id for r in week.contacts_overdue] == [world.family.pk]
    assert [c.case_id for c in week.covers] == [world.case.pk]
    after = coordinator_week(user=paula, today=date(2026, 12, 7))
    assert after.rows == [] and after.covers == []


def test_week_page_and_family_page_say_who_covers(need_to_know, paula, login, client):
    world = need_to_know
    _cover(world, paula)
    page = login(paula).get(reverse("my_week")).content.decode()
    assert "Du dækker i dag for" in page and "Familien Hansen" in page
    client.logout()
    detail = login(world.alice).get(reverse("family_detail", args=[world.family.pk]))
    html = detail.content.decode()
    assert "Dækkes af Paula Dam" in html and "43 57 71 11" in html


def test_the_parents_are_told_who_covers_and_nothing_else(
    world, paula, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _cover(world, paula)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@familie.invalid"]
    assert "Paula Dam" in message.body and "43 57 71 11" in message.body
    assert "sygdom" not in message.body.lower()  # the reason is the coordinator's own
    assert world.child.cpr[:6] not in message.body
    event = AuditEvent.objects.filter(object_type="cover").get()
    assert event.family_id == world.family.pk


@pytest.mark.parametrize(
    ("deputy", "starts_on", "ends_on", "field"),
    [
        ("alice", date(2026, 11, 23), date(2026, 11, 30), "deputy"),  # the coordinator herself
        ("bob", date(2026, 11, 23), date(2026, 11, 30), "deputy"),  # not a coordinator
        ("ivan", date(2026, 11, 23), date(2026, 11, 30), "deputy"),  # another centre
        ("paula", date(2026, 11, 30), date(2026, 11, 23), "ends_on"),  # backwards
        ("paula", date(2026, 11, 1), date(2026, 11, 20), "ends_on"),  # already over
        ("paula", date(2026, 11, 23), date(2028, 1, 1), "ends_on"),  # over a year: hand over
    ],
)
def test_bad_covers_are_refused_and_nothing_is_saved(
    world, paula, deputy, starts_on, ends_on, field
):
    user = paula if deputy == "paula" else getattr(world, deputy)
    with pytest.raises(ValidationError) as exc:
        _cover(world, user, starts_on=starts_on, ends_on=ends_on)
    assert field in exc.value.message_dict
    assert not Cover.objects.exists()
    assert len(mail.outbox) == 0


def test_overlapping_covers_are_refused(world, paula):
    _cover(world, paula)
    other = f.UserFactory(role="coordinator", centre=world.centre)
    with pytest.raises(ValidationError, match="allerede en dækning"):
        _cover(world, other, starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 10))
    assert Cover.objects.count() == 1


def test_the_cover_page_offers_other_coordinators_and_shows_errors_in_danish(world, paula, login):
    client = login(world.alice)
    url = reverse("cover_start", args=[world.family.pk])
    form = client.get(url).context["form"]
    offered = list(form.fields["deputy"].queryset)
    assert paula in offered and world.alice not in offered
    bad = client.post(
        url, {"deputy": paula.pk, "reason": "holiday", "starts_on": "30.11.2026", "ends_on": "x"}
    )
    assert bad.status_code == 200 and not Cover.objects.exists()
    ok = client.post(
        url,
        {
            "deputy": paula.pk,
            "reason": "holiday",
            "starts_on": "23.11.2026",
            "ends_on": "4.12.2026",
        },
    )
    assert ok.status_code == 302
    assert Cover.objects.get().deputy == paula
