"""Issue 9: every figure on the compliance page links to the cases behind it; an
investigation past its 4-month deadline is on the page's overdue list."""

import html as html_lib
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indgang.audit.models import AuditEvent, AuditFamily
from indgang.families.models import Case, Family
from indgang.followup import services
from indgang.followup.selectors import compliance
from indgang.organisation.models import Municipality, Role
from indgang.reports.dashboard import dashboard_for, families_behind
from tests import factories as f
from tests.followup import helpers as h
from tests.interventions.helpers import configure, grant

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
OCT = -2  # October's index among the page's six months


_family = h.enrolled_family


@pytest.fixture
def families(world):
    """Ishøj: Hansen (no contact in October), A and B (contact in October; B late with its
    follow-up); Vallensbæk: D (contact in October, coordinated by another coordinator)."""
    a = _family(world, "Familien A", contact_on=date(2026, 10, 5))
    b = _family(world, "Familien B", contact_on=date(2026, 10, 6))
    h.followup(a, date(2026, 9, 1), world.alice)
    h.followup(b, date(2026, 7, 1), world.alice)  # due 1 October: overdue at October's end
    mette = f.UserFactory(role=Role.COORDINATOR, centre=world.centre, first_name="Mette")
    vallensbaek = Municipality.objects.get(name="Vallensbæk")
    _family(
        world,
        "Familien D",
        municipality=vallensbaek,
        coordinator=mette,
        contact_on=date(2026, 10, 7),
    )
    return {"ishoj": world.family.municipality, "vallensbaek": vallensbaek, "mette": mette}


def _link(html: str, label_start: str) -> str:
    """The href of the figure whose accessible name starts with ``label_start``."""
    found = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', html)
    hrefs = [href for href, label in found if html_lib.unescape(label).startswith(label_start)]
    assert len(hrefs) == 1, f"{label_start!r}: {hrefs}"
    return html_lib.unescape(hrefs[0])


def _names(page: str) -> set[str]:
    if 'id="figure-cases"' not in page:
        return set()
    table = page.split('id="figure-cases"')[1].split("</table>")[0]
    return set(re.findall(r'<a href="/familier/\d+/">([^<]+)</a>', table))


def _counted(world, row_of, measure: str, month: int):
    data = compliance(cases=Case.objects.filter(family__centre=world.centre), today=TODAY)
    share = getattr(row_of(data), measure)[month]
    return share.done, share.total


def test_a_figures_link_leads_to_exactly_the_cases_behind_it(world, login, families):
    client = login(world.erin)
    response = client.get(reverse("compliance"))
    assert response.status_code == 200, response
    page = response.content.decode()
    done, total = _counted(world, lambda d: d["municipalities"][0], "contact", OCT)
    assert (done, total) == (2, 3)
    href = _link(page, f"Kontakt i måneden: 67 % ({done} af {total}), Ishøj, oktober 2026")
    assert href.startswith(reverse("compliance_cases") + "?maaned=2026-10&")
    cases = client.get(href).content.decode()
    assert _names(cases) == {"Familien Hansen", "Familien A", "Familien B"}
    assert "2 af 3 familier overholdt kadencen." in cases
    assert "Ingen kontakt med koordinatoren i oktober 2026" in cases  # what Hansen missed
    # The page narrows to either outcome, and the two parts make up the figure.
    missed = client.get(href + "&udfald=ikke-overholdt").content.decode()
    kept = client.get(href + "&udfald=overholdt").content.decode()
    assert _names(missed) == {"Familien Hansen"} and _names(kept) == {"Familien A", "Familien B"}

    # The follow-up at October's end: Hansen (none since enrolment) and B were late.
    done, total = _counted(world, lambda d: d["municipalities"][0], "followup", OCT)
    href = _link(page, f"Opfølgning til tiden: 33 % ({done} af {total}), Ishøj, oktober 2026")
    late = client.get(href + "&udfald=ikke-overholdt").content.decode()
    assert _names(late) == {"Familien Hansen", "Familien B"}
    assert "Opfølgning på planen skulle være sket senest 01.10.2026" in late  # B's

    # The total row and a coordinator's row count every municipality.
    done, total = _counted(world, lambda d: d["total"], "contact", OCT)
    href = _link(page, f"Kontakt i måneden: 75 % ({done} af {total}), alle kommuner, oktober")
    everyone = {"Familien Hansen", "Familien A", "Familien B", "Familien D"}
    assert _names(client.get(href).content.decode()) == everyone
    mette = families["mette"].get_full_name()
    href = _link(page, f"Kontakt i måneden: 100 % (1 af 1), {mette}, oktober 2026")
    assert href.endswith(f"koordinator={families['mette'].pk}&maal=kontakt")
    assert _names(client.get(href).content.decode()) == {"Familien D"}


def test_another_centres_leader_gets_nothing(world, login, families):
    other_leader = f.UserFactory(role=Role.LEADER, centre=world.other_centre)
    client = login(other_leader)
    url = reverse("compliance_cases")
    ishoj, alice = families["ishoj"].pk, world.alice.pk
    assert client.get(f"{url}?maaned=2026-10&kommune={ishoj}&maal=kontakt").status_code == 404
    assert client.get(f"{url}?maaned=2026-10&koordinator={alice}&maal=kontakt").status_code == 404
    # Without a municipality: only the leader's own centre's families, none of ours.
    page = client.get(f"{url}?maaned=2026-10&maal=kontakt").content.decode()
    ours = set(Family.objects.filter(centre=world.centre).values_list("name", flat=True))
    assert not _names(page) & ours
    assert _names(page) <= {world.other_family.name}
    # And a coordinator, who may not see the leader's figures, is refused.
    response = login(world.alice).get(f"{url}?maaned=2026-10&kommune={ishoj}&maal=kontakt")
    assert response.status_code == 403


def test_bad_figures_are_not_found(world, login, families):
    client = login(world.erin)
    url = reverse("compliance_cases")
    for query in ("maaned=2025-01", "maaned=x", "maal=alt", "udfald=maaske", "kommune=abc"):
        assert client.get(f"{url}?{query}").status_code == 404, query


def test_the_read_is_logged_with_the_families_shown(world, login, families):
    client = login(world.erin)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ishoj = families["ishoj"].pk
    page = client.get(f"{reverse('compliance_cases')}?maaned=2026-10&kommune={ishoj}&maal=kontakt")
    event = AuditEvent.objects.get(pk__gt=last, object_type="compliance")
    assert event.user == world.erin and event.action == AuditEvent.Action.VIEW
    logged = set(
        Family.objects.filter(
            pk__in=AuditFamily.objects.filter(event__pk__gt=last).values("family_id")
        ).values_list("name", flat=True)
    )
    assert (
        logged == _names(page.content.decode()) == {"Familien Hansen", "Familien A", "Familien B"}
    )


def test_an_investigation_past_its_deadline_is_on_the_overdue_list(world, login):
    configure(world)
    # A family with nothing else overdue: contact, follow-up and start-up are all in time.
    quiet = _family(world, "Familien Stille", contact_on=date(2026, 11, 2))
    h.start_up(quiet, date(2026, 2, 10), world.alice, world.parent)
    h.followup(quiet, date(2026, 11, 1), world.alice)
    services.due_compute(today=TODAY)

    def row():
        page = login(world.erin).get(reverse("compliance")).content.decode()
        table = page.split('id="overdue"')[1].split("</table>")[0]
        found = [r for r in table.split("<tr>") if "Familien Stille" in r]
        return found[0] if found else None

    assert row() is None
    grant(
        world, code="child_investigation", period_from=date(2026, 7, 1), period_to=None, case=quiet
    )
    services.due_compute(today=TODAY)
    cells = row()
    assert (
        f'<a href="{reverse("family_detail", args=[quiet.family_id])}">Familien Stille</a>' in cells
    )
    expected = (
        "<td>Børnefaglig undersøgelse over 4-månedersfristen "
        "(skulle være færdig senest 01.11.2026)</td>"
    )
    assert expected in cells
    # The leaders' dashboard counts the same family, and says why.
    behind = dict(
        (family.name, why)
        for family, why in families_behind(user=world.erin, figure="overskredet", today=TODAY).rows
    )
    assert behind["Familien Stille"] == "børnefaglig undersøgelse siden 01.11.2026"
    assert dashboard_for(user=world.erin, today=TODAY).overdue == len(behind)


def test_the_page_costs_the_same_queries_for_more_families(world, login, families):
    client = login(world.erin)
    cases_url = f"{reverse('compliance_cases')}?maaned=2026-10&maal=kontakt"
    client.get(reverse("compliance"))  # rows from the start: the page writes its read event
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("compliance"))
    with CaptureQueriesContext(connection) as few_cases:
        client.get(cases_url)
    configure(world)
    for n in range(6):
        case = _family(world, f"Familien Nr{n}", contact_on=date(2026, 10, 1 + n))
        h.followup(case, date(2026, 6, 1), world.alice)
        h.agreement(case, date(2026, 11, 1), world.alice)
    grant(world, code="child_investigation", period_from=date(2026, 7, 1), period_to=None)
    services.due_compute(today=TODAY)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("compliance")).content.decode()
    with CaptureQueriesContext(connection) as many_cases:
        cases = client.get(cases_url).content.decode()
    assert page.count("Familien Nr") >= 6 and "4-månedersfristen" in page
    assert len(_names(cases)) == 10
    assert len(many) == len(few)
    assert len(many_cases) == len(few_cases)
