"""The page that records a child's day care or school, reached from the family page."""

from datetime import date
from html import unescape

from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.reports.models import DaycareAttachment
from tests import factories as f

K = DaycareAttachment.Kind


def url(world):
    return reverse("daycare_attachments", kwargs={"family_id": world.family.pk})


def record(client, world, **data):
    return client.post(
        url(world),
        {
            "action": "record",
            "ny-child": str(world.child.pk),
            "ny-kind": K.DAYCARE,
            "ny-institution": "Solsikken",
            "ny-started_on": "2026-08-01",
            **data,
        },
    )


def test_the_family_page_leads_there(world, login):
    html = login(world.alice).get(reverse("family_detail", args=[world.family.pk])).content
    assert url(world).encode() in html
    assert "Dagtilbud og skole" in html.decode()


def test_record_a_place_then_a_change(world, login):
    client = login(world.alice)
    response = record(client, world)
    assert response.status_code == 302
    response = record(
        client, world, **{"ny-kind": K.SPECIAL_DAYCARE, "ny-started_on": "2026-10-01"}
    )
    assert response.status_code == 302
    first, second = DaycareAttachment.objects.filter(person=world.child).order_by("started_on")
    assert first.ended_on == date(2026, 9, 30)  # the change ends the first place
    assert second.kind == K.SPECIAL_DAYCARE and second.ended_on is None
    html = client.get(url(world)).content.decode()
    assert "Specialiseret dagtilbud" in html and "Solsikken" in html
    # The family page's panel shows the current place.
    page = client.get(reverse("family_detail", args=[world.family.pk])).content.decode()
    assert "Alma: Specialiseret dagtilbud" in page


def test_end_a_place(world, login):
    client = login(world.alice)
    record(client, world)
    place = DaycareAttachment.objects.get()
    response = client.post(
        url(world), {"action": "end", "slut-attachment": place.pk, "slut-ended_on": "2026-07-01"}
    )
    assert response.status_code == 400
    assert "Slutdatoen kan ikke ligge før pladsens start (01.08.2026)" in response.content.decode()
    place.refresh_from_db()
    assert place.ended_on is None
    response = client.post(
        url(world), {"action": "end", "slut-attachment": place.pk, "slut-ended_on": "2026-11-01"}
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.ended_on == date(2026, 11, 1)


def test_bad_input_saves_nothing(world, login):
    client = login(world.alice)
    stranger = f.PersonFactory(family=world.other_family)
    for data, message in [
        ({"ny-started_on": "31-12-2026"}, "Indtast en gyldig dato"),
        ({"ny-started_on": ""}, "Dette felt er påkrævet"),
        ({"ny-kind": "castle"}, "er ikke en af de tilgængelige"),
        ({"ny-child": str(stranger.pk)}, "er ikke en af de tilgængelige"),
        ({"ny-child": "99999999999999999999999"}, "er ikke en af de tilgængelige"),
    ]:
        response = record(client, world, **data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not DaycareAttachment.objects.exists()
    record(client, world)
    response = record(client, world, **{"ny-started_on": "2026-07-01"})
    assert response.status_code == 400
    assert "skal starte efter den nuværende plads' start (01.08.2026)" in unescape(
        response.content.decode()
    )
    assert DaycareAttachment.objects.get().ended_on is None  # nothing half-saved


def test_who_may(world, login):
    assert login(world.ivan).get(url(world)).status_code == 404  # another centre
    assert login(world.bob).get(url(world)).status_code == 403  # sees the family, does not act
    response = login(world.ivan).post(url(world), {"action": "record"})
    assert response.status_code == 404
    assert not DaycareAttachment.objects.exists()


def test_the_read_is_logged(world, login):
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert login(world.erin).get(url(world)).status_code == 200
    events = AuditEvent.objects.filter(pk__gt=last, action="view", user=world.erin)
    families = set(AuditFamily.objects.filter(event__in=events).values_list("family_id", flat=True))
    named = set(events.values_list("family_id", flat=True))
    assert world.family.pk in families | named
    assert AuditEvent.objects.filter(pk__gt=last, action="denied").count() == 0
