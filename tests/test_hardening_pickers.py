"""Staff and department pickers offer only the family's tenancy (issue 8)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.families import services as family_services
from indgang.families.models import PartnerLink
from indgang.meetings import services
from indgang.meetings.models import Agreement, Meeting
from indgang.organisation.models import Department, Municipality
from tests import factories as f

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "gyldig"  # Django's Danish "Marker en gyldig valgmulighed …"


@pytest.fixture
def far(world):
    """A partner and a department in a municipality of another centre."""
    elsewhere = Municipality.objects.exclude(centres=world.centre).first() or (
        f.MunicipalityFactory(name="Langtvæk")
    )
    department = Department.objects.create(
        municipality=elsewhere, name="Fjern afdeling", sector="adults"
    )
    partner = f.UserFactory(
        username="pia",
        first_name="Pia",
        last_name="Fjernsen",
        role="partner",
        department=department,
    )
    return department, partner


def test_agreement_form_offers_only_the_tenancy(world, login, far):
    _department, _partner = far
    html = login(world.alice).get(reverse("agreement_create", args=[world.family.pk]))
    html = html.content.decode()
    assert "Fjernsen" not in html and "Fjern afdeling" not in html
    assert world.dave.get_full_name() not in html  # an unlinked partner
    assert world.carol.get_full_name() in html and world.bob.get_full_name() in html


@pytest.mark.parametrize("field", ["owner_user", "owner_department", "dave"])
def test_a_posted_owner_outside_the_tenancy_is_refused(world, login, far, field):
    department, partner = far
    value = {
        "owner_user": partner.pk,
        "owner_department": department.pk,
        "dave": world.dave.pk,
    }[field]
    response = login(world.alice).post(
        reverse("agreement_create", args=[world.family.pk]),
        {"task": "Ring", field if field != "dave" else "owner_user": value},
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_agreement_service_refuses_owners_outside_the_tenancy(world, far):
    department, _partner = far
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            by=world.alice, case=world.case, data={"task": "x", "owner_user": world.dave}
        )
    assert error.value.message_dict["owner_user"] == [services.OWNER_OUTSIDE]
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            by=world.alice, case=world.case, data={"task": "x", "owner_department": department}
        )
    assert error.value.message_dict["owner_department"] == [services.DEPARTMENT_OUTSIDE]


def test_an_existing_owner_stays_when_the_agreement_is_edited(world, login):
    agreement = services.agreement_create(
        by=world.alice, case=world.case, data={"task": "x", "owner_user": world.carol}
    )
    PartnerLink.objects.filter(user=world.carol).update(unlinked_on="2026-11-01")
    response = login(world.alice).post(
        reverse("agreement_edit", args=[world.family.pk, agreement.pk]),
        {"task": "y", "owner_user": world.carol.pk, "status": "open"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.task == "y" and agreement.owner_user == world.carol


def test_participant_picker_offers_no_partner_from_elsewhere(world, login, far):
    _department, partner = far
    meeting = services.meeting_create(
        by=world.alice, case=world.case, data={"type": Meeting.Type.STATUS}
    )
    url = reverse("participant_add", args=[world.family.pk, meeting.pk])
    client = login(world.alice)
    assert "Fjernsen" not in client.get(url).content.decode()
    response = client.post(url, {"kind": "staff", "user": partner.pk})
    assert response.status_code == 200 and INVALID_CHOICE in response.content.decode()


def test_partner_link_picker_and_service_keep_to_the_tenancy(world, login, far):
    _department, partner = far
    local_department = Department.objects.create(
        municipality=world.family.municipality, name="Jobcenter Ishøj", sector="employment"
    )
    f.UserFactory(
        username="lone", last_name="Lokalsen", role="partner", department=local_department
    )
    html = login(world.alice).get(reverse("partner_link", args=[world.family.pk]))
    html = html.content.decode()
    assert "Lokalsen" in html and "Fjernsen" not in html
    with pytest.raises(ValidationError) as error:
        family_services.partner_link(
            by=world.alice,
            case=world.case,
            user=partner,
            role_in_case="x",
            linked_on=world.case.enrolled_on,
        )
    assert "centrets kommuner" in error.value.messages[0]
