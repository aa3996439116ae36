"""Custody per child in the portal: a parent with joint custody who lives elsewhere gets their
own access; a parent without custody sees what the municipality's setting allows."""

from datetime import UTC, datetime

from indgang.audit.models import AuditEvent
from indgang.families import custody
from indgang.meetings import services as meeting_services
from indgang.meetings.models import Meeting
from indgang.portal.models import GoalSuggestion, Invitation, PortalSettings
from tests import factories as f
from tests.portal.conftest import PASSWORD, activate, invite

SEES = PortalSettings.WithoutCustody
PLAN_PAGES = ["/familie/plan/", "/familie/plan/pdf/"]
OTHER_PAGES = ["/familie/ansoegninger/", "/familie/beskeder/", "/familie/samtykke/"]


def _sign_in(client, world, person, sees):
    PortalSettings.objects.update_or_create(
        municipality=world.family.municipality, defaults={"without_custody_sees": sees}
    )
    _, link = invite(world.alice, person)
    activate(client, link)
    client.logout()
    response = client.post(
        "/familie/log-ind/", {"username": person.email.lower(), "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def _meetings(world, jonas):
    starts = datetime(2026, 12, 10, 9, tzinfo=UTC)
    invited = meeting_services.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": Meeting.Type.NETWORK, "starts_at": starts, "place": "Skolen"},
    )
    meeting_services.participants_add(by=world.alice, meeting=invited, persons=[jonas], users=[])
    other = meeting_services.meeting_create(
        by=world.alice,
        case=world.case,
        data={"type": Meeting.Type.STATUS, "starts_at": starts, "place": "Hjemme hos mor"},
    )
    return invited, other


def test_a_parent_without_custody_is_not_invited_by_default(world, jonas, login):
    url = f"/familie/medarbejder/familier/{world.family.pk}/inviter/{jonas.pk}/"
    response = login(world.alice).post(url, follow=True)
    assert "Kun en forælder med forældremyndighed" in response.content.decode()
    assert not Invitation.objects.exists()


def test_joint_custody_gives_the_parent_living_elsewhere_their_own_full_access(world, client):
    own = f.FamilyFactory(centre=world.centre, municipality=world.family.municipality)
    # Registered in the Hansen household (one record), though he lives elsewhere: custody of
    # Alma is what counts, not a flag on the person.
    father = f.PersonFactory(
        family=world.family,
        parent=True,
        has_custody=False,
        first_name="Jonas",
        email="jonas@familie.invalid",
    )
    f.PersonFactory(family=own, relation="sibling")  # his household has a child of its own
    custody.custody_set(by=world.alice, child=world.child, guardians=[world.parent, father])
    client = _sign_in(client, world, father, SEES.NOTHING)
    for page in ["/familie/", *PLAN_PAGES[:1], *OTHER_PAGES]:
        assert client.get(page).status_code == 200, page


def test_setting_nothing_refuses_every_page(world, jonas, client):
    PortalSettings.objects.create(
        municipality=world.family.municipality, without_custody_sees=SEES.ALL
    )
    _, link = invite(world.alice, jonas)
    activate(client, link)
    client.logout()
    PortalSettings.objects.update(without_custody_sees=SEES.NOTHING)  # changed afterwards
    client.post("/familie/log-ind/", {"username": jonas.email, "password": PASSWORD})
    for page in ["/familie/", "/familie/det-der-sker/", *PLAN_PAGES[:1], *OTHER_PAGES]:
        response = client.get(page)
        assert response.status_code == 403, page
        assert "Denne side kan du ikke se" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="denied", summary__contains="uden forældremyndighed"
    ).exists()


def test_only_meetings_shows_the_meetings_he_is_invited_to_and_nothing_else(world, jonas, client):
    _invited, other = _meetings(world, jonas)
    client = _sign_in(client, world, jonas, SEES.MEETINGS)
    html = client.get("/familie/det-der-sker/").content.decode()
    assert "Skolen" in html and "Hjemme hos mor" not in html
    assert client.get("/familie/").status_code == 200
    for page in [*PLAN_PAGES, *OTHER_PAGES, "/familie/hvem-har-set/"]:
        response = client.get(page)
        assert response.status_code == 403, page
        assert "Denne side kan du ikke se" in response.content.decode()
    # Answering a meeting he is not invited to: as if it did not exist.
    response = client.post(
        f"/familie/det-der-sker/{other.pk}/svar/", {"answer": "accepted", "reason": ""}
    )
    assert response.status_code == 404


def test_everything_but_the_plan(world, jonas, client):
    _meetings(world, jonas)
    client = _sign_in(client, world, jonas, SEES.ALL_BUT_PLAN)
    html = client.get("/familie/det-der-sker/").content.decode()
    assert "Skolen" in html and "Hjemme hos mor" in html
    for page in OTHER_PAGES:
        assert client.get(page).status_code == 200, page
    for page in PLAN_PAGES:
        response = client.get(page)
        assert response.status_code == 403, page
        assert "Denne side kan du ikke se" in response.content.decode()
    # Nor can he suggest a goal: refused, nothing saved.
    response = client.post("/familie/plan/forslag/", {"text": "Mere tid med far"})
    assert response.status_code == 403
    assert not GoalSuggestion.objects.exists()


def test_the_parent_with_custody_is_unaffected_by_the_setting(world, maria):
    PortalSettings.objects.create(
        municipality=world.family.municipality, without_custody_sees=SEES.NOTHING
    )
    for page in ["/familie/", *PLAN_PAGES[:1], *OTHER_PAGES]:
        assert maria.get(page).status_code == 200, page
