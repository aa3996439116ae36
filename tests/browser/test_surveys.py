"""The answer page on a phone in a real Chromium, and the leader's result pages, with axe."""

import pytest
from playwright.sync_api import expect

from indgang.surveys.models import Invitation, Question, Survey
from tests.browser.conftest import PHONE, assert_styled, run_axe, shot
from tests.browser.test_phone_and_no_js import _no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_a_parent_answers_on_a_phone_once(site):
    invitation = Invitation.objects.filter(answered_at=None, person__isnull=False).first()
    assert invitation is not None, "the demo sends rounds with open links"
    page = site.new_page(viewport=PHONE, bypass_csp=True)
    page.goto(f"/svar/{invitation.token}/")
    assert_styled(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forældremåling")
    _no_horizontal_scroll(page, "svar")
    assert run_axe(page) == []
    shot(page, "survey-answer")
    questions = Question.objects.filter(theme__survey=invitation.round.survey_id)
    for question in questions:
        page.locator(f"label[for='id_q{question.pk}_4']").click()  # "5"; DKFDS hides the input
    page.get_by_role("button", name="Send mine svar").click()
    expect(page.get_by_text("Tak for dine svar")).to_be_visible()
    page.goto(f"/svar/{invitation.token}/")
    expect(page.get_by_text("kan kun bruges én gang")).to_be_visible()


def test_the_leaders_result_pages_pass_axe(site):
    page = site.new_page(bypass_csp=True)
    site.login(page, "leder")
    survey = Survey.objects.get(municipality=None, kind=Survey.Kind.PARENT)
    for path in (f"/evaluering/skema/{survey.pk}/analyse/", "/evaluering/status/udvikling/"):
        page.goto(path)
        assert_styled(page)
        expect(page.locator("figure img")).to_be_visible()
        assert run_axe(page) == [], path
    expect(page.get_by_role("rowheader", name="Fælles finansiering")).to_be_visible()
