"""The go-live import: dry run line by line, all-or-nothing lines, idempotent re-runs."""

from datetime import date

import pytest

from indgang.audit.models import AuditEvent
from indgang.families.models import Case, Family, Person
from indgang.golive.models import ImportKey
from tests import factories as f
from tests.conftest import CPR_SHAPED
from tests.golive.helpers import (
    BABY_CPR,
    CHILD_CPR,
    PARENT2_CPR,
    PARENT_CPR,
    counts,
    enrolled_row,
    referred_row,
    run,
)

pytestmark = pytest.mark.django_db


def _digits(cpr: str) -> str:
    return cpr.replace("-", "")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_creates_families_through_the_case_flow(world, fmt):
    report = run(world, [enrolled_row(), referred_row()], fmt=fmt)
    assert report.counts() == {"create": 2, "change": 0, "unchanged": 0, "refuse": 0}
    family = Family.objects.get(name="Familien Skovgaard")
    assert family.centre == world.centre and family.municipality.code == "183"
    case = family.cases.get()
    assert case.status == Case.Status.ENROLLED
    assert case.enrolled_on == date(2025, 10, 1) and case.prior_case_months == 8
    assert case.coordinator_assignments.get(ended_on=None).coordinator == world.alice
    assert case.eligibility.get().eligible
    assert case.consents.get().given_by.cpr == _digits(PARENT_CPR)
    assert [s.to_status for s in case.status_changes.all()] == [
        "referred",
        "eligibility_assessed",
        "consent_given",
        "enrolled",
    ]
    child = family.members.get(relation=Person.Relation.CHILD)
    assert child.cpr == _digits(CHILD_CPR) and child.birth_date == date(2024, 3, 14)
    assert ImportKey.objects.get(key="SAG-1").family == family
    bach = Family.objects.get(name="Familien Bach")
    assert bach.cases.get().status == Case.Status.REFERRED
    parent = bach.members.get(relation=Person.Relation.PARENT)
    assert parent.cpr is None and parent.has_custody  # custody defaults to yes


def test_running_twice_changes_nothing_the_second_time(world):
    rows = [enrolled_row(), referred_row()]
    run(world, rows)
    before = counts()
    events = AuditEvent.objects.count()
    report = run(world, rows)
    assert report.counts() == {"create": 0, "change": 0, "unchanged": 2, "refuse": 0}
    assert counts() == before
    # Only the import's own event: no family or person was written again.
    assert AuditEvent.objects.count() == events + 1
    assert [line.family_id for line in report.lines] == [
        Family.objects.get(name="Familien Skovgaard").pk,
        Family.objects.get(name="Familien Bach").pk,
    ]


def test_xlsx_and_csv_of_the_same_rows_are_the_same_families(world):
    run(world, [enrolled_row()], fmt="xlsx")
    report = run(world, [enrolled_row()], fmt="csv")
    assert report.lines[0].outcome == "unchanged"


def test_a_changed_row_updates_what_changed(world):
    run(world, [enrolled_row(), referred_row()])
    before = counts()
    report = run(
        world,
        [
            enrolled_row(**{"adresse": "Nyvej 1", "forælder1_telefon": "99 88 77 66"}),
            referred_row(
                status="Samtykke givet",
                koordinator="alice@indgang.invalid",
                **{"forælder2_fornavn": "Omar", "forælder2_efternavn": "Bach"},
            ),
        ],
    )
    first, second = report.lines
    assert first.outcome == "change" and second.outcome == "change", report.as_dict()
    assert first.changes == ["Familie: adresse", "Forælder 1: telefon"]
    assert "Forælder 2: ny i familien" in second.changes
    assert "Status: Henvist → Samtykke givet" in second.changes
    family = Family.objects.get(name="Familien Skovgaard")
    assert family.address == "Nyvej 1"
    assert family.members.get(cpr=_digits(PARENT_CPR)).phone == "99 88 77 66"
    bach = Family.objects.get(name="Familien Bach")
    case = bach.cases.get()
    assert case.status == Case.Status.CONSENT_GIVEN
    assert case.coordinator_assignments.get().coordinator == world.alice
    assert bach.members.count() == 3
    assert counts()["families.Family"] == before["families.Family"]
    # An empty cell keeps what Indgang has.
    report = run(world, [enrolled_row(adresse="", **{"forælder1_telefon": "99 88 77 66"})])
    assert report.lines[0].outcome == "unchanged"
    assert Family.objects.get(pk=family.pk).address == "Nyvej 1"


def test_dry_run_reports_and_writes_nothing(world):
    run(world, [referred_row()])
    before = counts()
    events = AuditEvent.objects.count()
    report = run(
        world,
        [enrolled_row(), referred_row(status="Samtykke givet"), enrolled_row(barn_cpr="123")],
        dry_run=True,
    )
    assert [line.outcome for line in report.lines] == ["create", "change", "refuse"]
    assert report.lines[0].family_id is None  # the dry run's family was never there
    assert report.lines[1].family_id == Family.objects.get(name="Familien Bach").pk
    assert counts() == before
    assert AuditEvent.objects.count() == events + 1  # the dry run's own event, no writes
    event = AuditEvent.objects.latest("pk")
    assert event.summary.startswith("Prøvekørsel af import: 1 oprettet, 1 ændret")
    assert event.changes["counts"] == {"create": 1, "change": 1, "unchanged": 0, "refuse": 1}


def test_dry_run_sees_the_earlier_lines_of_the_same_file(world):
    # The second family names the first one's parent: refused by the person service, which
    # sees the family the first line would have made.
    rows = [enrolled_row(), referred_row(**{"forælder1_cpr": PARENT_CPR})]
    report = run(world, rows, dry_run=True)
    assert [line.outcome for line in report.lines] == ["create", "refuse"]
    assert report.lines[1].messages == [
        "Forælder 1: CPR-nummer: Personen er allerede registreret i en anden familie i "
        "centret. Find personen med søgning på CPR-nummer."
    ]
    assert run(world, rows).as_dict()["lines"][1] == report.as_dict()["lines"][1]


# --- Refusals, one kind at a time, in Danish ----------------------------------------


def _refused(world, row, **kw) -> list[str]:
    before = counts()
    report = run(world, [row], **kw)
    assert report.lines[0].outcome == "refuse", report.as_dict()
    assert counts() == before  # nothing half-saved
    return report.lines[0].messages


def test_refused_invalid_cpr(world):
    messages = _refused(world, enrolled_row(barn_cpr="310299-4913"))
    assert messages == ["Barnet: ugyldigt CPR-nummer (de første seks cifre er ikke en dato)."]
    messages = _refused(world, enrolled_row(**{"forælder1_cpr": "12059"}))
    assert messages == ["Forælder 1: ugyldigt CPR-nummer (skal være 10 cifre, DDMMÅÅ-XXXX)."]
    messages = _refused(world, enrolled_row(barn_cpr=""))
    assert messages == ["Barnets CPR-nummer mangler (barn_cpr); familien genkendes på det."]


def test_refused_unknown_coordinator_including_another_centres(world):
    messages = _refused(world, enrolled_row(koordinator="nobody"))
    assert messages == [
        "Ukendt koordinator «nobody»: ingen aktiv familiekoordinator i CBF har det "
        "brugernavn eller den e-mail."
    ]
    # ivan coordinates in another centre: he cannot be given this centre's families.
    messages = _refused(world, enrolled_row(koordinator="ivan"))
    assert messages[0].startswith("Ukendt koordinator «ivan»")
    messages = _refused(world, enrolled_row(koordinator="erin"))  # not a coordinator
    assert messages[0].startswith("Ukendt koordinator «erin»")


def test_refused_unknown_municipality_including_another_centres(world):
    other_code = world.other_centre.municipalities.get().code
    for code in ("999", other_code):
        messages = _refused(world, enrolled_row(kommunekode=code))
        assert messages == [f"Ukendt kommunekode «{code}»: centret CBF dækker 183, 187."]


def test_refused_bad_dates(world):
    messages = _refused(world, enrolled_row(henvist_dato="32.01.2025"))
    assert messages == [
        "Ugyldig værdi i henvist_dato: «32.01.2025» er ikke en dato (skriv dd.mm.åååå)"
    ]
    messages = _refused(world, enrolled_row(indskrevet_dato="01.10.1025"))
    assert messages == ["Ugyldig værdi i indskrevet_dato: året skal ligge mellem 1900 og 2100"]
    # The services' own rules hold: no enrolment before the referral, no date in the future.
    messages = _refused(world, enrolled_row(indskrevet_dato=date(2025, 8, 1)))
    assert messages == ["Indskrivning: Indskrivningen kan ikke ligge før henvisningen."]
    messages = _refused(world, referred_row(henvist_dato=date(2027, 1, 1)))
    assert messages == ["Familie eller barn: Henvisningsdatoen kan ikke ligge i fremtiden."]


def test_refused_duplicate_family(world):
    # In the file: the same child twice, or the same old key twice.
    report = run(world, [enrolled_row(), enrolled_row(**{"ekstern_nøgle": "SAG-9"})], dry_run=True)
    assert report.lines[1].messages == ["Dublet: barnet står også på linje 2."]
    report = run(world, [enrolled_row(), referred_row(**{"ekstern_nøgle": "SAG-1"})], dry_run=True)
    assert report.lines[1].messages == ["Dublet: den eksterne nøgle står også på linje 2."]
    # In Indgang: the family registered by hand without the child's CPR number.
    family = f.FamilyFactory(name="Familien Skovgaard", centre=world.centre)
    f.PersonFactory(
        family=family, first_name="Emil", last_name="Skovgaard", cpr=None, birth_date=None
    )
    messages = _refused(world, enrolled_row())
    assert messages == [
        "Dublet: Familien Skovgaard har allerede et barn med samme navn (uden CPR-nummer). "
        "Skriv barnets CPR-nummer på personen i Indgang, og kør importen igen."
    ]


def test_another_centres_family_cannot_be_touched(world):
    child = world.other_family.members.get()
    row = enrolled_row(barn_cpr=child.cpr, barn_fornavn="Ændret")
    messages = _refused(world, row)
    # The same neutral refusal as the pages: nothing says the number is known, or where.
    assert messages == [
        "Barnet: CPR-nummeret kan ikke registreres her. Kontakt centrets leder, hvis personen "
        "skal oprettes."
    ]
    child.refresh_from_db()
    assert child.first_name != "Ændret"


def test_a_refused_service_step_leaves_nothing_of_the_line(world):
    # A 4-year-old needs both criteria judged: the assessment fails after the family, its
    # members and the case were made inside the line; all of it is rolled back.
    row = enrolled_row(
        barn_cpr="301121-4977", **{"flere_indsatser": "", "betydelig_påvirkning": ""}
    )
    messages = _refused(world, row)
    assert messages == ["Målgruppevurdering: For børn på 3 år skal begge kriterier vurderes."]
    assert not Family.objects.filter(name="Familien Skovgaard").exists()


def test_the_other_lines_go_on(world):
    report = run(world, [enrolled_row(koordinator="nobody"), referred_row()])
    assert [line.outcome for line in report.lines] == ["refuse", "create"]
    assert Family.objects.filter(name="Familien Bach").exists()
    assert not Family.objects.filter(name="Familien Skovgaard").exists()


def test_status_never_goes_back_and_dates_are_not_rewritten(world):
    run(world, [enrolled_row()])
    messages = _refused(world, enrolled_row(status="Henvist", indskrevet_dato=""))
    assert messages == [
        "Sagen er længere i Indgang (Indskrevet) end i filen (Henvist); status går ikke "
        "tilbage ved import."
    ]
    messages = _refused(world, enrolled_row(henvist_dato=date(2025, 8, 1)))
    assert messages == [
        "Henvisningsdatoen 01.08.2025 afviger fra Indgangs 01.09.2025; datoer rettes ikke "
        "ved import."
    ]


def test_another_coordinator_goes_through_a_handover(world):
    run(world, [enrolled_row()])
    other = f.UserFactory(username="olga", role="coordinator", centre=world.centre)
    messages = _refused(world, enrolled_row(koordinator=other.username))
    assert messages == [
        "Familien har en anden koordinator i Indgang; skift koordinator med en overlevering "
        "i Indgang."
    ]


def test_external_key_and_child_cpr_must_agree(world):
    run(world, [enrolled_row(), referred_row()])
    messages = _refused(world, referred_row(**{"ekstern_nøgle": "SAG-1"}))
    assert messages == [
        "Den eksterne nøgle og barnets CPR-nummer hører til to forskellige familier."
    ]


def test_discharged_case_with_its_history(world):
    row = enrolled_row(
        status="Udskrevet",
        udskrevet_dato=date(2026, 6, 30),
        **{"udskrivningsårsag": "Fraflyttet kommunen"},
    )
    report = run(world, [row])
    assert report.lines[0].outcome == "create", report.as_dict()
    case = Case.objects.get(family__name="Familien Skovgaard")
    assert case.status == Case.Status.DISCHARGED and case.discharge_reason == "moved_away"
    assert case.coordinator_assignments.get().ended_on == date(2026, 6, 30)
    assert run(world, [row]).lines[0].outcome == "unchanged"


def test_second_parent_and_their_cpr(world):
    row = enrolled_row(
        **{
            "forælder2_cpr": PARENT2_CPR,
            "forælder2_fornavn": "Jesper",
            "forælder2_efternavn": "Skovgaard",
            "forælder2_forældremyndighed": "nej",
        }
    )
    run(world, [row])
    jesper = Person.objects.get(cpr=_digits(PARENT2_CPR))
    assert not jesper.has_custody
    assert run(world, [row]).lines[0].outcome == "unchanged"


def test_no_cpr_number_in_the_report_or_the_log(world):
    rows = [enrolled_row(), referred_row(), enrolled_row(barn_cpr=BABY_CPR, koordinator="x")]
    report = run(world, rows, dry_run=True)
    report = run(world, rows)
    text = str(report.as_dict())
    assert not CPR_SHAPED.search(text), text
    for event in AuditEvent.objects.all():
        assert not CPR_SHAPED.search(f"{event.summary} {event.changes}")


def test_only_leaders_of_the_centre_import(world):
    from django.core.exceptions import ValidationError

    for persona in ("alice", "bob", "carol", "heidi", "ivan"):
        with pytest.raises(ValidationError):
            run(world, [referred_row()], by=getattr(world, persona))
    other_leader = f.UserFactory(role="leader", centre=world.other_centre)
    with pytest.raises(ValidationError):
        run(world, [referred_row()], by=other_leader)
    assert run(world, [referred_row()], by=world.grace).lines[0].outcome == "create"


def test_a_refusal_that_names_a_family_of_the_centre_logs_it(world):
    # The Hansen parent's CPR number given as a child's: the message names the family, and
    # the report line carries it so the page that shows the report logs the look.
    report = run(world, [referred_row(barn_cpr=world.parent.cpr)], dry_run=True)
    line = report.lines[0]
    assert line.messages == [
        "Barnets CPR-nummer er registreret i centret, men ikke som barn i målgruppen "
        "(forælder i Familien Hansen)."
    ]
    assert line.family_id == world.family.pk
    event = AuditEvent.objects.latest("pk")
    assert event.action == "view" and event.family_id is None
    assert list(event.families.values_list("family_id", flat=True)) == [world.family.pk]
