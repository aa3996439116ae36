"""The evaluation pages in the access matrix (see tests/matrix.py).

Leader pages are for erin and frank; the status scoring is for key staff (ivan too, in his own
centre's municipalities); the answer page is open to anyone holding the link. The POST pages
are sent without data: an allowed persona gets the form back with its errors (400).
"""

from types import SimpleNamespace

from tests.matrix import LEADERS, PERSONAS, Entry
from tests.surveys.helpers import municipal_survey, send_round

ENTRIES = {
    "survey_list": Entry(allowed=LEADERS),
    "survey_detail": Entry(allowed=LEADERS, kwargs="survey"),
    "question_add": Entry(allowed=LEADERS, kwargs="survey", method="post", ok=400),
    "round_create": Entry(allowed=LEADERS, kwargs="survey", method="post", ok=400),
    "survey_analysis": Entry(allowed=LEADERS, kwargs="survey"),
    "round_remind": Entry(allowed=LEADERS, kwargs="round", method="post", ok=302),
    "status_measure": Entry(allowed={"alice", "bob", "erin", "frank", "ivan"}),
    "status_trend": Entry(allowed=LEADERS),
    "survey_answer": Entry(allowed=set(PERSONAS), kwargs="token", anonymous=200),
}


def objects(world) -> dict:
    survey = municipal_survey(world)
    round_ = send_round(world, survey)
    return {
        "survey": survey,
        "round": round_,
        "token": SimpleNamespace(pk=round_.invitations.get().token),
    }
