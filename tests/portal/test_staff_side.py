"""The portal on the staff side: what parents said on the coordinator's Min uge (and the
deputy's), core-team members in the family's conversation, the coordinator's availability
text, the parents' topics on the meeting's agenda and the leader's feedback trend."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.families.models import Cover
from indgang.followup.models import ContactLog
from indgang.meetings import services as meeting_services
from indgang.meetings.models import Meeting
from indgang.organisation.models import Role
from indgang.portal.models import (
    ConversationMember,
    CoordinatorAvailability,
    MeetingFeedback,
    MeetingResponse,
    MeetingTopic,
    Message,
    ParentAccount,
)
from tests import factories as f

CPH = ZoneInfo("Europe/Copenhagen")
WEEK = "/min-uge/"


def staff(user) -> Client:
    client = Client()
    client.force_login(user, backend="indgang.signin.backends.StaffModelBackend")
    return client


def text(response) -> str:
    return response.content.decode()


def _meeting(world, case=None, *, starts_at, status=None):
    meeting = meeting_services.meeting_create(
        by=world.alice,
        case=case or world.case,
        data={"type": Meeting.Type.STATUS, "starts_at": starts_at},
    )
    if status:
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        meeting.refresh_from_db()
    return meeting


def _account(person):
    return person.parent_account


def _low_feedback(world, parents, *, useful=2, heard=5, different="Mere tid til os"):
    held = _meeting(
        world, starts_at=datetime(2026, 11, 18, 10, tzinfo=CPH), status=Meeting.Status.HELD
    )
    return MeetingFeedback.objects.create(
        meeting=held,
        account=_account(parents.maria),
        useful=useful,
        heard=heard,
        different=different,
    )


def week_logged(client, user, family_id) -> str:
    """Min uge as ``user``; asserts that the request's read events name the family."""
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    page = text(client.get(WEEK))
    events = AuditEvent.objects.filter(id__gt=before, user=user, action="view")
    assert (
        events.filter(family_id=family_id).exists()
        or AuditFamily.objects.filter(event__in=events, family_id=family_id).exists()
    )
    return page


# ---------------------------------------------------------------- Min uge


def test_a_low_score_asks_the_coordinator_to_call_until_a_contact_is_logged(world, parents):
    _low_feedback(world, parents)
    page = week_logged(staff(world.alice), world.alice, world.family.pk)
    assert "Ring til familien i morgen (1)" in page
    assert "Maria Hansen" in page and "2/6 for nytte" in page and "Mere tid til os" in page
    # A good score is no call; nor is the other centre's coordinator told.
    assert "Ring til familien" not in text(staff(world.ivan).get(WEEK))
    ContactLog.objects.create(
        case=world.case,
        on=date(2026, 11, 23),
        form=ContactLog.Form.PHONE,
        with_whom="Maria",
        initiative=ContactLog.Initiative.COORDINATOR,
        by=world.alice,
    )
    assert "Ring til familien" not in text(staff(world.alice).get(WEEK))


def test_a_good_score_puts_nothing_on_the_week(world, parents):
    _low_feedback(world, parents, useful=5, heard=6)
    assert "Ring til familien" not in text(staff(world.alice).get(WEEK))


def test_meeting_answers_reach_the_week_with_the_reason(world, parents):
    coming = _meeting(world, starts_at=datetime(2026, 11, 26, 10, tzinfo=CPH))
    later = _meeting(world, starts_at=datetime(2026, 12, 10, 10, tzinfo=CPH))
    MeetingResponse.objects.create(
        meeting=coming, account=_account(parents.maria), answer="move", reason="Alma er syg"
    )
    MeetingResponse.objects.create(meeting=later, account=_account(parents.maria), answer="accept")
    page = text(staff(world.alice).get(WEEK))
    assert "Vil gerne flytte mødet (1)" in page and "Alma er syg" in page
    assert "Kommer (1)" in page
    assert f"/familier/{world.family.pk}/moeder/{coming.pk}/" in page or str(coming.pk) in page
    # Another family's parent answering the Jensens' meeting is on the Jensens' coordinator's
    # week (alice here), never on ivan's.
    assert "Alma er syg" not in text(staff(world.ivan).get(WEEK))


def test_unanswered_messages_show_how_long_they_have_waited(world, parents):
    Message.objects.create(
        family=world.family,
        account=_account(parents.maria),
        body="Hej",
        at=datetime(2026, 11, 20, 9, tzinfo=CPH),
    )
    page = week_logged(staff(world.alice), world.alice, world.family.pk)
    assert "Ubesvarede beskeder fra familier (1)" in page
    assert "Familien Hansen" in page and "har ventet 2\xa0dage" in page
    Message.objects.create(family=world.family, author=world.alice, body="Svar")
    assert "Ubesvarede beskeder" not in text(staff(world.alice).get(WEEK))


def test_the_deputy_sees_the_parents_words_in_the_cover_period_only(world, parents):
    dorte = f.UserFactory(username="dorte", role=Role.COORDINATOR, centre=world.centre)
    Cover.objects.create(
        case=world.case,
        coordinator=world.alice,
        deputy=dorte,
        reason=Cover.Reason.HOLIDAY,
        starts_on=date(2026, 11, 20),
        ends_on=date(2026, 11, 27),
        created_by=world.erin,
    )
    _low_feedback(world, parents)
    Message.objects.create(family=world.family, account=_account(parents.maria), body="Hej")
    page = text(staff(dorte).get(WEEK))
    assert "Ring til familien i morgen (1)" in page and "Ubesvarede beskeder" in page
    with time_machine.travel(date(2026, 11, 30), tick=True):
        page = text(staff(dorte).get(WEEK))
    assert "Ring til familien" not in page and "Ubesvarede beskeder" not in page


def test_the_week_costs_the_same_queries_with_more_families(world, parents):
    def count():
        client = staff(world.alice)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(WEEK).status_code == 200
        return len(queries)

    _low_feedback(world, parents)
    Message.objects.create(family=world.family, account=_account(parents.maria), body="Hej")
    count()  # fills the per-process cache (the accessibility statement)
    first = count()
    for n in range(3):
        family = f.FamilyFactory(name=f"Familien Nr{n}", centre=world.centre)
        parent = f.PersonFactory(family=family, parent=True, email=f"p{n}@x.invalid")
        case = f.CaseFactory(family=family, enrolled=True)
        f.assign(case, world.alice)
        user = f.UserFactory(username=f"parent{n}", role="")
        account = ParentAccount.objects.create(user=user, person=parent)
        Message.objects.create(family=family, account=account, body="Hej")
        held = _meeting(
            world,
            case,
            starts_at=datetime(2026, 11, 18, 10, tzinfo=CPH),
            status=Meeting.Status.HELD,
        )
        MeetingFeedback.objects.create(meeting=held, account=account, useful=1, heard=1)
    assert count() == first


# ---------------------------------------------------------------- the family's conversation


def _messages_url(world):
    return f"/familie/medarbejder/familier/{world.family.pk}/beskeder/"


def test_the_coordinator_adds_a_core_team_member_who_reads_and_writes(world, parents, maria):
    url = _messages_url(world)
    bob = staff(world.bob)
    assert bob.get(url).status_code == 403  # not in the conversation yet
    alice = staff(world.alice)
    response = alice.post(url + "deltagere/", {"user": world.bob.pk})
    assert response.status_code == 302
    member = ConversationMember.objects.get()
    assert member.user == world.bob and member.added_by == world.alice
    event = AuditEvent.objects.get(object_type="conversationmember", action="create")
    assert event.user == world.alice and event.family_id == world.family.pk
    # The parents see who is in the conversation.
    page = text(maria.get("/familie/beskeder/"))
    assert "Med i samtalen" in page and "Bob" in page and "Psykolog" in page
    # Bob reads and writes; the parents are told (only that there is a message).
    assert bob.get(url).status_code == 200
    mail.outbox.clear()
    assert bob.post(url, {"body": "Jeg ringer torsdag"}).status_code == 302
    message = Message.objects.get(author=world.bob)
    assert message.family == world.family
    assert [m.to for m in mail.outbox] == [["maria@familie.invalid"]]
    # A parent's message now tells Bob too.
    world.bob.email = "bob@ishoj.invalid"
    world.bob.save()
    mail.outbox.clear()
    maria.post("/familie/beskeder/", {"body": "Tak"})
    assert ["bob@ishoj.invalid"] in [m.to for m in mail.outbox]
    # Bob may not add or remove members.
    assert bob.post(url + f"deltagere/{member.pk}/fjern/").status_code == 403
    # Removed: Bob cannot read it any more, and the parents no longer see him.
    assert alice.post(url + f"deltagere/{member.pk}/fjern/").status_code == 302
    assert not ConversationMember.objects.exists()
    assert AuditEvent.objects.filter(object_type="conversationmember", action="delete").exists()
    assert bob.get(url).status_code == 403
    assert "Psykolog" not in text(maria.get("/familie/beskeder/"))
    # A second click changes nothing.
    assert alice.post(url + f"deltagere/{member.pk}/fjern/").status_code == 302


def test_only_the_centres_core_team_can_be_added(world, parents):
    url = _messages_url(world) + "deltagere/"
    alice = staff(world.alice)
    outsider = f.UserFactory(username="olga", role=Role.CORE_TEAM, centre=world.other_centre)
    f.core_team(world.other_centre, outsider)
    for user in (world.carol, outsider, world.erin):
        response = alice.post(url, {"user": user.pk})
        assert response.status_code == 400
        assert "Vælg et medlem af kerneteamet i familiens center" in text(response)
    assert alice.post(url, {"user": "x"}).status_code == 400
    assert not ConversationMember.objects.exists()
    # Someone from another centre cannot even find the family.
    assert staff(world.ivan).post(url, {"user": world.bob.pk}).status_code == 404
    assert staff(world.ivan).get(_messages_url(world)).status_code == 404


def test_a_member_has_need_to_know_under_the_need_to_know_policy(world):
    from indgang.families.access import families_visible_to
    from indgang.families.models import AccessPolicy

    AccessPolicy.objects.update_or_create(
        municipality=world.family.municipality,
        defaults={"scope": AccessPolicy.Scope.NEED_TO_KNOW},
    )
    kim = f.UserFactory(username="kim", role=Role.CORE_TEAM, centre=world.centre)
    f.core_team(world.centre, kim)
    assert not families_visible_to(kim).filter(pk=world.family.pk).exists()
    ConversationMember.objects.create(family=world.family, user=kim, added_by=world.alice)
    assert families_visible_to(kim).filter(pk=world.family.pk).exists()
    assert staff(kim).get(_messages_url(world)).status_code == 200


# ---------------------------------------------------------------- availability


def test_the_coordinator_sets_when_to_reach_them_and_the_parents_see_it(world, parents, maria):
    colleague = f.UserFactory(
        username="dorte", first_name="Dorte", role=Role.COORDINATOR, centre=world.centre
    )
    alice = staff(world.alice)
    assert alice.get("/familie/medarbejder/traeffetid/").status_code == 200
    response = alice.post(
        "/familie/medarbejder/traeffetid/",
        {
            "reach_text": "Mandag-torsdag kl. 9-15",
            "cover_text": "Ring til centrets telefon 43 57 70 00",
            "covered_by": colleague.pk,
        },
    )
    assert response.status_code == 302
    saved = CoordinatorAvailability.objects.get(user=world.alice)
    assert saved.covered_by == colleague
    event = AuditEvent.objects.get(object_type="coordinatoravailability")
    assert event.changes["reach_text"] == ["", "Mandag-torsdag kl. 9-15"]
    page = text(maria.get("/familie/koordinator/"))
    assert "Mandag-torsdag kl. 9-15" in page and "43 57 70 00" in page and "Dorte" in page


def test_the_cover_must_be_a_colleague_of_the_same_centre(world):
    alice = staff(world.alice)
    response = alice.post(
        "/familie/medarbejder/traeffetid/",
        {"reach_text": "Altid", "covered_by": world.ivan.pk},
    )
    assert response.status_code == 400 and "Vælg en kollega fra dit eget center" in text(response)
    response = alice.post(
        "/familie/medarbejder/traeffetid/", {"reach_text": "x" * 301, "covered_by": ""}
    )
    assert response.status_code == 400
    assert not CoordinatorAvailability.objects.exists()
    assert staff(world.bob).get("/familie/medarbejder/traeffetid/").status_code == 403


# ---------------------------------------------------------------- the meeting's agenda


def test_the_parents_topics_are_on_the_meeting_page_and_the_preparation_sheet(world, parents):
    coming = _meeting(world, starts_at=datetime(2026, 11, 26, 10, tzinfo=CPH))
    MeetingTopic.objects.create(
        meeting=coming, account=_account(parents.maria), text="Almas søvn om natten"
    )
    alice = staff(world.alice)
    base = f"/familier/{world.family.pk}/moeder/{coming.pk}/"
    for url in (base, base + "forberedelse/"):
        page = text(alice.get(url))
        assert "Det vil familien gerne tale om" in page and "Almas søvn om natten" in page, url
    assert staff(world.ivan).get(base).status_code == 404


# ---------------------------------------------------------------- the leader's trend


def test_the_leader_sees_the_trend_per_coordinator_and_month_in_their_centre(world, parents):
    _low_feedback(world, parents, useful=2, heard=4)  # mean 3.0, low
    october = _meeting(
        world, starts_at=datetime(2026, 10, 5, 10, tzinfo=CPH), status=Meeting.Status.HELD
    )
    MeetingFeedback.objects.create(
        meeting=october,
        account=_account(parents.maria),
        useful=6,
        heard=5,
        at=datetime(2026, 10, 6, 12, tzinfo=CPH),
    )
    # The other centre's feedback is not counted.
    other_case = world.other_family.cases.get()
    f.assign(other_case, world.ivan)
    other_parent = f.PersonFactory(family=world.other_family, parent=True)
    other_account = ParentAccount.objects.create(
        user=f.UserFactory(username="andersen", role=""), person=other_parent
    )
    held = meeting_services.meeting_create(
        by=world.ivan,
        case=other_case,
        data={"type": Meeting.Type.STATUS, "starts_at": datetime(2026, 11, 2, 10, tzinfo=CPH)},
    )
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    MeetingFeedback.objects.create(meeting=held, account=other_account, useful=1, heard=1)

    page = text(staff(world.erin).get("/familie/medarbejder/tilbagemeldinger/"))
    assert "<svg" in page and 'role="img"' in page
    rows = page.split('id="feedback-trend"')[1].split("</table>")[0]
    assert rows.count("<tr>") == 3  # header + two months of alice
    assert "Alice" in rows and "Ivan" not in rows
    assert "3,0" in rows or "3.0" in rows
    assert "5,5" in rows or "5.5" in rows
    totals = page.split('id="feedback-totals"')[1].split("</table>")[0]
    assert "<td>Alice" in totals and ">2<" in totals and ">1<" in totals
    assert AuditEvent.objects.filter(user=world.erin, object_type="feedback_trend").exists()
    # The other centre's leader sees none of it; a coordinator may not open the page.
    lena = f.UserFactory(username="lena", role=Role.LEADER, centre=world.other_centre)
    other = text(staff(lena).get("/familie/medarbejder/tilbagemeldinger/"))
    assert "Alice" not in other and "Ivan" in other
    assert staff(world.alice).get("/familie/medarbejder/tilbagemeldinger/").status_code == 403
    # The leader's dashboard links to it.
    assert "/familie/medarbejder/tilbagemeldinger/" in text(staff(world.erin).get("/rapporter/"))


def test_the_overview_panel_reads_the_parents_words_only_where_a_parent_has_an_account(
    world, parents
):
    from indgang.families.models import Family
    from indgang.portal.selectors import family_panel

    def panel(family):
        family = Family.objects.prefetch_related("members").get(pk=family.pk)
        with CaptureQueriesContext(connection) as queries:
            data = family_panel(user=world.alice, family=family)
        return data, len(queries)

    MeetingTopic.objects.create(
        meeting=_meeting(world, starts_at=datetime(2026, 11, 26, 10, tzinfo=CPH)),
        account=parents.maria.parent_account,
        text="Søvn",
    )
    with_account, many = panel(world.family)
    assert [t.text for t in with_account["topics"]] == ["Søvn"]
    # One query says which of the parents' lists hold anything; only those are read.
    MeetingTopic.objects.all().delete()
    quiet, fewer = panel(world.family)
    assert quiet["topics"] == [] and fewer == many - 1
    alone = f.FamilyFactory(centre=world.centre, municipality=world.family.municipality)
    f.PersonFactory(family=alone, parent=True)
    without, few = panel(alone)
    assert few < many and not without.get("topics") and without["guardians"]
