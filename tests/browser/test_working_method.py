"""The working method end to end, in the browser, as the coordinator Mette Holm.

A family is referred, judged eligible, gives consent and is enrolled with Mette Holm as
coordinator, back-dated 80 days so that the coordinator's week has something to say: the
start-up has stalled, the monthly contact is overdue and the plan follow-up is due within
two weeks. Mette then catches up through the UI: the start-up meetings (assessment meeting
with the ICS board, analysis meetings 1 and 2, the parent invited to the second only), the
joint plan agreed with the parent, a plan follow-up and a phone call. After every step "Min
uge" is opened and must show the change.

The flow is driven through the browser only; the ORM is used to read what to assert.
"""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from icalendar import Calendar
from playwright.sync_api import Locator, Page, expect

from indgang.core.templatetags.indgang_format import text_date, text_datetime
from indgang.families.models import Case, Family
from indgang.followup import cadence
from indgang.meetings.models import Assessment, Meeting, Participant
from indgang.plans.models import PlanFollowUp, PlanVersion
from tests.browser.conftest import PHONE, assert_styled, child_cpr, fill_referral, shot

pytestmark = pytest.mark.browser

FAMILY = "Familien Kildegaard"
PARENT = "Rikke Kildegaard"
CHILD = "Asta Kildegaard"
PARENT_EMAIL = "rikke.kildegaard@familie.invalid"
PSYCHOLOGIST_EMAIL = "psykolog@indgang.invalid"
ENROLLED_DAYS_AGO = 80  # more than the 8 start-up weeks, less than the 3-month follow-up
WISHES = [
    "At Asta kan komme i børnehave hver dag",
    "At vi kun skal fortælle vores historie én gang",
    "Mere søvn",
]
WEEK_CARDS = {
    "contact_overdue": "Kontakt overskredet",
    "contact_due": "Kontakt forfalder snart",
    "followup_overdue": "Opfølgning på planen overskredet",
    "followup_due": "Opfølgning forfalder snart",
}


# --- Helpers ---------------------------------------------------------------------------


def _status(page: Page) -> Locator:
    return page.locator("main > .alert-success[role=status]")


def _nav(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name=label, exact=True
    ).click()


def _da(value, fmt: str) -> str:
    with translation.override("da"):
        return date_filter(value, fmt)


def _dl(term: str, value: str) -> re.Pattern:
    """A <dt>term</dt><dd>value…</dd> pair, whatever the whitespace between them."""
    return re.compile(re.escape(term) + r"\s*" + re.escape(value))


def _select_option_containing(select: Locator, text: str) -> None:
    """Choose the option whose visible text contains ``text`` (labels carry extra detail)."""
    option = select.locator("option").filter(has_text=text)
    expect(option).to_have_count(1)
    select.select_option(value=option.get_attribute("value"))


def _card(page: Page, heading: str) -> Locator:
    return page.locator("main section.card").filter(
        has=page.get_by_role("heading", name=re.compile("^" + re.escape(heading) + r" \(\d+\)$"))
    )


def _open_week(page: Page) -> dict:
    """Open "Min uge" and return what it says about our family (and the enrolled count)."""
    _nav(page, "Min uge")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min uge")
    assert_styled(page)
    result: dict = {}
    intro = page.locator("main > p.indgang-muted").first.inner_text()
    result["enrolled"] = int(re.search(r"\((\d+) indskrevne\)", intro).group(1))
    for key, heading in WEEK_CARDS.items():
        entry = _card(page, heading).locator("li").filter(has_text=FAMILY)
        result[key] = entry.inner_text() if entry.count() else None
    result["meetings"] = page.locator("#week-meetings li").filter(has_text=FAMILY).all_inner_texts()
    startup = page.locator("main li").filter(has_text=f"{FAMILY}: mangler")
    result["startup"] = startup.inner_text() if startup.count() else None
    result["stalled"] = page.locator("#startups-stalled li").filter(has_text=FAMILY).count() == 1
    return result


def _meeting_line(starts: datetime, label: str) -> str:
    return f"{_da(starts, 'l')} {text_datetime(starts)} – {label}: {FAMILY}"


def _goto_family(page: Page, family: Family) -> None:
    page.goto(f"/familier/{family.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(FAMILY)


def _invitations(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def _ics(message) -> Calendar:
    parts = [
        a
        for a in message.attachments
        if not isinstance(a, tuple) and a.get_content_type() == "text/calendar"
    ]
    assert len(parts) == 1, message.attachments
    assert parts[0].get_param("method") == "REQUEST"
    return Calendar.from_ical(parts[0].get_payload(decode=True))


def _assert_invitation(message, meeting: Meeting, label: str, *, family: bool = True) -> None:
    assert message.subject.startswith(label) and FAMILY not in message.subject
    # The family gets the preparation text with the invitation; staff do not need it.
    assert ("Sådan foregår mødet" in message.body) is family
    assert "CPR" not in message.body
    cal = _ics(message)
    assert str(cal["METHOD"]) == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].dt == meeting.starts_at
    assert event["DTEND"].dt == meeting.ends_at
    assert str(event["UID"]) == f"{meeting.uid}@indgang"
    assert str(event["SUMMARY"]) == f"{label} – {FAMILY}"
    assert str(event["ATTENDEE"]).lower() == f"mailto:{message.to[0]}"


def _plan_meeting(
    page: Page, family: Family, label: str, starts: datetime, place: str, shot_name: str
) -> Meeting:
    """From "Møder og aftaler": open the start-up meeting and give it a time and a place."""
    page.goto(f"/familier/{family.pk}/moeder/")
    row = (
        page.get_by_role("table", name="Familiens møder")
        .locator("tbody tr")
        .filter(has=page.get_by_role("link", name=label, exact=True))
    )
    expect(row).to_contain_text("Skal planlægges")
    row.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skal planlægges")
    page.get_by_role("link", name="Planlæg mødet").click()
    page.get_by_label("Starter").fill(f"{starts:%Y-%m-%dT%H:%M}")
    page.get_by_label("Sted").fill(place)
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_have_text("Mødet er gemt.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Planlagt")
    expect(page.locator("main dl")).to_contain_text(f"{_da(starts, 'l')} {text_date(starts)} kl. ")
    shot(page, shot_name)
    return Meeting.objects.get(case__family=family, type=_TYPE_BY_LABEL[label])


_TYPE_BY_LABEL = {
    "Udredningsmøde": Meeting.Type.ASSESSMENT,
    "Analysemøde 1": Meeting.Type.ANALYSIS_1,
    "Analysemøde 2": Meeting.Type.ANALYSIS_2,
}


def _add_family_participant(page: Page, name: str, role: str) -> None:
    page.get_by_role("link", name="Tilføj ekstern deltager").click()
    page.get_by_role("radio", name="Familiemedlem").check()
    page.get_by_role("combobox", name="Familiemedlem").select_option(label=name)
    page.get_by_label("Rolle").fill(role)
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_have_text("Deltageren er tilføjet.")


def _add_staff_participant(page: Page, name: str, role: str) -> None:
    page.get_by_role("link", name="Tilføj ekstern deltager").click()
    page.get_by_role("radio", name="Medarbejder").check()
    page.get_by_label("Medarbejder eller samarbejdspartner").select_option(label=name)
    page.get_by_label("Rolle").fill(role)
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_have_text("Deltageren er tilføjet.")


def _send_invitations(page: Page, count: int) -> None:
    page.get_by_role("button", name="Send invitationer").click()
    expect(_status(page)).to_contain_text(f"Invitationen er sendt til {count} deltager")
    participants = page.get_by_role("table", name="Mødets deltagere")
    expect(participants.locator("tbody tr")).to_have_count(count)
    for i in range(count):
        expect(participants.locator("tbody tr").nth(i)).to_contain_text("Inviteret")


def _mark_held(page: Page, minutes: str, decisions: str = "") -> None:
    page.get_by_role("link", name="Skriv referat").click()
    page.get_by_label("Status").select_option(label="Afholdt")
    page.get_by_label("Referat").fill(minutes)
    if decisions:
        page.get_by_label("Beslutninger").fill(decisions)
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_have_text("Mødet er gemt.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Afholdt")
    expect(page.get_by_role("heading", name="Referat")).to_be_visible()
    # A held meeting takes no more participants and cannot be cancelled.
    expect(page.get_by_role("link", name="Tilføj ekstern deltager")).to_have_count(0)
    expect(page.get_by_role("link", name="Aflys mødet")).to_have_count(0)


def _record_attendance(page: Page, name: str, attended: str) -> None:
    page.get_by_role("link", name=f"Status for {name}").click()
    page.get_by_label("Deltog").select_option(label=attended)
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_have_text("Deltagerens status er gemt.")
    row = page.get_by_role("table", name="Mødets deltagere").locator("tr").filter(has_text=name)
    expect(row.locator("td").nth(3)).to_have_text(attended)


def _add_goal(page: Page, *, wording: str, family_words: str, criteria: str, target: date):
    page.get_by_role("link", name="Tilføj mål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyt mål i den fælles plan")
    page.get_by_label("Målet (fagpersonernes formulering)").fill(wording)
    page.get_by_label("Familiens egne ord").fill(family_words)
    page.get_by_label("Sådan ved vi, at målet er nået").fill(criteria)
    page.get_by_label("Måldato").fill(f"{target:%Y-%m-%d}")
    _select_option_containing(page.get_by_label("Ansvarlige medarbejdere"), "Mette Holm")
    page.get_by_label("Andre ansvarlige").fill("Forældrene")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_have_text("Målet er tilføjet til planen.")


# --- The walk ----------------------------------------------------------------------------


def test_working_method_walk_with_the_coordinators_week(site):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    enrolled_on = today - timedelta(days=ENROLLED_DAYS_AGO)
    tz = timezone.get_current_timezone()

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour, 0), tz)

    # This week's three start-up meetings, on earlier days of the week where there are any.
    assessment_at = at(max(monday, today - timedelta(days=2)), 9)
    analysis1_at = at(max(monday, today - timedelta(days=1)), 11)
    analysis2_at = at(today, 13)

    page = site.new_page()
    site.login(page, "koordinator")
    week = _open_week(page)
    baseline_enrolled = week["enrolled"]
    assert week["startup"] is None and week["meetings"] == []
    mail.outbox.clear()

    # --- Referral, eligibility, consent and enrolment (back-dated) --------------------
    _nav(page, "Familier")
    page.get_by_role("link", name="Ny familie").click()
    fill_referral(
        page,
        family=FAMILY,
        child_first="Asta",
        parent_first="Rikke",
        last="Kildegaard",
        cpr=child_cpr(age_days=900, serial="4713"),
        parent_email=PARENT_EMAIL,
    )
    page.get_by_label("Henvist den").fill(f"{enrolled_on - timedelta(days=5):%Y-%m-%d}")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text(f"{FAMILY} er oprettet som henvist.")
    family = Family.objects.get(name=FAMILY)

    page.get_by_role("link", name="Vurdér målgruppe").click()
    page.get_by_label("Vurderet den").fill(f"{enrolled_on - timedelta(days=3):%Y-%m-%d}")
    page.get_by_label("Vurderet af").fill("Specialrådgiverne og lederen af Børn og Familie")
    page.get_by_label(re.compile("Forventes flere indsatser")).select_option(label="Ja")
    page.get_by_label(re.compile("Påvirker funktionsnedsættelsen")).select_option(label="Ja")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Målgruppevurderingen er registreret.")

    page.get_by_role("link", name="Registrér samtykke").click()
    page.get_by_label("Givet af").select_option(label=PARENT)
    page.get_by_label("Givet den").fill(f"{enrolled_on - timedelta(days=1):%Y-%m-%d}")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Samtykket er registreret.")

    page.get_by_role("link", name="Indskriv", exact=True).click()
    page.get_by_label("Indskrevet den").fill(f"{enrolled_on:%Y-%m-%d}")
    page.get_by_label("Familiekoordinator").select_option(label="Mette Holm")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_contain_text("Familien er indskrevet.")
    case = family.cases.get()
    assert case.status == Case.Status.ENROLLED and case.enrolled_on == enrolled_on
    panel = page.locator("section").filter(
        has=page.get_by_role("heading", name="Kontakt og opfølgning")
    )
    expect(panel).to_contain_text(
        "Mangler: Udredningsmøde, Analysemøde, Fælles plan aftalt med familien"
    )
    expect(panel).to_contain_text("Går i stå")
    expect(panel).to_contain_text("Overskredet")  # no contact since enrolment 80 days ago
    shot(page, "method-01-enrolled")

    week = _open_week(page)
    assert week["enrolled"] == baseline_enrolled + 1
    assert week["stalled"], week
    assert week["startup"].endswith(
        "mangler udredningsmøde, analysemøde, fælles plan aftalt med familien "
        f"(opstart {text_date(enrolled_on)})"
    ), week["startup"]
    contact_due = cadence.next_contact_due(None, enrolled_on, 1)
    followup_due = cadence.next_followup_due(enrolled_on, cadence.DEFAULT)
    assert contact_due < today <= followup_due <= today + timedelta(days=14)
    assert f"Skulle være sket {text_date(contact_due)} · seneste ingen" in week["contact_overdue"]
    assert f"Senest {text_date(followup_due)} · seneste ingen" in week["followup_due"]
    assert week["contact_due"] is None and week["followup_overdue"] is None
    assert week["meetings"] == []
    shot(page, "method-02-week-enrolled")

    # --- Start-up practice: three meetings to schedule ----------------------------------
    _goto_family(page, family)
    page.get_by_role("link", name="Alle møder og aftaler").click()
    page.get_by_role("link", name="Opstart: udredning og analysemøder").click()
    page.get_by_label("Anledning").fill("Indskrivning")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_have_text(
        "Oprettet og klar til planlægning: Udredningsmøde, Analysemøde 1, Analysemøde 2."
    )
    meetings_table = page.get_by_role("table", name="Familiens møder")
    expect(meetings_table.locator("tbody tr")).to_have_count(3)
    expect(meetings_table.locator("tbody tr").filter(has_text="Skal planlægges")).to_have_count(3)
    shot(page, "method-03-startup-created")
    week = _open_week(page)
    assert week["meetings"] == []  # nothing has a time yet
    assert "mangler udredningsmøde, analysemøde, fælles plan" in week["startup"]

    # --- Assessment meeting: planned this week, the parent invited ----------------------
    assessment = _plan_meeting(
        page, family, "Udredningsmøde", assessment_at, "Familiens hjem", "method-04-assessment"
    )
    assert assessment.starts_at == assessment_at
    assert assessment.ends_at == assessment_at + timedelta(hours=2)  # the type's usual length
    _add_family_participant(page, PARENT, "Mor")
    _add_staff_participant(page, "Sara Lund", "Psykolog i kerneteamet")
    _send_invitations(page, 2)
    sent = _invitations(PARENT_EMAIL)
    assert len(sent) == 1, [m.to for m in mail.outbox]
    _assert_invitation(sent[0], assessment, "Udredningsmøde")
    assert len(_invitations(PSYCHOLOGIST_EMAIL)) == 1
    shot(page, "method-05-assessment-invited")

    week = _open_week(page)
    assert week["meetings"] == [
        _meeting_line(assessment_at, "Udredningsmøde") + " (Familiens hjem)"
    ]
    assert "mangler udredningsmøde" in week["startup"]  # planned is not held

    # --- Held, attendance, and the ICS assessment on the board -------------------------
    page.goto(f"/familier/{family.pk}/moeder/{assessment.pk}/")
    outbox_before = len(mail.outbox)
    _mark_held(
        page, "Vi gennemgik trekanten sammen med Rikke. Hun satte selv ønskerne i rækkefølge."
    )
    assert len(mail.outbox) == outbox_before, "marking a meeting held sent calendar mail"
    _record_attendance(page, PARENT, "Ja")
    assert Participant.objects.get(meeting=assessment, person__email=PARENT_EMAIL).attended is True
    week = _open_week(page)
    assert week["startup"] is not None
    assert "mangler analysemøde, fælles plan aftalt med familien" in week["startup"]
    assert "udredningsmøde" not in week["startup"]
    assert len(week["meetings"]) == 1  # held meetings stay in the week

    page.goto(f"/familier/{family.pk}/moeder/{assessment.pk}/")
    page.get_by_role("link", name="Ny ICS-udredning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny ICS-udredning")
    page.get_by_role("combobox", name=re.compile(r"^Udredningsmøde")).select_option(
        label="Udredningsmøde"
    )
    page.get_by_label("Udredt den").fill(f"{assessment_at:%Y-%m-%d}")
    page.get_by_label("Familiens ønsker").fill("\n".join(WISHES))
    entries = {
        "Helbred: ressourcer – familiens ord": "Asta sover bedre, efter hun fik ny medicin",
        "Helbred: bekymringer – fagpersonernes ord": "Epilepsien er ikke endeligt udredt",
        "Grundlæggende omsorg: bekymringer – familiens ord": "Vi er trætte hele tiden",
        "Bolig: ressourcer – fagpersonernes ord": "Stuelejlighed tæt på børnehaven",
    }
    for label, text in entries.items():
        page.get_by_label(label).fill(text)
    page.get_by_label("Samlet vurdering").fill("Familien har mange ressourcer, men er slidt.")
    shot(page, "method-06-assessment-form")
    page.get_by_role("button", name="Gem udredningen").click()
    expect(_status(page)).to_have_text("Udredningen er gemt.")
    record = Assessment.objects.get(case=case)
    assert record.meeting_id == assessment.pk
    assert [w.text for w in record.wishes.order_by("priority")] == WISHES

    # The board: the wishes in the family's order, the three sides, both voices.
    board = page.locator(".meetings-board")
    expect(board.get_by_role("heading", level=1)).to_contain_text(FAMILY)
    expect(board.locator(".meetings-wishes ol li")).to_have_text(WISHES)
    for side in ("Barnets udvikling", "Forældrekompetencer", "Familie og netværk"):
        expect(board.get_by_role("heading", level=2, name=side)).to_be_visible()
    health = board.locator(".meetings-board-dimension").filter(
        has=page.get_by_role("heading", name="Helbred", exact=True)
    )
    expect(health.locator(".meetings-resources")).to_contain_text(
        "Familien: Asta sover bedre, efter hun fik ny medicin"
    )
    expect(health.locator(".meetings-concerns")).to_contain_text(
        "Fagpersoner: Epilepsien er ikke endeligt udredt"
    )
    expect(
        board.locator(".meetings-board-dimension")
        .filter(has=page.get_by_role("heading", name="Stabilitet", exact=True))
        .locator(".indgang-muted")
    ).to_have_text("Intet noteret.")
    expect(board).to_contain_text("Familien har mange ressourcer, men er slidt.")
    shot(page, "method-07-board")
    page.set_viewport_size(PHONE)
    page.reload()
    expect(board.locator(".meetings-wishes ol li")).to_have_count(3)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the board scrolls sideways at 390 px: {width}"
    shot(page, "method-07-board")
    page.set_viewport_size({"width": 1280, "height": 900})

    # --- Analysis meeting 1: professionals only ---------------------------------------
    parent_mail_before = len(_invitations(PARENT_EMAIL))
    analysis1 = _plan_meeting(
        page,
        family,
        "Analysemøde 1",
        analysis1_at,
        "Center for Børn og Forebyggelse",
        "method-08-analysis1",
    )
    _add_staff_participant(page, "Sara Lund", "Psykolog i kerneteamet")
    _send_invitations(page, 1)
    assert len(_invitations(PARENT_EMAIL)) == parent_mail_before  # not invited to this one
    _assert_invitation(
        _invitations(PSYCHOLOGIST_EMAIL)[-1], analysis1, "Analysemøde 1", family=False
    )
    _mark_held(
        page,
        "Udredningen gennemgået uden forældrene.",
        decisions="PPR undersøger Asta i børnehaven.",
    )
    shot(page, "method-09-analysis1-held")
    week = _open_week(page)
    assert week["startup"] is not None
    assert week["startup"].split(": mangler ")[1].startswith("fælles plan aftalt med familien")
    assert (
        _meeting_line(analysis1_at, "Analysemøde 1") + " (Center for Børn og Forebyggelse)"
        in (week["meetings"])
    )
    assert len(week["meetings"]) == 2

    # --- Analysis meeting 2: the parent is invited ---------------------------------------
    analysis2 = _plan_meeting(
        page,
        family,
        "Analysemøde 2",
        analysis2_at,
        "Center for Børn og Forebyggelse",
        "method-10-analysis2",
    )
    _add_family_participant(page, PARENT, "Mor")
    _send_invitations(page, 1)
    sent = _invitations(PARENT_EMAIL)
    assert len(sent) == parent_mail_before + 1
    _assert_invitation(sent[-1], analysis2, "Analysemøde 2")
    assert "Analysemøde 2" in sent[-1].body and "Sådan foregår mødet" in sent[-1].body
    week = _open_week(page)
    assert len(week["meetings"]) == 3
    assert week["meetings"][-1].startswith(
        f"{_da(analysis2_at, 'l')} {text_datetime(analysis2_at)}"
    )
    page.goto(f"/familier/{family.pk}/moeder/{analysis2.pk}/")
    _mark_held(page, "Rikke var med. Vi blev enige om to mål til planen.")
    shot(page, "method-11-analysis2-held")
    week = _open_week(page)
    assert "mangler fælles plan aftalt med familien" in week["startup"]
    shot(page, "method-12-week-after-analysis")
    assert set(Meeting.objects.filter(case=case).values_list("status", flat=True)) == {"held"}

    # --- The joint plan: two goals in the family's words, agreed with the parent --------
    _goto_family(page, family)
    page.get_by_role("link", name="Gå til den fælles plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fælles plan")
    target = today + timedelta(days=180)
    _add_goal(
        page,
        wording="Asta kommer i børnehave fire dage om ugen",
        family_words="Vi vil have, at hun har det godt i børnehaven, så vi kan passe vores arbejde",
        criteria="Asta er i børnehave fire dage om ugen tre måneder i træk",
        target=target,
    )
    _add_goal(
        page,
        wording="Familien får aflastning en weekend om måneden",
        family_words="Vi har brug for at sove og for tid til storebror",
        criteria="Aflastningen er bevilget og brugt to måneder i træk",
        target=target,
    )
    goals = page.locator("section.indgang-goal")
    expect(goals).to_have_count(2)
    expect(goals.nth(0).get_by_role("heading", level=3)).to_contain_text(
        "1. Asta kommer i børnehave"
    )
    expect(goals.nth(1)).to_contain_text("“Vi har brug for at sove og for tid til storebror”")
    expect(goals.nth(0)).to_contain_text("Mette Holm, Forældrene")
    page.get_by_role("link", name="Godkend planen med familien").click()
    _select_option_containing(page.get_by_label("Godkendt af"), PARENT)
    page.get_by_label("Familien har set planen og er enig i den").check()
    page.get_by_label("Bemærkning").fill("Gennemgået med Rikke på analysemøde 2.")
    shot(page, "method-13-plan-agree")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(_status(page)).to_have_text("Planen er godkendt med familien som version 1.")
    expect(page.locator("main")).to_contain_text(
        f"Version 1 blev godkendt {text_date(today)} af {PARENT}."
    )
    version = PlanVersion.objects.get(plan__case=case)
    assert version.agreed_by.full_name == PARENT and version.agreed_on == today
    shot(page, "method-14-plan-agreed")
    week = _open_week(page)
    assert week["startup"] is None, week  # the start-up is complete
    assert not week["stalled"]
    assert week["followup_due"] is not None  # still due: agreeing is not following up
    shot(page, "method-15-week-plan-agreed")

    # --- Plan follow-up ------------------------------------------------------------------
    _goto_family(page, family)
    page.get_by_role("link", name="Gå til den fælles plan").click()
    page.get_by_role("link", name="Registrér opfølgning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opfølgning på planen")
    first, second = page.locator("fieldset.indgang-fieldset").all()
    first.get_by_role("radio", name="Delvist nået").check()
    first.get_by_label("Mål 1: På en skala fra 1 til 10").select_option("6")
    first.get_by_label("Mål 1: Bemærkning").fill("Tre dage om ugen nu")
    second.get_by_role("radio", name="Ikke nået endnu").check()
    page.get_by_label("Samlet bemærkning").fill("Aflastningen er søgt.")
    shot(page, "method-16-followup-form")
    page.get_by_role("button", name="Gem opfølgningen").click()
    expect(_status(page)).to_have_text("Opfølgningen er gemt.")
    expect(goals.nth(0)).to_contain_text("Delvist nået")
    expect(goals.nth(0)).to_contain_text("(6/10)")
    expect(goals.nth(1)).to_contain_text("Ikke nået endnu")
    assert PlanFollowUp.objects.get(plan__case=case).done_on == today
    shot(page, "method-17-followup-done")

    next_followup = cadence.next_followup_due(today, cadence.DEFAULT)
    assert next_followup > today + timedelta(days=80)
    week = _open_week(page)
    assert week["followup_due"] is None and week["followup_overdue"] is None
    assert week["contact_overdue"] is not None  # the phone call is still to come
    _goto_family(page, family)
    expect(panel).to_contain_text(
        _dl("Næste opfølgning på planen senest", text_date(next_followup))
    )

    # --- A phone call -------------------------------------------------------------------
    panel.get_by_role("link", name="Registrér kontakt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrér kontakt med familien")
    page.get_by_label("Kontaktform").select_option(label="Telefon")
    page.get_by_label("Med hvem").fill("Rikke (mor)")
    page.get_by_label("Hvem tog initiativet").select_option(label="Koordinatoren")
    page.get_by_label("Kort resumé").fill("Aftalt næste hjemmebesøg.")
    page.get_by_role("button", name="Gem").click()
    expect(_status(page)).to_have_text("Kontakten er registreret.")
    next_contact = cadence.next_contact_due(today, enrolled_on, 1)
    expect(panel).to_contain_text(_dl("Seneste kontakt", text_date(today)))
    expect(panel).to_contain_text(_dl("Næste kontakt senest", text_date(next_contact)))
    expect(panel).to_contain_text(_dl("Opstart", "Gennemført"))
    expect(panel.locator(".indgang-overdue")).to_have_count(0)
    shot(page, "method-18-contact")

    week = _open_week(page)
    assert week["contact_overdue"] is None, week
    assert week["contact_due"] is None  # the next contact is more than two weeks away
    assert week["startup"] is None
    assert len(week["meetings"]) == 3
    shot(page, "method-19-week-done")

    assert not site.page_errors, site.page_errors
