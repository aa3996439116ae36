"""The API's system users act under the access policy and appear in the log, but no staff
picker offers them: not as coordinator, core-team member, plan owner, partner or cover."""

from indgang.api.models import Scope
from indgang.api.services import api_client_create
from indgang.families import selectors as family_selectors
from indgang.organisation.models import Role
from indgang.organisation.selectors import core_team_candidates_for
from indgang.plans.selectors import staff_choices
from indgang.portal.forms import AvailabilityForm


def test_no_picker_offers_a_system_user(world):
    client, _token = api_client_create(
        name="Journalsystem", centre=world.centre, scopes=[Scope.values[0]], role=Role.COORDINATOR
    )
    system = client.user
    pickers = {
        "coordinators": family_selectors.coordinators_for(centre_id=world.centre.pk),
        "core team": core_team_candidates_for(user=world.erin),
        "plan owners": staff_choices(family=world.family, case=world.case),
        "partners": family_selectors.partners_for_linking(centre_id=world.centre.pk),
        "cover": AvailabilityForm(user=world.alice).fields["covered_by"].queryset,
    }
    for name, users in pickers.items():
        assert system not in users, name
    # People of the same centre are still offered.
    assert world.alice in pickers["coordinators"] and world.bob in pickers["plan owners"]
