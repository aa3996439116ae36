"""The plan's pages through the test client: audit, bad input, queries, the PDF read back."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from indgang.audit.models import AuditEvent, AuditPerson
from indgang.organisation.models import Department
from indgang.plans import services
from indgang.plans.models import Goal, PlanFollowUp, PlanVersion
from tests.plans.matrix import goal_data


def _url(name, world, *args):
    return reverse(name, args=[world.family.pk, *args])


def _goal(world, **override):
    return services.goal_create(by=world.alice, case=world.case, data=goal_data(world, **override))


def _goal_post(world, **override):
    data = {
        "wording": "Alma kan sige ti ord",
        "family_words": "Vi vil forstå hende bedre",
        "success_criteria": "Talepædagogen hører ti ord ved status",
        "target_date": "2027-05-01",
        "owners": [world.alice.pk, world.bob.pk],
        "owners_text": "",
    }
    data.update(override)
    return data


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_page_shows_goals_in_priority_order_and_is_audited(world, login):
    _goal(world)
    _goal(world, wording="Alma kommer i børnehave", family_words="Hun skal have venner")
    response = login(world.bob).get(_url("plan_detail", world), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Alma sover igennem om natten") < html.index("Alma kommer i børnehave")
    assert "Hun skal have venner" in html and "Forældrene" in html
    # bob sees the plan but may not change it
    assert "Tilføj mål" not in html and "Højere prioritet" not in html
    event = AuditEvent.objects.get(action="view", object_type="plan", user=world.bob)
    assert event.family_id == world.family.pk and event.case_id == world.case.pk
    assert event.ip_address == "10.0.0.7"
    assert set(AuditPerson.objects.filter(event=event).values_list("person_id", flat=True)) == {
        world.child.pk,
        world.parent.pk,
    }


def test_a_family_without_a_plan_gets_an_empty_page(world, login):
    html = login(world.alice).get(_url("plan_detail", world)).content.decode()
    assert "ikke lavet en fælles plan" in html and "Tilføj mål" in html
    assert "Hent planen som PDF" not in html


def test_the_coordinator_adds_and_edits_a_goal(world, login):
    client = login(world.alice)
    response = client.post(_url("goal_create", world), _goal_post(world))
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert set(goal.owners.all()) == {world.alice, world.bob}
    response = client.get(_url("goal_edit", world, goal.pk))
    assert "Alma kan sige ti ord" in response.content.decode()
    response = client.post(
        _url("goal_edit", world, goal.pk), _goal_post(world, wording="Alma kan sige tyve ord")
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.wording == "Alma kan sige tyve ord"
    event = AuditEvent.objects.get(action="change", object_type="goal", user=world.alice)
    assert event.changes["wording"] == ["Alma kan sige ti ord", "Alma kan sige tyve ord"]


def test_a_goal_without_an_owner_is_shown_next_to_the_field_and_not_saved(world, login):
    response = login(world.alice).post(
        _url("goal_create", world), _goal_post(world, owners=[], target_date="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Målet skal have mindst én ansvarlig" in html or "Dette felt er påkrævet" in html
    response = login(world.alice).post(_url("goal_create", world), _goal_post(world, owners=[]))
    html = response.content.decode()
    assert "Målet skal have mindst én ansvarlig" in html
    assert 'aria-invalid="true"' in html
    assert not Goal.objects.exists()


def test_an_outsider_cannot_be_chosen_as_owner(world, login):
    response = login(world.alice).post(
        _url("goal_create", world), _goal_post(world, owners=[world.ivan.pk])
    )
    assert response.status_code == 200 and not Goal.objects.exists()
    assert "Ivan" not in response.content.decode().split("<form")[1].split("</select>")[0]


def test_reordering_without_javascript(world, login):
    _first, second = _goal(world, wording="Første"), _goal(world, wording="Andet")
    client = login(world.alice)
    response = client.post(_url("goal_move", world, second.pk), {"retning": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#maal-{second.pk}")
    html = client.get(_url("plan_detail", world)).content.decode()
    assert html.index("Andet") < html.index("Første")
    response = client.post(_url("goal_move", world, second.pk), {"retning": "up"}, follow=True)
    assert "kan ikke flyttes længere" in response.content.decode()


def test_subgoal_and_activity_pages(world, login):
    goal = _goal(world)
    department = Department.objects.create(
        municipality=world.family.municipality, name="Tale-høre", sector="children"
    )
    client = login(world.alice)
    response = client.post(
        _url("subgoal_create", world, goal.pk), {"text": "Fast sengetid", "target_date": ""}
    )
    assert response.status_code == 302
    response = client.post(
        _url("activity_create", world, goal.pk),
        {"text": "Søvnvejledning", "department": department.pk, "responsible": world.bob.pk},
    )
    assert response.status_code == 302
    html = client.get(_url("plan_detail", world)).content.decode()
    assert "Fast sengetid" in html and "Søvnvejledning" in html and "Tale-høre" in html
    response = client.post(
        _url("subgoal_create", world, goal.pk), {"text": "For sent", "target_date": "2028-01-01"}
    )
    assert "senere måldato end selve målet" in response.content.decode()


def test_a_goal_of_another_family_is_not_found(world, login):
    goal = _goal(world)
    from tests import factories as f

    other_case = world.other_family.cases.get()
    f.assign(other_case, world.ivan)
    other = services.goal_create(
        by=world.ivan, case=other_case, data=goal_data(world, owners=[world.ivan])
    )
    client = login(world.alice)
    assert client.get(_url("goal_edit", world, other.pk)).status_code == 404
    assert client.get(_url("goal_edit", world, goal.pk)).status_code == 200


def test_agreeing_without_the_familys_agreement_saves_nothing(world, login):
    _goal(world)
    client = login(world.alice)
    response = client.post(
        _url("plan_agree", world), {"agreed_on": "2026-11-20", "agreed_by": world.parent.pk}
    )
    assert response.status_code == 200
    assert "uden familiens godkendelse" in response.content.decode()
    assert not PlanVersion.objects.exists()
    response = client.post(
        _url("plan_agree", world),
        {"agreed_on": "2026-11-20", "agreed_by": world.parent.pk, "family_agreed": "on"},
    )
    assert response.status_code == 302
    assert PlanVersion.objects.get().agreed_by == world.parent


def test_versions_list_and_compare(world, login):
    goal = _goal(world)
    services.plan_agree(
        by=world.alice,
        plan=goal.plan,
        agreed_on=date(2026, 10, 1),
        agreed_by=world.parent,
        family_agreed=True,
    )
    services.goal_update(by=world.alice, goal=goal, data={"wording": "Alma sover hele natten"})
    _goal(world, wording="Far får aflastning")
    services.plan_agree(
        by=world.alice,
        plan=goal.plan,
        agreed_on=date(2026, 11, 2),
        agreed_by=world.parent,
        family_agreed=True,
    )
    client = login(world.carol)
    html = client.get(_url("version_list", world)).content.decode()
    assert "Maria Hansen" in html and "2. nov. 2026" in html
    html = client.get(_url("version_compare", world)).content.decode()  # the latest two
    assert "Fra version 1" in html and "til version 2" in html
    assert "Alma sover igennem om natten" in html and "Alma sover hele natten" in html
    assert "Nyt mål" in html and "Far får aflastning" in html
    html = client.get(_url("version_compare", world), {"fra": "2", "til": "1"}).content.decode()
    assert "Mål fjernet" in html
    html = client.get(_url("version_compare", world), {"fra": "1", "til": "9"}).content.decode()
    assert "Vælg en af de viste muligheder" in html
    assert AuditEvent.objects.filter(
        action="view", object_type="plan", user=world.carol, summary__contains="Sammenligning"
    ).exists()


def _followup_post(goals, **override):
    data = {"done_on": "2026-11-20", "note": ""}
    for goal in goals:
        data[f"status_{goal.pk}"] = "partly"
        data[f"scale_{goal.pk}"] = "6"
        data[f"note_{goal.pk}"] = ""
    data.update(override)
    return data


def test_recording_a_followup(world, login):
    first, second = _goal(world), _goal(world, wording="B")
    client = login(world.alice)
    html = client.get(_url("followup_create", world)).content.decode()
    assert "Ikke længere relevant" in html and "Delvist nået" in html
    response = client.post(
        _url("followup_create", world),
        _followup_post([first, second], **{f"status_{second.pk}": "reached"}),
    )
    assert response.status_code == 302
    followup = PlanFollowUp.objects.get()
    assert {p.goal_id: p.status for p in followup.progress.all()} == {
        first.pk: "partly",
        second.pk: "reached",
    }
    html = client.get(_url("plan_detail", world)).content.decode()
    assert "Delvist nået" in html and "Nået" in html and "6/10" in html


@pytest.mark.parametrize(
    ("override", "text"),
    [
        ({"done_on": "2026-01-15"}, "Opfølgningen kan ikke ligge før indskrivningen"),
        ({"done_on": "2026-12-24"}, "Opfølgningen kan ikke ligge i fremtiden"),
        ({"status_GOAL": ""}, "Vælg, hvor langt I er med målet"),
        ({"scale_GOAL": "11"}, "Vælg en af de viste muligheder"),
    ],
)
def test_a_bad_followup_is_shown_and_not_saved(world, login, override, text):
    goal = _goal(world)
    override = {key.replace("GOAL", str(goal.pk)): value for key, value in override.items()}
    response = login(world.alice).post(
        _url("followup_create", world), _followup_post([goal], **override)
    )
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not PlanFollowUp.objects.exists()


def test_the_plan_page_costs_constant_queries(world, login):
    client = login(world.alice)
    url = _url("plan_detail", world)
    first = _goal(world)
    services.followup_record(
        by=world.alice,
        plan=first.plan,
        done_on=date(2026, 10, 1),
        progress=[{"goal": first, "status": "not_yet", "scale": 2, "note": ""}],
    )
    services.plan_agree(
        by=world.alice,
        plan=first.plan,
        agreed_on=date(2026, 10, 1),
        agreed_by=world.parent,
        family_agreed=True,
    )
    _count_queries(client, url)
    before = _count_queries(client, url)
    goals = []
    for n in range(6):
        goal = _goal(world, wording=f"Mål {n}", owners=[world.alice, world.bob])
        services.subgoal_create(by=world.alice, goal=goal, text="Delmål")
        services.activity_create(by=world.alice, goal=goal, text="Aktivitet", responsible=world.bob)
        goals.append(goal)
    plan = goals[0].plan
    all_goals = list(plan.goals.all())
    services.followup_record(
        by=world.alice,
        plan=plan,
        done_on=date(2026, 11, 1),
        progress=[{"goal": g, "status": "not_yet", "scale": 3, "note": ""} for g in all_goals],
    )
    services.plan_agree(
        by=world.alice,
        plan=plan,
        agreed_on=date(2026, 11, 2),
        agreed_by=world.parent,
        family_agreed=True,
    )
    assert _count_queries(client, url) == before


def test_the_family_overview_panel(world, login, settings):
    settings.FAMILY_OVERVIEW_PANELS = ["indgang.plans.selectors.family_panel"]
    client = login(world.carol)
    url = reverse("family_detail", args=[world.family.pk])
    html = client.get(url).content.decode()
    assert "Fælles plan" in html and "ingen mål i en fælles plan" in html
    goal = _goal(world)
    services.followup_record(
        by=world.alice,
        plan=goal.plan,
        done_on=date(2026, 10, 1),
        progress=[{"goal": goal, "status": "not_yet", "scale": None, "note": ""}],
    )
    _count_queries(client, url)
    before = _count_queries(client, url)
    for n in range(4):
        _goal(world, wording=f"Mål nummer {n}")
    services.followup_record(
        by=world.alice,
        plan=goal.plan,
        done_on=date(2026, 11, 1),
        progress=[
            {"goal": g, "status": "partly", "scale": 5, "note": ""} for g in goal.plan.goals.all()
        ],
    )
    assert _count_queries(client, url) == before
    html = client.get(url).content.decode()
    assert html.index("Alma sover igennem om natten") < html.index("Mål nummer 3")
    assert "Delvist nået" in html and reverse("plan_detail", args=[world.family.pk]) in html


def test_the_pdf_for_the_family_reads_back_in_plain_danish(world, login):
    goal = _goal(world)
    services.subgoal_create(by=world.alice, goal=goal, text="Fast sengetid kl. 19")
    second = _goal(world, wording="Alma går i børnehave", family_words="Hun skal lege med andre")
    services.followup_record(
        by=world.alice,
        plan=goal.plan,
        done_on=date(2026, 11, 10),
        progress=[
            {"goal": goal, "status": "partly", "scale": 7, "note": ""},
            {"goal": second, "status": "not_yet", "scale": None, "note": ""},
        ],
    )
    services.plan_agree(
        by=world.alice,
        plan=goal.plan,
        agreed_on=date(2026, 11, 12),
        agreed_by=world.parent,
        family_agreed=True,
    )
    response = login(world.carol).get(_url("plan_pdf", world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    for expected in (
        "Jeres fælles plan",
        "Familien Hansen",
        "Mål 1: Alma sover igennem om natten",
        "Vi vil gerne kunne sove en hel nat",
        "Mål 2: Alma går i børnehave",
        "Hun skal lege med andre",
        "Forældrene",
        "1. mar. 2027",
        "Delvist nået (7 ud af 10)",
        "Ikke nået endnu",
        "Fast sengetid kl. 19",
        "12. nov. 2026",
        "Alice",
        "43 57 70 00",
    ):
        assert expected in flat, expected
    assert flat.index("Mål 1:") < flat.index("Mål 2:")
    for person in (world.child, world.parent):
        assert person.cpr not in flat and person.cpr[:6] not in flat
    event = AuditEvent.objects.get(action="view", object_type="plan", user=world.carol)
    assert event.summary == "Fælles plan som PDF"


def test_no_pdf_before_there_is_a_plan(world, login):
    assert login(world.alice).get(_url("plan_pdf", world)).status_code == 404
