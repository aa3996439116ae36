"""What parents without custody see in the portal, set by the leader on the municipality's
policy page (issues 9 and 10) rather than only in Django's admin."""

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.followup.models import CadenceProfile
from indgang.organisation.models import Role
from indgang.portal.models import Invitation, PortalSettings
from tests import factories as f
from tests.portal.conftest import PASSWORD, activate, invite

SEES = PortalSettings.WithoutCustody
LABEL = "Forældre uden forældremyndighed kan se i forældreportalen"


def _policy_url(world) -> str:
    return reverse("municipality_policy", args=[world.family.municipality_id])


def _policy_data(**kw) -> dict:
    return {
        "auto_enrol_max_age": "2",
        "criteria_max_age": "6",
        "access_scope": "centre",
        "cadence_profile": CadenceProfile.objects.get(code="kos").pk,
        **kw,
    }


def _stored(world) -> str | None:
    found = PortalSettings.objects.filter(municipality=world.family.municipality).first()
    return found.without_custody_sees if found else None


def test_the_leader_sets_it_on_the_policy_page_and_the_parent_sees_accordingly(
    world, jonas, login, client
):
    leader = login(world.erin)
    page = leader.get(_policy_url(world)).content.decode()
    assert LABEL in page and "Forældre med forældremyndighed ser altid det hele." in page
    assert 'value="nothing" class="form-radio" id="id_without_custody_sees_0" checked' in page

    # Nothing (the default): the coordinator cannot invite him.
    with pytest.raises(Exception, match="Kun en forælder med forældremyndighed"):
        invite(world.alice, jonas)

    response = leader.post(_policy_url(world), _policy_data(without_custody_sees="meetings"))
    assert response.status_code == 302
    assert _stored(world) == SEES.MEETINGS
    event = AuditEvent.objects.filter(
        user=world.erin, object_type="municipality", object_id=world.family.municipality_id
    ).latest("pk")
    assert event.action == "change"
    assert event.changes["without_custody_sees"] == [None, "meetings"]

    # Only the meetings: now he can be invited, and sees the meetings but not the plan.
    leader.logout()
    _, link = invite(world.alice, jonas)
    activate(client, link)
    client.logout()
    signed_in = client.post("/familie/log-ind/", {"username": jonas.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/familie/det-der-sker/").status_code == 200
    refused = client.get("/familie/plan/")
    assert refused.status_code == 403
    assert "Denne side kan du ikke se" in refused.content.decode()
    client.logout()

    # The same as parents with custody: the plan opens to him.
    response = login(world.erin).post(_policy_url(world), _policy_data(without_custody_sees="all"))
    assert response.status_code == 302
    event = AuditEvent.objects.filter(user=world.erin, object_type="municipality").latest("pk")
    assert event.changes["without_custody_sees"] == ["meetings", "all"]
    client.logout()
    client.post("/familie/log-ind/", {"username": jonas.email, "password": PASSWORD})
    assert client.get("/familie/plan/").status_code == 200


def test_a_post_without_the_field_keeps_what_is_stored_and_a_bad_value_saves_nothing(world, login):
    PortalSettings.objects.create(
        municipality=world.family.municipality, without_custody_sees=SEES.ALL_BUT_PLAN
    )
    leader = login(world.erin)
    assert leader.post(_policy_url(world), _policy_data()).status_code == 302
    assert _stored(world) == SEES.ALL_BUT_PLAN
    response = leader.post(
        _policy_url(world), _policy_data(without_custody_sees="everything", criteria_max_age="9")
    )
    assert response.status_code == 200
    assert "Vælg et af svarene." in response.content.decode()
    assert _stored(world) == SEES.ALL_BUT_PLAN
    world.family.municipality.refresh_from_db()
    assert world.family.municipality.criteria_max_age != 9


def test_the_project_leader_reads_it_but_cannot_change_it(world, login):
    PortalSettings.objects.create(
        municipality=world.family.municipality, without_custody_sees=SEES.MEETINGS
    )
    client = login(world.frank)
    page = client.get(_policy_url(world)).content.decode()
    assert f"<dt>{LABEL}</dt><dd>Kun de møder, de selv er inviteret til</dd>" in page
    response = client.post(_policy_url(world), _policy_data(without_custody_sees="all"))
    assert response.status_code == 403
    assert _stored(world) == SEES.MEETINGS


def test_another_centres_leader_can_neither_see_nor_change_it(world, jonas, login):
    olga = f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)
    client = login(olga)
    page = client.get(_policy_url(world))
    assert page.status_code == 404
    assert LABEL not in page.content.decode()
    response = client.post(_policy_url(world), _policy_data(without_custody_sees="all"))
    assert response.status_code == 404
    assert LABEL not in response.content.decode()
    assert _stored(world) is None
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.filter(user=olga, action="denied").exists()
    assert not AuditEvent.objects.filter(user=olga, action="change").exists()
