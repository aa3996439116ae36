"""Core-team decisions: a proposal to the core team's meeting, each present member's position,
unanimity and the municipality's rule decide whether the core team decides or the visitation
committee does; bad input gives Danish messages and saves nothing; every write is audited."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.audit.models import AuditEvent
from indgang.interventions import services
from indgang.interventions.models import (
    Application,
    CoreTeamPosition,
    CoreTeamProposal,
    Decision,
    MunicipalityPolicy,
)
from indgang.meetings.models import Meeting, Participant
from tests import factories as f
from tests.interventions.helpers import configure, kind

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def setup(world):
    configure(world)
    application = services.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("respite"),
        received_on=date(2026, 10, 5),
        started_by="family",
        person=world.child,
    )
    meeting = Meeting.objects.create(
        centre=world.centre,
        type=Meeting.Type.CORE_TEAM_WEEKLY,
        status=Meeting.Status.PLANNED,
        starts_at=datetime(2026, 11, 18, 9, 0, tzinfo=CPH),
        created_by=world.alice,
    )
    return application, meeting


def _allow(world, allowed=True):
    MunicipalityPolicy.objects.filter(municipality=world.family.municipality).update(
        core_team_may_decide=allowed
    )


def _propose(world, application, meeting=None, **kw):
    data = {
        "outcome": "granted",
        "justification": "Alma har brug for aflastning en weekend om måneden.",
        "legal_basis": kind("respite").legal_bases.get(act="barnets_lov"),
        "period_from": date(2026, 12, 1),
        "period_to": date(2027, 11, 30),
        "units_per_month": Decimal("2"),
        **kw,
    }
    return services.core_team_propose(
        by=world.alice, application=application, meeting=meeting, **data
    )


def _position(world, proposal, member, position="agree", note=""):
    return services.core_team_position_record(
        by=world.alice, proposal=proposal, member=member, position=position, note=note
    )


# --- The rule ---------------------------------------------------------------------------------


def test_unanimous_core_team_decides_when_the_municipality_allows(world, setup):
    application, meeting = setup
    _allow(world)
    proposal = _propose(world, application, meeting)
    _position(world, proposal, world.alice)
    _position(world, proposal, world.bob, note="Enig; aflastningen er afgørende for søsteren.")
    proposal = services.core_team_resolve(
        by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18)
    )
    assert proposal.status == CoreTeamProposal.Status.DECIDED
    decision = proposal.decision
    assert decision.made_by == Decision.MadeBy.CORE_TEAM
    assert decision.outcome == "granted" and decision.decided_on == date(2026, 11, 18)
    assert decision.units_per_month == 2 and decision.period_from == date(2026, 12, 1)
    assert decision.processing_days == 44
    # The positions stay with the decision.
    positions = {p.member: p.position for p in decision.core_team_proposal.positions.all()}
    assert positions == {world.alice: "agree", world.bob: "agree"}
    application.refresh_from_db()
    assert application.status == Application.Status.DECIDED and application.referred_on is None
    # A grant is paid by the municipality's paying department, as any other.
    assert decision.cost_splits.get().shares.get().percent == 100


@pytest.mark.parametrize(
    ("allowed", "bob_says", "referral"),
    [
        (True, "disagree", "not_unanimous"),
        (True, "abstain", "not_unanimous"),
        (False, "agree", "not_allowed"),
    ],
)
def test_otherwise_the_application_goes_to_the_visitation_committee(
    world, setup, allowed, bob_says, referral
):
    application, meeting = setup
    _allow(world, allowed)
    proposal = _propose(world, application, meeting)
    _position(world, proposal, world.alice)
    _position(world, proposal, world.bob, bob_says, note="Behovet er ikke belyst nok.")
    proposal = services.core_team_resolve(
        by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18)
    )
    assert proposal.status == CoreTeamProposal.Status.REFERRED
    assert proposal.referral == referral and proposal.decision is None
    application.refresh_from_db()
    assert application.status == Application.Status.PROCESSING
    assert application.referred_on == date(2026, 11, 18)
    assert not Decision.objects.exists()
    # The committee's decision is then recorded as the committee's.
    decision = services.decision_make(
        by=world.erin,
        application=application,
        outcome="refused",
        justification="Visitationsudvalget finder ikke behovet dokumenteret.",
        legal_basis=kind("respite").legal_bases.get(act="barnets_lov"),
        decided_on=date(2026, 11, 20),
    )
    assert decision.made_by == Decision.MadeBy.COMMITTEE
    # ...and the core team cannot be asked again.
    with pytest.raises(ValidationError):
        _propose(world, Application.objects.get(pk=application.pk))


def test_a_position_can_be_corrected_while_open_and_every_write_is_audited(world, setup):
    application, meeting = setup
    _allow(world)
    proposal = _propose(world, application, meeting)
    _position(world, proposal, world.bob, "disagree", note="Mangler lægeerklæring.")
    _position(world, proposal, world.bob, "agree", note="Lægeerklæringen er kommet.")
    assert proposal.positions.get().position == "agree"
    services.core_team_resolve(by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18))

    create = AuditEvent.objects.get(object_type="coreteamproposal", action="create")
    assert create.changes["outcome"] == [None, "granted"] and create.family_id == world.family.pk
    pos = AuditEvent.objects.filter(object_type="coreteamposition").order_by("pk")
    assert [e.action for e in pos] == ["create", "change"]
    assert pos[1].changes["position"] == ["disagree", "agree"]
    resolved = AuditEvent.objects.get(object_type="coreteamproposal", action="change")
    assert resolved.changes["status"] == ["open", "decided"]
    decision = AuditEvent.objects.get(object_type="decision", action="create")
    assert decision.changes["made_by"] == [None, "core_team"]


def test_referral_is_audited_on_the_application(world, setup):
    application, _ = setup
    proposal = _propose(world, application)  # no meeting: still fine
    _position(world, proposal, world.alice)
    services.core_team_resolve(by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18))
    event = AuditEvent.objects.get(object_type="application", action="change")
    assert event.changes == {"referred_on": [None, "2026-11-18"]}
    assert "visitationsudvalget" in event.summary


# --- Bad input --------------------------------------------------------------------------------


def _errors(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("carol", "er ikke medlem af familiens kerneteam"),  # a partner
        ("erin", "er ikke medlem af familiens kerneteam"),  # the leader, not in the core team
        ("ivan", "er ikke medlem af familiens kerneteam"),  # another centre's coordinator
    ],
)
def test_a_position_from_someone_outside_the_core_team_is_refused(world, setup, who, message):
    application, meeting = setup
    proposal = _propose(world, application, meeting)
    with pytest.raises(ValidationError) as exc:
        _position(world, proposal, getattr(world, who))
    assert message in _errors(exc)
    assert not CoreTeamPosition.objects.exists()
    assert not AuditEvent.objects.filter(object_type="coreteamposition").exists()


def test_other_bad_positions_are_refused(world, setup):
    application, meeting = setup
    proposal = _propose(world, application, meeting)
    Participant.objects.create(meeting=meeting, kind="staff", user=world.bob, attended=False)
    with pytest.raises(ValidationError) as exc:
        _position(world, proposal, world.bob)
    assert "deltog ikke i mødet" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _position(world, proposal, world.alice, "disagree")
    assert "hvorfor medlemmet er uenigt" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _position(world, proposal, world.alice, "maybe")
    assert "Vælg enig, uenig" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _position(world, proposal, None)
    assert "Vælg kerneteammedlemmet" in _errors(exc)
    assert not CoreTeamPosition.objects.exists()


def test_resolving_without_positions_or_twice_or_too_early_is_refused(world, setup):
    application, meeting = setup
    _allow(world)
    proposal = _propose(world, application, meeting)
    with pytest.raises(ValidationError) as exc:
        services.core_team_resolve(
            by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18)
        )
    assert "Registrér holdningen fra hvert kerneteammedlem" in exc.value.messages[0]
    _position(world, proposal, world.alice)
    with pytest.raises(ValidationError) as exc:
        services.core_team_resolve(
            by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 17)
        )
    assert "Mødet bliver først holdt 18.11.2026" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.core_team_resolve(
            by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 30)
        )
    assert "fremtiden" in _errors(exc)
    proposal.refresh_from_db()
    assert proposal.status == "open" and not Decision.objects.exists()
    application.refresh_from_db()
    assert application.referred_on is None
    services.core_team_resolve(by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18))
    with pytest.raises(ValidationError, match="allerede behandlet"):
        services.core_team_resolve(
            by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18)
        )
    with pytest.raises(ValidationError, match="allerede behandlet"):
        _position(world, proposal, world.bob)


def test_a_legal_basis_no_longer_valid_at_the_meeting_saves_nothing(world, setup):
    application, meeting = setup
    _allow(world)
    old = kind("respite").legal_bases.filter(valid_to__isnull=False).first()
    if old is None:
        pytest.skip("respite has no expired basis in the catalogue")
    proposal = _propose(world, application, meeting, legal_basis=old)
    _position(world, proposal, world.alice)
    with pytest.raises(ValidationError) as exc:
        services.core_team_resolve(
            by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18)
        )
    assert "gælder ikke på afgørelsesdatoen" in _errors(exc)
    proposal.refresh_from_db()
    assert proposal.status == "open" and not Decision.objects.exists()


def test_bad_proposals_are_refused(world, setup):
    application, meeting = setup
    other = Meeting.objects.create(
        centre=world.other_centre,
        type=Meeting.Type.CORE_TEAM_WEEKLY,
        created_by=world.ivan,
    )
    case_meeting = Meeting.objects.create(
        case=world.case, centre=world.centre, type=Meeting.Type.STATUS, created_by=world.alice
    )
    for m, message in (
        (other, "et andet centers kerneteammøde"),
        (case_meeting, "Vælg et af kerneteamets ugemøder"),
    ):
        with pytest.raises(ValidationError) as exc:
            _propose(world, application, m)
        assert message in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _propose(world, application, meeting, period_to=date(2026, 11, 1))
    assert "kan ikke slutte, før den begynder" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _propose(world, application, meeting, period_from=None)
    assert "startdato" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _propose(world, application, legal_basis=kind("extra_costs").legal_bases.first())
    assert "er ikke en hjemmel for" in _errors(exc)
    assert not CoreTeamProposal.objects.exists()
    _propose(world, application, meeting)
    with pytest.raises(ValidationError, match="allerede et forslag"):
        _propose(world, application, meeting)
    # While the core team has it, nobody decides it on the side.
    with pytest.raises(ValidationError, match="ligger hos kerneteamet"):
        services.decision_make(
            by=world.alice,
            application=application,
            outcome="refused",
            justification="x",
            legal_basis=kind("respite").legal_bases.get(act="barnets_lov"),
            decided_on=date(2026, 11, 20),
        )
    assert CoreTeamProposal.objects.count() == 1


# --- Pages --------------------------------------------------------------------------------------


def test_the_whole_round_through_the_pages(world, setup, login):
    application, meeting = setup
    _allow(world)
    client = login(world.alice)
    fam = world.family.pk
    url = reverse("core_team_propose", args=[fam, application.pk])
    page = client.get(url).content.decode()
    assert "Kerneteamets ugemøde 18.11.2026 kl. 09:00" in page
    response = client.post(
        url,
        {
            "meeting": meeting.pk,
            "outcome": "granted",
            "legal_basis": kind("respite").legal_bases.get(act="barnets_lov").pk,
            "justification": "Alma har brug for aflastning.",
            "period_from": "01.12.2026",
            "units_per_month": "2",
        },
    )
    proposal = CoreTeamProposal.objects.get()
    detail = reverse("core_team_proposal", args=[fam, proposal.pk])
    assert response.status_code == 302 and response["Location"] == detail
    overview = client.get(reverse("family_interventions", args=[fam])).content.decode()
    assert "Hos kerneteamet" in overview and "Kerneteamets behandling" in overview
    assert "Hos kerneteamet" in client.get(reverse("family_detail", args=[fam])).content.decode()

    # Someone outside the core team: the message by the field, nothing saved.
    position_url = reverse("core_team_position", args=[fam, proposal.pk])
    response = client.post(position_url, {"member": world.erin.pk, "position": "agree"})
    assert response.status_code == 200
    assert "er ikke medlem af familiens kerneteam" in response.content.decode()
    assert not CoreTeamPosition.objects.exists()
    # Resolving without positions: the message, nothing saved.
    resolve_url = reverse("core_team_resolve", args=[fam, proposal.pk])
    response = client.post(resolve_url, {"resolved_on": "18.11.2026"})
    assert "Registrér holdningen fra hvert kerneteammedlem" in response.content.decode()

    for member in (world.alice, world.bob):
        response = client.post(position_url, {"member": member.pk, "position": "agree"})
        assert response.status_code == 302 and response["Location"] == detail
    page = client.get(detail).content.decode()
    assert "2 enig, 0 uenig, 0 undlod" in page
    assert "registreres som kerneteamets afgørelse" in page
    response = client.post(resolve_url, {"resolved_on": "18.11.2026"}, follow=True)
    page = response.content.decode()
    assert "Kerneteamet var enigt og har truffet afgørelsen" in page
    decision = Decision.objects.get()
    assert reverse("decision_letter", args=[fam, decision.pk]) in page
    overview = client.get(reverse("family_interventions", args=[fam])).content.decode()
    assert "Kerneteamet" in overview and "Afgjort af kerneteamet" in overview
    # Once resolved, the forms are gone; the leader (a viewer here) sees the positions.
    page = login(world.erin).get(detail).content.decode()
    assert "Bob" in page and "Registrér en holdning" not in page


def test_referral_is_shown_on_the_application_and_the_panel(world, setup, login):
    application, meeting = setup
    proposal = _propose(world, application, meeting)
    _position(world, proposal, world.bob, "disagree", note="Behovet er ikke belyst.")
    services.core_team_resolve(by=world.alice, proposal=proposal, resolved_on=date(2026, 11, 18))
    client = login(world.alice)
    page = client.get(reverse("family_interventions", args=[world.family.pk])).content.decode()
    assert "Sendt til visitationsudvalget" in page and "18.11.2026" in page
    assert "kerneteamet var ikke enigt" in page
    assert "Forelæg for kerneteamet" not in page  # already referred
    panel = client.get(reverse("family_detail", args=[world.family.pk])).content.decode()
    assert "Sendt til visitationsudvalget" in panel


def test_the_member_list_offers_only_the_core_team(world, setup, login):
    application, meeting = setup
    proposal = _propose(world, application, meeting)
    f.core_team(world.other_centre, world.ivan)
    page = login(world.alice).get(
        reverse("core_team_proposal", args=[world.family.pk, proposal.pk])
    )
    options = page.content.decode()
    assert f"{world.bob} (Psykolog)" in options
    assert str(world.ivan) not in options and str(world.erin) not in options
