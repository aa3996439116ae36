"""The interventions pages in the access matrix (see tests/matrix.py)."""

from datetime import date

from indgang.interventions import services
from indgang.interventions.models import DecisionLetterTemplate
from tests.interventions.helpers import configure, grant, kind
from tests.matrix import ANON, LEADERS, MANAGERS, PERSONAS, VIEWERS, Entry, family_page


class Denied:
    """An expected status that is one of several (the matrix compares with ``!=``)."""

    def __init__(self, *codes: int):
        self.codes = codes

    def __eq__(self, other):
        return other in self.codes

    def __ne__(self, other):
        return other not in self.codes

    __hash__ = None

    def __str__(self):
        return " or ".join(map(str, self.codes))


ENTRIES = {
    "family_interventions": family_page(VIEWERS),
    "application_create": family_page(MANAGERS),
    "decision_create": family_page(MANAGERS, kwargs="application"),
    # A partner sees only their own department's decisions (families/access.py): carol has
    # no department, so the letter looks missing to her.
    "decision_letter": family_page(VIEWERS - {"carol"}, kwargs="decision", denied=404),
    # The Digital Post message: the caseworker's act (test_digital_post.py checks the POST).
    "decision_digital_post": family_page(MANAGERS, kwargs="decision"),
    "cost_split": family_page(MANAGERS, kwargs="decision"),
    "complaint_create": family_page(MANAGERS),
    "complaint_reconsider": family_page(MANAGERS, kwargs="complaint"),
    "complaint_appeal": family_page(MANAGERS, kwargs="complaint"),
    "review_start": family_page(MANAGERS, kwargs="review"),
    "core_team_propose": family_page(MANAGERS, kwargs="application"),
    "core_team_proposal": family_page(VIEWERS, kwargs="proposal"),
    "core_team_position": family_page(MANAGERS, kwargs="proposal"),
    "core_team_resolve": family_page(MANAGERS, kwargs="proposal"),
    "report_processing": Entry(allowed=LEADERS),
    "report_expenditure": Entry(allowed=LEADERS),
    "report_who_pays": Entry(allowed=LEADERS),
    "report_complaints": Entry(allowed=LEADERS),
    "letter_templates": Entry(allowed=LEADERS),
    # Only the leader of the centre serving the template's municipality edits it. The others
    # of centre A get 403; those with no tenancy there (carol, dave, ivan) 404, as if missing.
    # tests/interventions/test_letters.py checks each persona's exact answer.
    "letter_template_edit": Entry(
        allowed={"erin"}, kwargs="letter_template", denied=Denied(403, 404)
    ),
    # A municipality's settings: leaders read, the leader changes (test_settings_pages.py
    # checks another centre's leader gets 404 and the exact answers).
    "municipality_settings": Entry(allowed=LEADERS),
    "intervention_settings": Entry(allowed=LEADERS, kwargs="municipality"),
    "intervention_setting_edit": Entry(allowed={"erin"}, kwargs="municipality,intervention_type"),
    "municipality_policy": Entry(allowed=LEADERS, kwargs="municipality"),
    "legal_bases": Entry(allowed=set(PERSONAS) - {ANON}),
}


def objects(world) -> dict:
    configure(world)
    decision = grant(world, period_to=date(2026, 12, 20))
    application = services.application_create(
        by=world.alice,
        case=world.case,
        intervention_type=kind("respite"),
        received_on=date(2026, 11, 2),
        started_by="family",
    )
    complaint = services.complaint_create(
        by=world.alice,
        case=world.case,
        kind="decision",
        decision_id=decision.pk,
        received_on=date(2026, 11, 10),
    )
    (review,) = services.grant_reviews_propose(on=date(2026, 11, 23))
    proposal = services.core_team_propose(
        by=world.alice,
        application=application,
        outcome="granted",
        justification="Familien har brug for aflastning en weekend om måneden.",
        legal_basis=kind("respite").legal_bases.first(),
        period_from=date(2026, 12, 1),
        units_per_month=2,
    )
    return {
        "application": application,
        "decision": decision,
        "complaint": complaint,
        "review": review,
        "proposal": proposal,
        "letter_template": DecisionLetterTemplate.objects.filter(
            municipality=world.family.municipality
        ).first(),
        "municipality": world.family.municipality,
        "intervention_type": kind("respite"),
    }
