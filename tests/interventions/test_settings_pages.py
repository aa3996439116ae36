"""The settings a municipality sets before go-live: intervention terms, policy, legal bases."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.families.models import AccessPolicy
from indgang.followup.models import CadenceProfile, MunicipalityCadence
from indgang.interventions.models import InterventionSetting, LegalBasis, MunicipalityPolicy
from indgang.organisation.models import Department, Municipality, Role
from tests import factories as f
from tests.interventions.helpers import configure, kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def ishoj(world) -> Municipality:
    return world.family.municipality


@pytest.fixture
def children_dept(ishoj) -> Department:
    return Department.objects.create(municipality=ishoj, name="Børn og Familie", sector="children")


@pytest.fixture
def other_leader(world):
    """A leader of another centre: none of centre A's municipalities are in their tenancy."""
    return f.UserFactory(username="olga", role=Role.LEADER, centre=world.other_centre)


def _edit_url(municipality, code="respite"):
    return reverse("intervention_setting_edit", args=[municipality.pk, kind(code).pk])


def _setting_data(dept, **kw):
    return {
        "granting_department": dept.pk,
        "paying_department": dept.pk,
        "unit": "day",
        "unit_cost": "3430,50",
        "processing_weeks": "6",
        **kw,
    }


def test_a_municipality_that_has_set_nothing_gets_a_checklist(world, login, ishoj):
    page = login(world.erin).get(reverse("intervention_settings", args=[ishoj.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Før I går i drift" in text
    assert "mangler visitationskompetence, betaler og sagsbehandlingsfrist" in text
    assert "Kommunen har ingen afdelinger" in text
    assert "Ikke sat" in text
    assert "0,00 kr." not in text  # no silent zero amounts
    listing = login(world.erin).get(reverse("municipality_settings")).content.decode()
    assert "Ishøj Kommune mangler" in listing and "Vallensbæk Kommune mangler" in listing


def test_a_configured_municipality_still_sees_the_types_without_a_price(world, login, ishoj):
    configure(world)
    text = login(world.frank).get(reverse("intervention_settings", args=[ishoj.pk])).content
    text = text.decode()
    assert "ingen enhedspris (0 kr.)" in text and "Hjælpemidler" in text
    assert "Fastsættes i afgørelsen" in text  # monthly amounts are set per decision
    assert "3.430,00 kr." in text


def test_the_leader_sets_an_intervention_and_it_is_audited(world, login, ishoj, children_dept):
    response = login(world.erin).post(_edit_url(ishoj), _setting_data(children_dept))
    assert response.status_code == 302
    setting = InterventionSetting.objects.get(municipality=ishoj, intervention_type=kind("respite"))
    assert setting.unit_cost == Decimal("3430.50") and setting.processing_weeks == 6
    event = AuditEvent.objects.get(object_type="interventionsetting", object_id=setting.pk)
    assert event.user == world.erin and event.changes["processing_weeks"] == [None, 6]
    login(world.erin).post(_edit_url(ishoj), _setting_data(children_dept, processing_weeks="8"))
    last = AuditEvent.objects.filter(object_type="interventionsetting").latest("pk")
    assert last.changes == {"processing_weeks": [6, 8]}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"unit_cost": "-5"}, "unit_cost", "Enhedsprisen kan ikke være negativ."),
        ({"unit_cost": "mange"}, "unit_cost", "Skriv et beløb i kroner"),
        ({"unit_cost": "1" * 40}, "unit_cost", "Beløbet er for stort."),
        ({"processing_weeks": "0"}, "processing_weeks", "Fristen skal være mindst 1 uge."),
        ({"processing_weeks": "99999999999999999999"}, "processing_weeks", "højst være 52 uger"),
        ({"granting_department": "999999999999999999999"}, "granting_department", "Vælg"),
        ({"unit": "<script>"}, "unit", "Vælg"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(
    world, login, ishoj, children_dept, data, field, message
):
    response = login(world.erin).post(_edit_url(ishoj), _setting_data(children_dept, **data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not InterventionSetting.objects.exists()


def test_a_department_of_another_municipality_is_refused(world, login, ishoj, children_dept):
    vallensbaek = Municipality.objects.get(name="Vallensbæk")
    foreign = Department.objects.create(
        municipality=vallensbaek, name="Jobcenter", sector="employment"
    )
    response = login(world.erin).post(
        _edit_url(ishoj), _setting_data(children_dept, paying_department=foreign.pk)
    )
    assert response.status_code == 200
    assert "Vælg en afdeling i Ishøj Kommune fra listen." in response.content.decode()
    assert not InterventionSetting.objects.exists()


def test_only_the_leader_changes_the_project_leader_reads(world, login, ishoj, children_dept):
    assert login(world.frank).get(_edit_url(ishoj)).status_code == 403
    response = login(world.frank).post(_edit_url(ishoj), _setting_data(children_dept))
    assert response.status_code == 403
    policy = login(world.frank).get(reverse("municipality_policy", args=[ishoj.pk]))
    assert policy.status_code == 200
    assert "Kun kommunens leder kan ændre politikken." in policy.content.decode()
    assert (
        login(world.frank).post(reverse("municipality_policy", args=[ishoj.pk]), {}).status_code
        == 403
    )
    for persona in (world.alice, world.bob, world.grace, world.heidi, world.ivan):
        assert login(persona).get(_edit_url(ishoj)).status_code == 403
    assert not InterventionSetting.objects.exists()


def test_another_centres_leader_can_neither_see_nor_change(
    world, login, ishoj, children_dept, other_leader
):
    configure(world)
    client = login(other_leader)
    listing = client.get(reverse("municipality_settings")).content.decode()
    assert "Ishøj" not in listing and "Vallensbæk" not in listing
    assert client.get(reverse("intervention_settings", args=[ishoj.pk])).status_code == 404
    assert client.get(reverse("municipality_policy", args=[ishoj.pk])).status_code == 404
    assert client.get(_edit_url(ishoj)).status_code == 404
    before = InterventionSetting.objects.get(municipality=ishoj, intervention_type=kind("respite"))
    assert client.post(_edit_url(ishoj), _setting_data(children_dept)).status_code == 404
    response = client.post(
        reverse("municipality_policy", args=[ishoj.pk]),
        {
            "core_team_may_decide": "on",
            "auto_enrol_max_age": "2",
            "criteria_max_age": "9",
            "access_scope": "centre",
            "cadence_profile": CadenceProfile.objects.first().pk,
        },
    )
    assert response.status_code == 404
    after = InterventionSetting.objects.get(pk=before.pk)
    assert (after.unit_cost, after.processing_weeks) == (before.unit_cost, before.processing_weeks)
    assert not MunicipalityPolicy.objects.get(municipality=ishoj).core_team_may_decide
    assert AuditEvent.objects.filter(user=other_leader, action="denied").count() >= 4


def _policy_data(**kw):
    return {
        "core_team_may_decide": "on",
        "auto_enrol_max_age": "1",
        "criteria_max_age": "17",
        "access_scope": "need_to_know",
        "cadence_profile": CadenceProfile.objects.get(code="sammen-om-familien").pk,
        **kw,
    }


def test_the_leader_sets_the_policy_in_one_go_audited(world, login, ishoj):
    page = login(world.erin).get(reverse("municipality_policy", args=[ishoj.pk])).content.decode()
    assert "Før I går i drift" in page and "Kadenceprofilen er ikke valgt" in page
    response = login(world.erin).post(
        reverse("municipality_policy", args=[ishoj.pk]), _policy_data()
    )
    assert response.status_code == 302
    ishoj.refresh_from_db()
    assert ishoj.criteria_max_age == 17
    assert MunicipalityPolicy.objects.get(municipality=ishoj).core_team_may_decide
    assert AccessPolicy.objects.get(municipality=ishoj).scope == "need_to_know"
    assert MunicipalityCadence.objects.get(municipality=ishoj).profile.code == "sammen-om-familien"
    event = AuditEvent.objects.filter(object_type="municipality", object_id=ishoj.pk).latest("pk")
    assert event.changes["access_scope"] == ["centre", "need_to_know"]
    assert event.changes["core_team_may_decide"] == [None, True]
    assert event.changes["criteria_max_age"] == [6, 17]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"auto_enrol_max_age": "5", "criteria_max_age": "3"},
            "criteria_max_age",
            "mindst lige så høj",
        ),
        ({"criteria_max_age": "40"}, "criteria_max_age", "mellem 0 og 17 år"),
        ({"auto_enrol_max_age": "x"}, "auto_enrol_max_age", "hele år"),
        ({"access_scope": "everyone"}, "access_scope", "Vælg"),
        ({"cadence_profile": "99999999999999999999999"}, "cadence_profile", "Vælg"),
    ],
)
def test_a_bad_policy_saves_nothing(world, login, ishoj, data, field, message):
    response = login(world.erin).post(
        reverse("municipality_policy", args=[ishoj.pk]), _policy_data(**data)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    ishoj.refresh_from_db()
    assert (ishoj.auto_enrol_max_age, ishoj.criteria_max_age) == (1, 6)
    assert not MunicipalityPolicy.objects.exists()
    assert not MunicipalityCadence.objects.exists()
    assert AccessPolicy.objects.get(municipality=ishoj).scope == "centre"


def test_the_legal_basis_catalogue_is_read_only_with_its_sources(world, login):
    basis = LegalBasis.objects.filter(act="barnets_lov").exclude(source="").first()
    for persona in (world.alice, world.erin, world.ivan):
        page = login(persona).get(reverse("legal_bases"))
        assert page.status_code == 200
    text = page.content.decode()
    assert basis.paragraph in text and basis.title in text
    assert "Serviceloven" in text and "Barnets lov" in text
    assert login(world.erin).post(reverse("legal_bases")).status_code == 405


def test_the_menu_shows_settings_to_leaders_only(world, login):
    assert "Opsætning" in login(world.erin).get(reverse("home")).content.decode()
    assert "Opsætning" not in login(world.alice).get(reverse("home")).content.decode()
